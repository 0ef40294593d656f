// Phones (under 600 px): the header's menu folds behind a "Menu" button. Without JavaScript
// the button stays hidden and the menu open, so every link is always reachable.
(function () {
  "use strict";
  var header = document.querySelector("[data-site-header]");
  var button = header && header.querySelector("[data-menu-button]");
  if (!button) {
    return;
  }
  header.classList.add("site-header--enhanced");
  button.hidden = false;
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
