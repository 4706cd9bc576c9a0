// The processing outcome form: show only the inputs of the outcome chosen (each input lists its
// outcomes in data-outcomes). Without this script every input shows; the server checks them all.
(function () {
  function update(form) {
    var chosen = form.querySelector('input[name="outcome"]:checked');
    var value = chosen ? chosen.value : "";
    form.querySelectorAll("[data-outcomes]").forEach(function (input) {
      var field = input.closest(".field") || input;
      var relevant = value !== "" && input.dataset.outcomes.split(" ").indexOf(value) !== -1;
      field.hidden = !relevant;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-outcome-form]").forEach(function (form) {
      form.addEventListener("change", function (event) {
        if (event.target.name === "outcome") { update(form); }
      });
      update(form);
    });
  });
})();
