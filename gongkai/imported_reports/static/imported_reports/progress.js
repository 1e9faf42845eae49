// Import progress without reloading the page: every <progress data-status="…/status.json">
// asks its batch's status every 3 s and stops when the batch is finished. Without script the
// batch page still refreshes itself (meta refresh).
(function () {
  "use strict";
  function poll(bar) {
    fetch(bar.dataset.status, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) return;
        bar.max = s.total;
        bar.value = s.done;
        var label = document.getElementById(bar.id + "-text");
        if (label) label.textContent = s.done + "/" + s.total;
        if (s.finished) {
          if (bar.dataset.reload !== undefined) window.location.reload();
        } else {
          window.setTimeout(function () { poll(bar); }, 3000);
        }
      })
      .catch(function () {});
  }
  document.querySelectorAll("progress[data-status]").forEach(function (bar) {
    if (bar.value < bar.max) window.setTimeout(function () { poll(bar); }, 3000);
  });
})();
