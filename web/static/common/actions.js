// Behaviours that used to be inline handlers (the script policy forbids them):
// a button with data-print prints the page; a submit button with data-confirm asks first.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button");
  if (!button) { return; }
  if (button.hasAttribute("data-print")) { window.print(); }
  if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) { event.preventDefault(); }
});
