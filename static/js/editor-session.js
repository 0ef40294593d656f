// The page editor's session guard (loaded by cms.editor_session through `insert_editor_js`).
//
// Wagtail 8 autosaves every change as a draft revision. When the admin session ends mid-edit
// (timeout, logout in another tab, a flushed session store), autosave only reports "A server
// error occurred", and pressing Save sends the author to the login page, dropping whatever
// was typed since the session ended. This script:
// - tells the author, once an autosave fails because the session is gone, to log in again in
//   another tab and come back;
// - keeps Save / Submit from leaving the page while the session is gone;
// - after that login, sends the fresh CSRF token (Django rotates it at login), so that the
//   next autosave or Save in this tab is accepted;
// - counts what is typed in the first moments after the editor opens as a change (below).
(function () {
  "use strict";

  watchEarlyEdits();

  // Wagtail puts editor scripts in <head>: read our element now, find the form once parsed.
  var script = document.currentScript;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      guard(script);
    });
  } else {
    guard(script);
  }

  function guard(script) {
    var form = document.querySelector("form[data-edit-form]");
    if (!script || !form) {
      return;
    }
    var sessionUrl = script.dataset.sessionUrl;
    var cookieName = script.dataset.csrfCookie;
    var endedMessage = script.dataset.sessionEndedMessage;
    var sessionEnded = false;

    function csrfCookie() {
      var prefix = cookieName + "=";
      var cookies = document.cookie ? document.cookie.split("; ") : [];
      for (var i = 0; i < cookies.length; i++) {
        if (cookies[i].indexOf(prefix) === 0) {
          return decodeURIComponent(cookies[i].slice(prefix.length));
        }
      }
      return null;
    }

    // Use the CSRF token of the current login for this form and Wagtail's own requests.
    function refreshCsrfToken(formData) {
      var token = csrfCookie();
      if (!token) {
        return;
      }
      if (window.wagtailConfig) {
        window.wagtailConfig.CSRF_TOKEN = token;
      }
      var input = form.querySelector("input[name=csrfmiddlewaretoken]");
      if (input) {
        input.value = token;
      }
      if (formData) {
        formData.set("csrfmiddlewaretoken", token);
      }
    }

    // Resolves to false when the admin answers with a redirect to the login page.
    function sessionIsActive() {
      return fetch(sessionUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        redirect: "manual",
        cache: "no-store",
      }).then(
        function (response) {
          return response.ok;
        },
        function () {
          return true; // offline: Wagtail's own network-error handling applies
        }
      );
    }

    function warn() {
      document.dispatchEvent(
        new CustomEvent("w-messages:add", {
          detail: { clear: true, text: endedMessage, type: "warning" },
        })
      );
    }

    // Re-enable the Save / Submit buttons Wagtail set to "loading" on click.
    function stopProgress() {
      var app = window.wagtail && window.wagtail.app;
      if (!app) {
        return;
      }
      document.querySelectorAll("[data-controller~='w-progress']").forEach(function (button) {
        var progress = app.getControllerForElementAndIdentifier(button, "w-progress");
        if (progress) {
          progress.deactivate();
        }
      });
    }

    document.addEventListener("w-autosave:error", function (event) {
      if (event.detail && event.detail.type !== "server_error") {
        return;
      }
      sessionIsActive().then(function (active) {
        if (!active) {
          sessionEnded = true;
          warn();
        }
      });
    });

    document.addEventListener("w-autosave:save", function (event) {
      refreshCsrfToken(event.detail && event.detail.formData);
    });

    form.addEventListener(
      "submit",
      function (event) {
        if (!sessionEnded) {
          refreshCsrfToken();
          return;
        }
        // Leaving now would land on the login page without what was typed: check first.
        event.preventDefault();
        event.stopImmediatePropagation();
        var submitter = event.submitter;
        sessionIsActive().then(function (active) {
          if (active) {
            sessionEnded = false;
            refreshCsrfToken();
            form.requestSubmit(submitter || undefined);
          } else {
            stopProgress();
            warn();
          }
        });
      },
      true
    );
  }

  // Wagtail's w-unsaved controller takes its "before" snapshot of the form 2 s after the
  // editor loads (widgets settle first) and compares later states with it, so whatever was
  // typed earlier looked unchanged: no autosave, no warning on leaving. Listening from
  // <head> on, a person's input before the snapshot sets Wagtail's own "force" flag (the
  // one it sets for a page with unsaved changes), which Wagtail clears after the next save.
  function watchEarlyEdits() {
    var typedEarly = false;
    var watching = false;

    function noteInput(event) {
      if (!watching && event.isTrusted && event.target.closest("form[data-edit-form]")) {
        typedEarly = true;
      }
    }

    ["input", "change", "paste", "drop", "cut"].forEach(function (type) {
      document.addEventListener(type, noteInput, true);
    });
    document.addEventListener("w-unsaved:watch-edits", function (event) {
      if (watching) {
        return; // later snapshots come after saves: Wagtail tracks changes from there
      }
      watching = true;
      if (typedEarly && event.target.matches("form[data-edit-form]")) {
        event.target.setAttribute("data-w-unsaved-force-value", "true");
      }
    });
  }
})();
