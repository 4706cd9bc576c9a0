// The status lookup opened from the QR code of a receipt or notice (core/documents/qr.py): the
// receipt code comes in the address's fragment (#ABCD-EFGH-JKMN), which the browser never sends to
// the server. Copy it into the form and leave the lookup to the citizen, who sees the code before
// it is sent (each lookup counts against the address's limit); the form posts as a typed code does.
// A static file, not an inline script: the Content-Security-Policy forbids those.
(function () {
  "use strict";
  var form = document.getElementById("lookup-form");
  var field = document.getElementById("id_code");
  var hash = window.location.hash;
  if (!form || !field || !hash || hash.length < 2) { return; }
  var code = "";
  try { code = decodeURIComponent(hash.slice(1)); } catch (e) { code = ""; }
  code = code.replace(/\s+/g, "").toUpperCase();
  // The code leaves the address bar and this history entry: a bookmarked or shared address does
  // not carry it.
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  // A read-only (legacy) unit's form sends GET: there the code would land in the query string.
  if ((form.getAttribute("method") || "get").toLowerCase() !== "post") { return; }
  if (!/^[0-9A-Z][0-9A-Z-]{10,38}[0-9A-Z]$/.test(code)) { return; }
  if (!field.value) { field.value = code; }
  var button = form.querySelector("button[type=submit]");
  if (button) { button.focus(); }
})();
