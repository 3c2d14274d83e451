/*
 * The one place that keeps a reader's answers: localStorage in this browser only, never sent
 * anywhere (no cookies, no network requests). checklist.js, tools.js and decision.js each open
 * their own entry with `window.hbStorage.open("hb-<tool>.v1")`.
 *
 * - Scope: the entry's key starts with the site's own path, so two handbooks on one host
 *   (e.g. *.github.io) never share answers. This file lives at
 *   <site>/assets/javascripts/storage.js, so the site's path is two folders up.
 * - `available` is false in private mode or where storage is switched off: the forms still
 *   work for one visit, unsaved, and each tool says so.
 * - `load()` gives the stored object ({} if none or unreadable); `save(data)` stores it,
 *   `save(null)` removes the entry; it returns false if the browser refused to store it.
 * - `onChange(callback)` runs the callback when another tab (e.g. the print page) changes it.
 * Loaded through extra_javascript before the tools that use it. No inline scripts or
 * handlers, so a `script-src 'self'` Content-Security-Policy is fine.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var scope = script && script.src ? new URL("../../", script.src).pathname : "/";

  function localStore(key) {
    try {
      var probe = key + ".probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function open(name) {
    var key = scope + name;
    var store = localStore(key);
    return {
      key: key,
      available: store !== null,
      load: function () {
        if (!store) return {};
        try {
          var data = JSON.parse(store.getItem(key) || "{}");
          return data && typeof data === "object" ? data : {};
        } catch (e) {
          return {};
        }
      },
      save: function (data) {
        if (!store) return true;
        try {
          if (data) store.setItem(key, JSON.stringify(data));
          else store.removeItem(key);
          return true;
        } catch (e) {
          return false;
        }
      },
      onChange: function (callback) {
        window.addEventListener("storage", function (event) {
          if (event.key === key) callback();
        });
      },
    };
  }

  window.hbStorage = { open: open };
})();
