// An onboarding job's progress in the platform admin, polled until it ends (no inline script: CSP).
(function poll() {
  var box = document.getElementById("progress");
  if (!box) { return; }
  fetch(box.dataset.url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (j) {
    document.getElementById("status").textContent = j.status_label;
    document.getElementById("done").textContent = j.done;
    document.getElementById("total").textContent = j.total;
    document.getElementById("percent").textContent = j.percent;
    document.getElementById("bar").style.width = j.percent + "%";
    document.getElementById("current").textContent = j.current;
    if (j.error) { var e = document.getElementById("error"); e.textContent = j.error; e.hidden = false; }
    if (j.status === "queued" || j.status === "running") { setTimeout(poll, 1000); }
  });
})();
