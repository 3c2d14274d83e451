/* Load the search index only when the reader opens the search.
 *
 * Material for MkDocs (9.8) downloads search/search_index.json, the text of the whole
 * handbook (about 34 KiB gzipped), on every page load, even if nobody searches. On a
 * phone that is a third of the page's weight. This script, loaded just before the theme's
 * bundle (overrides/main.html, block scripts), holds back that one request until the
 * search is opened: focus in the search box, the search button, or a link from a search
 * result (?h=...). Nothing else changes; the index is still fetched from this site only.
 * Without JavaScript there is no search at all, so nothing is lost.
 */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var ready = false;
  var waiting = [];
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  function start() {
    if (ready) return;
    ready = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    try {
      this.hbDeferred = !ready && INDEX.test(new URL(String(url), location.href).pathname);
    } catch (e) {
      this.hbDeferred = false;
    }
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.hbDeferred && !ready) {
      var xhr = this;
      var args = arguments;
      waiting.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".md-search")) start();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search") start();
  });
  if (new URLSearchParams(location.search).has("h")) start();
})();
