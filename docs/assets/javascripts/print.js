/*
 * Nothing is lost on paper: when the reader prints, every collapsible block (<details>,
 * from `??? note`) is opened first, and the ones we opened are closed again afterwards.
 * (assets/stylesheets/print.css also shows their content in print where the browser
 * supports ::details-content; scripts/make_pdf.py opens them itself.)
 * Loaded on every page through extra_javascript; no inline code (CSP `script-src 'self'`).
 */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.open = false;
    });
    opened = [];
  });
})();
