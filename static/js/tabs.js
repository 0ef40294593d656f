// Progressive enhancement of [data-tabs]: without JavaScript the periods are sections with
// in-page links; with it they become WAI-ARIA tabs (arrow keys, Home, End; automatic
// activation). The selected tab follows the URL fragment so links to #period-30 keep working.
(function () {
  "use strict";

  function enhance(container) {
    var list = container.querySelector("[data-tabs-list]");
    var tabs = Array.prototype.slice.call(container.querySelectorAll("[data-tab]"));
    var panels = tabs.map(function (tab) {
      return document.getElementById(tab.getAttribute("href").slice(1));
    });
    if (!list || !tabs.length || panels.indexOf(null) !== -1) {
      return;
    }
    list.setAttribute("role", "tablist");
    tabs.forEach(function (tab, i) {
      tab.parentNode.setAttribute("role", "presentation");
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panels[i].id);
      panels[i].setAttribute("role", "tabpanel");
      panels[i].setAttribute("aria-labelledby", tab.id);
      panels[i].setAttribute("tabindex", "0");
    });
    container.classList.add("tabs--enhanced");

    function select(index, focus) {
      tabs.forEach(function (tab, i) {
        var selected = i === index;
        tab.setAttribute("aria-selected", selected ? "true" : "false");
        tab.setAttribute("tabindex", selected ? "0" : "-1");
        panels[i].hidden = !selected;
      });
      if (focus) {
        tabs[index].focus();
      }
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#" + panels[index].id);
      }
    }

    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function (event) {
        event.preventDefault();
        select(i, true);
      });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight" || event.key === "ArrowDown") {
          next = (i + 1) % tabs.length;
        } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
          next = (i - 1 + tabs.length) % tabs.length;
        } else if (event.key === "Home") {
          next = 0;
        } else if (event.key === "End") {
          next = tabs.length - 1;
        } else if (event.key === " ") {
          next = i;
        }
        if (next !== null) {
          event.preventDefault();
          select(next, true);
        }
      });
    });

    var initial = 0;
    panels.forEach(function (panel, i) {
      if (window.location.hash === "#" + panel.id) {
        initial = i;
      }
    });
    // Initial selection without moving focus or rewriting the URL.
    tabs.forEach(function (tab, i) {
      tab.setAttribute("aria-selected", i === initial ? "true" : "false");
      tab.setAttribute("tabindex", i === initial ? "0" : "-1");
      panels[i].hidden = i !== initial;
    });
  }

  document.querySelectorAll("[data-tabs]").forEach(enhance);
})();
