/*
 * Storywerk readership beacon: one "view" when the story is shown, one "read" after the
 * reader has spent N seconds (data-readership-read-seconds) with the page visible.
 * No cookies, no storage, no identifiers: the server counts with a daily-salted hash.
 * Prerendered pages wait until they are actually shown.
 */
(function () {
  "use strict";

  var element = document.querySelector("[data-readership-story]");
  if (!element || !navigator.sendBeacon || !window.URLSearchParams) {
    return;
  }
  var endpoint = element.getAttribute("data-readership-endpoint");
  var story = element.getAttribute("data-readership-story");
  var readMs = (parseInt(element.getAttribute("data-readership-read-seconds"), 10) || 30) * 1000;
  var pageParams = new URLSearchParams(window.location.search);

  function send(kind) {
    var body = new URLSearchParams();
    body.set("story", story);
    body.set("kind", kind);
    body.set("ref", document.referrer || "");
    if (pageParams.has("src")) {
      body.set("src", pageParams.get("src"));
    }
    navigator.sendBeacon(endpoint, body);
  }

  var visibleMs = 0;
  var visibleSince = null;
  var timer = null;
  var readSent = false;

  function pause() {
    if (visibleSince !== null) {
      visibleMs += Date.now() - visibleSince;
      visibleSince = null;
    }
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
  }

  function check() {
    pause();
    if (visibleMs >= readMs) {
      readSent = true;
      send("read");
      document.removeEventListener("visibilitychange", onVisibility);
    } else {
      resume();
    }
  }

  function resume() {
    if (readSent || document.visibilityState !== "visible" || visibleSince !== null) {
      return;
    }
    visibleSince = Date.now();
    timer = window.setTimeout(check, Math.max(0, readMs - visibleMs));
  }

  function onVisibility() {
    if (document.visibilityState === "visible") {
      resume();
    } else {
      pause();
    }
  }

  function start() {
    send("view");
    document.addEventListener("visibilitychange", onVisibility);
    resume();
  }

  if (document.prerendering) {
    document.addEventListener("prerenderingchange", start, { once: true });
  } else {
    start();
  }
})();
