// Drag-and-drop onto the upload form of a petition's files ({% petition_attachments %}).
// Without JavaScript the file input works on its own; this only lets files be dropped on it
// and lists what was chosen. Loaded as a file, never inline, so a CSP without inline script holds.
(function () {
  "use strict";

  function showChosen(zone, input) {
    var list = zone.querySelector("[data-chosen]");
    if (!list) return;
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name;
      list.appendChild(item);
    });
  }

  function wire(zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input || zone.dataset.wired) return;
    zone.dataset.wired = "1";
    input.addEventListener("change", function () { showChosen(zone, input); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "dragend"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("dragging");
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      showChosen(zone, input);
    });
  }

  function init() {
    document.querySelectorAll("[data-dropzone]").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
