// The story page's "Copy link" button: shown only when the Clipboard API is there (without
// JavaScript the share links still work). Copies the canonical URL and announces it.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    var status = button.closest(".share").querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-link")).then(function () {
        if (status) {
          status.textContent = button.getAttribute("data-copied-text");
        }
      });
    });
  });
})();
