/*
 * Decision tools (What matters to you, Am I ready?, knowledge check, My decision summary):
 * keep the reader's answers in this browser only, as the consent checklist does.
 *
 * - Storage: one localStorage entry per site ("<site path>hb-decision.v1", kept by
 *   storage.js), never sent anywhere; no cookies, no network requests. Every page with a tool reads and writes it,
 *   so the summary page shows what was entered on the other pages.
 * - Controls carry data-hb-d="<key>" (radio buttons share their key; text boxes have their own).
 *   [data-hb-d-mirror="<key>"] shows a saved value as text (on paper, and on the summary).
 * - "Clear my answers" ([data-hb-d-clear]) empties every tool and removes the entry.
 * - The "what each choice is like" view ([data-hb-fit]) shows only the statements
 *   ([data-hb-fit-value]) rated 3 or 4; without script and on paper it shows them all.
 *   It never adds up, scores or ranks the choices; they stay in the handbook's fixed order.
 * - Without JavaScript every form still works for one visit and prints; only saving is lost.
 * Loaded on every page through extra_javascript; does nothing where there is no tool.
 * No inline scripts or handlers, so a `script-src 'self'` Content-Security-Policy is fine.
 */
(function () {
  "use strict";

  if (!document.querySelector("[data-hb-dtool], [data-hb-fit], [data-hb-answers]") || !window.hbStorage) return;

  var saved = window.hbStorage.open("hb-decision.v1");
  var HIGH = 3; // "a lot" or "very much"

  function all(selector) {
    return Array.prototype.slice.call(document.querySelectorAll(selector));
  }
  var controls = all("[data-hb-d]");

  function load() {
    var data = saved.load();
    return data.answers && typeof data.answers === "object" ? data.answers : {};
  }

  var answers = load();

  function shown(key, value) {
    if (value === "yes") return "Yes";
    if (value === "no") return "No";
    return value;
  }

  function render() {
    controls.forEach(function (el) {
      var key = el.getAttribute("data-hb-d");
      var value = answers[key];
      if (el.type === "radio") {
        el.checked = value !== undefined && el.value === value;
      } else if (el.value !== (value || "")) {
        el.value = value || "";
      }
    });
    all("[data-hb-d-mirror]").forEach(function (out) {
      var key = out.getAttribute("data-hb-d-mirror");
      out.textContent = answers[key] ? shown(key, answers[key]) : "";
    });
    // Summary: the statements rated 3 or 4, in their groups (at most 3 each, so no list has
    // more than 7 items), highest rating first in each group. Empty groups stay hidden.
    var block = document.querySelector("[data-hb-priorities]");
    var any = false;
    if (block) {
      all("[data-hb-priority-group]").forEach(function (group) {
        var list = group.querySelector(".hb-priorities");
        var items = Array.prototype.slice.call(group.querySelectorAll("[data-hb-priority]"));
        items.sort(function (a, b) {
          var ra = Number(answers["values." + a.getAttribute("data-hb-priority")] || -1);
          var rb = Number(answers["values." + b.getAttribute("data-hb-priority")] || -1);
          return rb - ra;
        });
        var shown = false;
        items.forEach(function (li) {
          var rating = Number(answers["values." + li.getAttribute("data-hb-priority")]);
          li.hidden = !(rating >= HIGH);
          if (!li.hidden) shown = true;
          list.appendChild(li);
        });
        group.hidden = !shown;
        if (shown) any = true;
      });
      all("[data-hb-priorities-empty]").forEach(function (p) {
        p.hidden = any;
      });
      // The prompt and the blank lines are for a summary with no priorities in it.
      block.classList.toggle("hb-priorities--filled", any);
    }
    // What each choice is like, for the statements rated 3 or 4 (no score, no ranking).
    // Without this script, and on paper (decision.css), every statement shows.
    var rated = false;
    all("[data-hb-fit-value]").forEach(function (block) {
      var rating = Number(answers["values." + block.getAttribute("data-hb-fit-value")]);
      block.hidden = !(rating >= HIGH);
      if (!block.hidden) rated = true;
    });
    all("[data-hb-fit-none]").forEach(function (p) {
      p.hidden = rated;
    });
    // A group's heading shows only with a statement under it (rater AQ: three headings with
    // nothing below them before any rating).
    all("[data-hb-fit-group]").forEach(function (group) {
      group.hidden = !group.querySelector("[data-hb-fit-value]:not([hidden])");
    });
    document.documentElement.classList.toggle("hb-decision-has-answers", Object.keys(answers).length > 0);
  }

  function save() {
    var data = Object.keys(answers).length ? { version: 1, answers: answers } : null;
    if (!saved.save(data)) say("Your answers could not be saved in this browser.");
  }

  function say(message) {
    all("[data-hb-d-status]").forEach(function (status) {
      status.textContent = message;
    });
  }

  function update(el) {
    var key = el.getAttribute("data-hb-d");
    if (el.type === "radio") {
      if (el.checked) answers[key] = el.value;
    } else if (el.value) {
      answers[key] = el.value;
    } else {
      delete answers[key];
    }
    save();
    render();
  }

  controls.forEach(function (el) {
    el.addEventListener(el.type === "radio" ? "change" : "input", function () {
      update(el);
    });
  });
  all("[data-hb-d-clear]").forEach(function (button) {
    button.addEventListener("click", function () {
      answers = {};
      saved.save(null);
      render();
      say("Your answers have been cleared from this browser.");
    });
  });
  all("[data-hb-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // Knowledge check: the answers stay hidden on screen until the reader asks for them.
  var answerBlocks = all("[data-hb-answers]");
  all("[data-hb-answers-toggle]").forEach(function (button) {
    answerBlocks.forEach(function (block) {
      block.hidden = true;
      if (!block.id) block.id = "hb-answers";
    });
    button.setAttribute("aria-controls", answerBlocks.map(function (b) { return b.id; }).join(" "));
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? "Hide the answers" : "Show the answers";
      answerBlocks.forEach(function (block) {
        block.hidden = !open;
      });
    });
  });

  saved.onChange(function () {
    answers = load();
    render();
  });

  if (!saved.available) {
    all(".hb-dtool__note").forEach(function (note) {
      note.textContent = "This browser does not allow saving, so your answers will be lost when you leave the page.";
    });
  }
  all(".hb-dtool .hb-js-only").forEach(function (node) {
    node.hidden = false;
  });
  render();
  document.documentElement.classList.add("hb-decision-ready");
})();
