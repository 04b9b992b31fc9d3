/* A progress indicator for long work: a form marked data-progress shows the overlay
   and disables its buttons on submit (enrolling hundreds of cadres, reading a list). */
(function () {
  "use strict";
  var overlay = document.getElementById("work-progress");
  document.querySelectorAll("form[data-progress], a[data-progress]").forEach(function (element) {
    var show = function () {
      if (overlay) { overlay.classList.remove("d-none"); }
      if (element.tagName === "FORM") {
        element.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
      } else {
        window.setTimeout(function () { overlay.classList.add("d-none"); }, 4000);
      }
    };
    element.addEventListener(element.tagName === "FORM" ? "submit" : "click", show);
  });
  window.addEventListener("pageshow", function () { if (overlay) { overlay.classList.add("d-none"); } });
})();
