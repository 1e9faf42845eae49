/* 自助终端 (kiosk) mode: back to the home page after two idle minutes; links leaving the site are
   turned into plain text. Loaded only in kiosk mode; everything works without it. */
(function () {
  "use strict";
  var script = document.currentScript;
  var home = (script && script.getAttribute("data-home")) || "/";
  var IDLE_MS = 2 * 60 * 1000;
  var timer = null;
  function reset() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () {
      if (location.pathname !== home || location.search) { location.assign(home); } else { reset(); }
    }, IDLE_MS);
  }
  ["pointerdown", "keydown", "touchstart", "scroll", "wheel"].forEach(function (name) {
    window.addEventListener(name, reset, { passive: true });
  });
  function neutralise() {
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      if (a.host && a.host !== location.host) {
        var span = document.createElement("span");
        span.className = "external-off";
        span.textContent = a.textContent;
        a.parentNode.replaceChild(span, a);
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { neutralise(); reset(); });
  } else { neutralise(); reset(); }
})();
