// The story editor: a new story's title takes the cursor, and the send dialog
// (templates/stories/writing/send_menu_item.html).
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

    // The checks in the dialog are those of the story as last saved: once the author changes
    // it, they give way to a line saying the send checks it again (the server does).
    function markChecksStale(event) {
      if (dialog.contains(event.target)) return;
      dialog.querySelectorAll("[data-send-checks], [data-send-blocked]").forEach((el) => {
        el.hidden = true;
      });
      const stale = dialog.querySelector("[data-send-checks-stale]");
      if (stale) stale.hidden = false;
    }
    if (confirm.form) {
      confirm.form.addEventListener("input", markChecksStale);
      confirm.form.addEventListener("change", markChecksStale);
    }

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

  // Wagtail's paragraph editor (Draftail) has no accessible name of its own in a StreamField:
  // name each one by the heading of the block or panel around it, new blocks included.
  function labelParagraphs() {
    document.querySelectorAll('.Draftail-Editor [contenteditable="true"]').forEach((editor) => {
      if (editor.hasAttribute("aria-label") || editor.hasAttribute("aria-labelledby")) return;
      const section = editor.closest("section[aria-labelledby]");
      if (section) editor.setAttribute("aria-labelledby", section.getAttribute("aria-labelledby"));
    });
  }

  function watchParagraphs() {
    labelParagraphs();
    const form = document.querySelector("[data-edit-form]");
    if (form) new MutationObserver(labelParagraphs).observe(form, { childList: true, subtree: true });
  }

  // The heading / image / quote buttons under the story (templates/stories/writing/add_blocks.html)
  // open Wagtail's last "+" menu of the body and pick that block, as a person would.
  function nextFrame() {
    return new Promise((resolve) => requestAnimationFrame(resolve));
  }

  async function addBlock(label) {
    const adders = document.querySelectorAll('[data-contentpath="body"] .c-sf-add-button');
    if (!adders.length) return;
    adders[adders.length - 1].click();
    for (let frame = 0; frame < 120; frame += 1) {
      const option = Array.from(document.querySelectorAll('[role="option"]')).find(
        (candidate) => candidate.textContent.trim() === label,
      );
      if (option) {
        option.click();
        return;
      }
      await nextFrame();
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-add-block]");
    if (button) addBlock(button.dataset.addBlock);
  });

  // The form marks a new story's title `autofocus`; Wagtail's admin scripts move focus while
  // they start up, so the cursor is put back once the page has loaded.
  function focusNewTitle() {
    const title = document.querySelector("#id_title[autofocus]");
    if (title && !title.value && document.activeElement === document.body) title.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
  function afterLoad() {
    focusNewTitle();
    watchParagraphs();
  }

  if (document.readyState === "complete") {
    afterLoad();
  } else {
    window.addEventListener("load", afterLoad);
  }
})();
