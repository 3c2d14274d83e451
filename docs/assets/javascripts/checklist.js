/*
 * Consent checklist: keep the reader's ticks, name, date and notes in this browser only.
 *
 * - Storage: one localStorage entry per site (key "<site path>hb-checklist.v1", kept by
 *   storage.js), never sent anywhere; no cookies, no network requests.
 * - Items are <input type="checkbox" data-hb-item="cl-..."> made by handbook/steps/checklist.py;
 *   fields are [data-hb-field]. The same keys are used on the checklist page and on the
 *   print page, so a ticked box prints ticked from either.
 * - "Clear my answers" ([data-hb-clear]) empties the form and removes the entry.
 * - Without JavaScript the form still works for one visit (and prints); only saving is lost.
 * Loaded on every page through extra_javascript; does nothing where there is no checklist.
 * No inline scripts or handlers, so a `script-src 'self'` Content-Security-Policy is fine.
 */
(function () {
  "use strict";

  if (!document.querySelector("[data-hb-checklist]") || !window.hbStorage) return;

  var saved = window.hbStorage.open("hb-checklist.v1");

  var items = Array.prototype.slice.call(document.querySelectorAll("input[data-hb-item]"));
  var fields = Array.prototype.slice.call(document.querySelectorAll("[data-hb-field]"));
  var status = document.querySelector("[data-hb-status]");

  function collect() {
    var data = { version: 1, items: {}, fields: {} };
    items.forEach(function (box) {
      if (box.checked) data.items[box.getAttribute("data-hb-item")] = true;
    });
    fields.forEach(function (field) {
      if (field.value) data.fields[field.getAttribute("data-hb-field")] = field.value;
    });
    return data;
  }

  function mirror(field) {
    // On paper a text area is replaced by what was typed plus ruled lines (checklist.css).
    var name = field.getAttribute("data-hb-field");
    document.querySelectorAll('[data-hb-mirror="' + name + '"]').forEach(function (out) {
      out.textContent = field.value;
    });
  }

  function apply(data) {
    var ticked = data.items || {};
    var values = data.fields || {};
    items.forEach(function (box) {
      box.checked = ticked[box.getAttribute("data-hb-item")] === true;
    });
    fields.forEach(function (field) {
      var value = values[field.getAttribute("data-hb-field")];
      field.value = typeof value === "string" ? value : "";
      mirror(field);
    });
  }

  function save() {
    var data = collect();
    var any = Object.keys(data.items).length || Object.keys(data.fields).length;
    if (!saved.save(any ? data : null)) say("Your answers could not be saved in this browser.");
  }

  function say(message) {
    if (status) status.textContent = message;
  }

  function clear() {
    saved.save(null);
    apply({});
    say("Your answers have been cleared from this browser.");
  }

  apply(saved.load());
  items.forEach(function (box) {
    box.addEventListener("change", save);
  });
  fields.forEach(function (field) {
    field.addEventListener("input", function () {
      mirror(field);
      save();
    });
  });
  document.querySelectorAll("[data-hb-clear]").forEach(function (button) {
    button.addEventListener("click", clear);
  });
  document.querySelectorAll("[data-hb-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
  // Answers changed in another tab (e.g. the print page) show up here too.
  saved.onChange(function () {
    apply(saved.load());
  });

  var note = document.querySelector("[data-hb-storage-note]");
  if (!saved.available && note) {
    note.textContent = "This browser does not allow saving, so your answers will be lost when you leave the page.";
  }
  document.querySelectorAll(".hb-js-only").forEach(function (node) {
    node.hidden = false;
  });
  document.documentElement.classList.add("hb-checklist-ready");
})();
