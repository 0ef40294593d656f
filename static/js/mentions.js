/* Mention suggestions in the page editor's comments (stories/mentions/views.py answers).
 *
 * Typing "@" and a few letters in a comment or reply suggests the people who may be
 * mentioned on this story; up/down choose, Enter or Tab insert "@Display Name", Escape
 * closes. Wagtail's comment boxes are React-controlled textareas: the text is set through
 * the native value setter and an "input" event, so React keeps what was inserted.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var match = window.location.pathname.match(/\/pages\/(\d+)\/edit\//);
  if (!script || !match) {
    return;
  }
  var url = script.dataset.urlTemplate.replace("/0/", "/" + match[1] + "/");
  var label = script.dataset.label;
  // Wagtail has no editor-only CSS hook any more: the stylesheet comes with the script.
  var stylesheet = document.createElement("link");
  stylesheet.rel = "stylesheet";
  stylesheet.href = script.dataset.css;
  document.head.appendChild(stylesheet);
  var TEXTAREAS = "textarea.comment__input, textarea.comment-reply__input, textarea.comment__reply-input";
  var TRIGGER = /(^|[^\w@.+-])@([^\s@]{0,40}(?: [^\s@]{0,40})?)$/;
  var setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;

  var list = document.createElement("ul");
  list.id = "mention-suggestions";
  list.className = "mention-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", label);
  list.hidden = true;
  document.body.appendChild(list);

  var state = { textarea: null, start: 0, people: [], active: 0, request: 0 };

  function close() {
    list.hidden = true;
    list.textContent = "";
    if (state.textarea) {
      state.textarea.removeAttribute("aria-activedescendant");
    }
    state.people = [];
  }

  function highlight(index) {
    state.active = index;
    Array.prototype.forEach.call(list.children, function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    state.textarea.setAttribute("aria-activedescendant", "mention-option-" + index);
  }

  function show(textarea, people) {
    list.textContent = "";
    if (!people.length) {
      close();
      return;
    }
    people.forEach(function (person, i) {
      var item = document.createElement("li");
      item.id = "mention-option-" + i;
      item.setAttribute("role", "option");
      item.textContent = person.name;
      item.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the textarea
        choose(i);
      });
      list.appendChild(item);
    });
    state.people = people;
    var box = textarea.getBoundingClientRect();
    list.style.left = window.scrollX + box.left + "px";
    list.style.top = window.scrollY + box.bottom + 2 + "px";
    list.style.minWidth = Math.min(box.width, 320) + "px";
    list.hidden = false;
    textarea.setAttribute("aria-controls", list.id);
    highlight(0);
  }

  function choose(index) {
    var textarea = state.textarea;
    var person = state.people[index];
    if (!textarea || !person) {
      return;
    }
    var value = textarea.value;
    var caret = textarea.selectionStart;
    var inserted = "@" + person.name + " ";
    setValue.call(textarea, value.slice(0, state.start) + inserted + value.slice(caret));
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    var position = state.start + inserted.length;
    textarea.setSelectionRange(position, position);
    close();
  }

  function suggest(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var found = before.match(TRIGGER);
    if (!found) {
      close();
      return;
    }
    state.textarea = textarea;
    state.start = before.length - found[2].length - 1;
    var request = ++state.request;
    fetch(url + "?q=" + encodeURIComponent(found[2]), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : { people: [] };
      })
      .then(function (data) {
        if (request === state.request && document.activeElement === textarea) {
          show(textarea, data.people || []);
        }
      })
      .catch(close);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches(TEXTAREAS)) {
      event.target.setAttribute("aria-autocomplete", "list");
      suggest(event.target);
    }
  });

  // Capture phase: before React's handlers, so Enter picks a person instead of a new line.
  document.addEventListener(
    "keydown",
    function (event) {
      if (list.hidden || event.target !== state.textarea) {
        return;
      }
      var count = state.people.length;
      var keys = {
        ArrowDown: function () { highlight((state.active + 1) % count); },
        ArrowUp: function () { highlight((state.active - 1 + count) % count); },
        Enter: function () { choose(state.active); },
        Tab: function () { choose(state.active); },
        Escape: close,
      };
      if (keys[event.key]) {
        event.preventDefault();
        event.stopPropagation();
        keys[event.key]();
      }
    },
    true
  );

  document.addEventListener("focusout", function (event) {
    if (event.target === state.textarea) {
      close();
    }
  });
})();
