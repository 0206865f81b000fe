// Leadsmith dashboard helpers. Everything works without this file; it only makes
// things nicer: copy buttons, live-updating fragments, confirmations.
(function () {
  "use strict";

  // <button data-copy="#some-input">: copy that input's value (or element's text).
  function setupCopy(root) {
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      if (button.dataset.copyReady) { return; }
      button.dataset.copyReady = "1";
      button.addEventListener("click", function () {
        var target = document.querySelector(button.getAttribute("data-copy"));
        if (!target) { return; }
        var text = "value" in target ? target.value : target.textContent;
        var done = function () {
          var label = button.textContent;
          button.textContent = "Copied";
          window.setTimeout(function () { button.textContent = label; }, 1500);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () {
            if ("select" in target) { target.select(); }
          });
        } else if ("select" in target) {
          target.select();
          try { document.execCommand("copy"); done(); } catch (e) { /* selected for manual copy */ }
        }
      });
    });
  }

  // <form data-confirm="Revoke this key?">: ask before submitting.
  function setupConfirm(root) {
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      if (form.dataset.confirmReady) { return; }
      form.dataset.confirmReady = "1";
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  }

  // <div data-poll="/url/of/fragment">: replace its content with the fragment (an HTML
  // snippet) every 1.5 s (data-poll-now: first fetch at once); polling stops once the
  // fragment contains an element with data-done. Requests carry X-Leadsmith-Fragment: 1,
  // so a fragment template can `{% extends layout %}` (render.layout_for) and still be a
  // whole page when opened directly. Without JS, pages use
  // <noscript><meta http-equiv="refresh" content="2"></noscript> in {% block head %}.
  function setupPoll(root) {
    root.querySelectorAll("[data-poll]").forEach(function (el) {
      if (el.dataset.pollReady || el.hasAttribute("data-done")) { return; }
      el.dataset.pollReady = "1";
      var url = el.getAttribute("data-poll");
      var interval = parseInt(el.getAttribute("data-poll-interval") || "1500", 10);
      var tick = function () {
        fetch(url, {
          credentials: "same-origin",
          headers: { "Accept": "text/html", "X-Leadsmith-Fragment": "1" }
        })
          .then(function (response) {
            if (!response.ok) { throw new Error("status " + response.status); }
            return response.text();
          })
          .then(function (html) {
            var doc = new DOMParser().parseFromString(html, "text/html");
            var nodes = Array.prototype.map.call(doc.body.childNodes, function (node) {
              return document.importNode(node, true);
            });
            el.replaceChildren.apply(el, nodes);
            init(el);
            if (el.querySelector("[data-done]")) {
              el.setAttribute("data-done", "");
              el.dispatchEvent(new CustomEvent("leadsmith:done", { bubbles: true }));
            } else {
              window.setTimeout(tick, interval);
            }
          })
          .catch(function () { window.setTimeout(tick, interval * 2); });
      };
      window.setTimeout(tick, el.hasAttribute("data-poll-now") ? 0 : interval);
    });
  }

  function init(root) {
    setupCopy(root);
    setupConfirm(root);
    setupPoll(root);
  }

  window.Leadsmith = { init: init };
  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
})();
