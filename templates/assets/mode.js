/* 长者模式 (large text, high contrast) and the print date.
   The header's button turns the mode on and off and remembers it in
   localStorage ("bulletin-mode" = "elder"); an inline script in base.html
   applies it before each page paints, so the mode never flashes. The
   button stays hidden without JavaScript: no control that does nothing.
   A printed notice gets today's date (a blank line without JavaScript). */
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.getElementById("mode-toggle");
  function elder() { return root.getAttribute("data-mode") === "elder"; }
  function set(on) {
    if (on) root.setAttribute("data-mode", "elder");
    else root.removeAttribute("data-mode");
    if (button) button.setAttribute("aria-pressed", String(on));
  }
  // The stored choice, after it changed in another tab or while this page
  // waited in the back-forward cache.
  function sync() {
    try { set(localStorage.getItem("bulletin-mode") === "elder"); } catch (e) { /* storage off */ }
  }
  if (button) {
    set(elder());
    button.hidden = false;
    button.addEventListener("click", function () {
      var on = !elder();
      set(on);
      try {
        if (on) localStorage.setItem("bulletin-mode", "elder");
        else localStorage.removeItem("bulletin-mode");
      } catch (e) { /* storage off: the mode lasts for this page */ }
    });
  }
  window.addEventListener("storage", function (e) { if (e.key === "bulletin-mode" || e.key === null) sync(); });
  window.addEventListener("pageshow", function (e) { if (e.persisted) sync(); });
  function stamp() {
    var dates = document.querySelectorAll(".print-date");
    if (!dates.length) return;
    var text;
    try {
      text = new Date().toLocaleDateString(root.lang || undefined, { year: "numeric", month: "long", day: "numeric" });
    } catch (e) {
      text = new Date().toISOString().slice(0, 10);
    }
    for (var i = 0; i < dates.length; i++) dates[i].textContent = text;
  }
  stamp();
  window.addEventListener("beforeprint", stamp);
})();
