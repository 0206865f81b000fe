// Lead search results: a "select all" box for the rows of the results table.
// Works on content swapped in by polling too (listeners sit on the document).
(function () {
  "use strict";

  function boxes(name) {
    return Array.prototype.slice.call(
      document.querySelectorAll('input[type="checkbox"][name="' + name + '"]')
    );
  }

  function reveal() {
    document.querySelectorAll("[data-select-all][hidden]").forEach(function (box) {
      box.hidden = false;
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement)) { return; }
    var group = target.getAttribute("data-select-all");
    if (group) {
      boxes(group).forEach(function (box) { box.checked = target.checked; });
      return;
    }
    var all = document.querySelector('[data-select-all="' + target.name + '"]');
    if (all) {
      var items = boxes(target.name);
      all.checked = items.length > 0 && items.every(function (box) { return box.checked; });
    }
  });

  document.addEventListener("leadsmith:done", reveal);
  document.addEventListener("DOMContentLoaded", reveal);
})();
