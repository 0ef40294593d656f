// Phones (under 600 px): the header's menu folds behind a "Menu" button. The CSS folds it from
// the first paint when scripts are enabled; this script only opens and closes it.
(function () {
  "use strict";
  var header = document.querySelector("[data-site-header]");
  var button = header && header.querySelector("[data-menu-button]");
  if (!button) {
    return;
  }
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("site-header--open", open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      header.classList.remove("site-header--open");
      button.focus();
    }
  });
})();
