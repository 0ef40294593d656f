// The story editor's send dialog (templates/stories/writing/send_menu_item.html).
// A native modal <dialog>: the page behind it is inert, so focus stays inside; Escape and
// "Not yet" close it and focus returns to the button that opened it. Enter in the note sends
// (Shift+Enter starts a new line).
(function () {
  "use strict";

  function setUp() {
    const dialog = document.querySelector("[data-send-dialog]");
    const opener = document.querySelector("[data-send-open]");
    if (!dialog || !opener) return;
    const note = dialog.querySelector("textarea");
    const confirm = dialog.querySelector("[data-send-confirm]");

    opener.addEventListener("click", function () {
      dialog.showModal();
      note.focus();
    });
    dialog.querySelector("[data-send-cancel]").addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("close", function () {
      opener.focus();
    });
    note.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        confirm.form.requestSubmit(confirm);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
