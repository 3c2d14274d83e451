/*
 * Reader tools (handbook/steps/tools.py): mood record, medicines list, "my questions", write-in tables.
 *
 * - Storage: one localStorage entry per site (key "<site path>hb-tools.v1", kept by
 *   storage.js), never sent anywhere; no cookies, no network requests.
 * - Fields are [data-hb-tool-field="<tool>.<field>"] inside a [data-hb-tool="<tool>"] block.
 *   The same keys are used on a chapter and on the print page, so typed answers print.
 * - "Clear my answers" ([data-hb-tool-clear]) empties the fields of its own tool only and
 *   removes them from storage.
 * - Without JavaScript the fields still work for one visit and print; only saving is lost.
 * No inline scripts or handlers, so a `script-src 'self'` Content-Security-Policy is fine.
 */
(function () {
  "use strict";

  if (!document.querySelector("[data-hb-tool]") || !window.hbStorage) return;

  var saved = window.hbStorage.open("hb-tools.v1");

  function load() {
    var data = saved.load();
    return data.fields && typeof data.fields === "object" ? data.fields : {};
  }

  function store(values) {
    return saved.save(Object.keys(values).length ? { version: 1, fields: values } : null);
  }

  function fields() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-hb-tool-field]"));
  }

  function mirror(field) {
    var name = field.getAttribute("data-hb-tool-field");
    document.querySelectorAll("[data-hb-tool-mirror]").forEach(function (out) {
      if (out.getAttribute("data-hb-tool-mirror") === name) out.textContent = field.value;
    });
  }

  function apply(values) {
    fields().forEach(function (field) {
      var value = values[field.getAttribute("data-hb-tool-field")];
      field.value = typeof value === "string" ? value : "";
      mirror(field);
    });
  }

  function save(field) {
    var values = load();
    var name = field.getAttribute("data-hb-tool-field");
    if (field.value) values[name] = field.value;
    else delete values[name];
    if (!store(values)) say(field, "Your answers could not be saved in this browser.");
  }

  function toolOf(node) {
    var block = node.closest("[data-hb-tool]");
    if (block) return block.getAttribute("data-hb-tool");
    var holder = node.closest("[data-hb-tool-for]");
    return holder ? holder.getAttribute("data-hb-tool-for") : null;
  }

  function say(node, message) {
    var tool = toolOf(node);
    document.querySelectorAll("[data-hb-tool-status]").forEach(function (status) {
      if (toolOf(status) === tool) status.textContent = message;
    });
  }

  function clear(button) {
    var tool = toolOf(button);
    var values = load();
    Object.keys(values).forEach(function (name) {
      if (name.split(".")[0] === tool) delete values[name];
    });
    store(values);
    apply(values);
    say(button, "Your answers have been cleared from this browser.");
  }

  apply(load());
  fields().forEach(function (field) {
    field.addEventListener("input", function () {
      // The same box may be on a page twice (the print page holds every chapter): keep copies in step.
      var name = field.getAttribute("data-hb-tool-field");
      fields().forEach(function (other) {
        if (other !== field && other.getAttribute("data-hb-tool-field") === name) other.value = field.value;
      });
      mirror(field);
      save(field);
    });
  });
  document.querySelectorAll("[data-hb-tool-clear]").forEach(function (button) {
    button.addEventListener("click", function () {
      clear(button);
    });
  });
  saved.onChange(function () {
    apply(load());
  });
  if (!saved.available) {
    document.querySelectorAll("[data-hb-tool-storage-note]").forEach(function (note) {
      note.textContent = "This browser does not allow saving, so what you type will be lost when you leave the page.";
    });
  }
  document.querySelectorAll(".hb-tool .hb-js-only, .hb-tool-buttons").forEach(function (node) {
    node.hidden = false;
  });
  document.documentElement.classList.add("hb-tools-ready");
})();
