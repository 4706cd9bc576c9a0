// The province's entry to the online form: typing in the search box narrows the list of bodies.
// Without JavaScript the list works on its own. Loaded as a file (the CSP forbids inline script).
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function wire(input) {
    var select = document.getElementById(input.dataset.filterFor);
    if (!select) return;
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var first = null;
      Array.prototype.forEach.call(select.querySelectorAll("option"), function (option) {
        if (!option.value) return;
        var text = fold(option.textContent + " " + (option.parentNode.label || "") + " " + option.value);
        var shown = words.every(function (word) { return text.indexOf(word) !== -1; });
        option.hidden = !shown;
        option.disabled = !shown;
        if (shown && first === null) first = option;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      var current = select.selectedOptions.length ? select.selectedOptions[0] : null;
      if (first && (!current || !current.value || current.hidden)) select.value = first.value;
    });
  }

  function init() {
    document.querySelectorAll("[data-filter-for]").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
