/* Lazy trees: a node's children are fetched by htmx on the first click (hx-trigger
   "click once"); later clicks only show or hide them. */
(function () {
  "use strict";
  function setExpanded(button, expanded) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) { return; }
    target.hidden = !expanded;
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    var icon = button.querySelector(".bi");
    if (icon) {
      icon.classList.toggle("bi-caret-down-fill", expanded);
      icon.classList.toggle("bi-caret-right-fill", !expanded);
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".tree-toggle");
    if (!button || !button.dataset.loaded) { return; }
    setExpanded(button, button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.id) { return; }
    var button = document.querySelector('.tree-toggle[aria-controls="' + target.id + '"]');
    if (button) {
      button.dataset.loaded = "1";
      setExpanded(button, true);
    }
  });
})();
