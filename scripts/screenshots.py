#!/usr/bin/env python
"""`make screenshots`: start the demo site on a throwaway SQLite file and photograph it.

Migrates and seeds a temporary database, serves it with `runserver` on port 8106 (override
with SCREENSHOTS_PORT), logs in as the demo users with Playwright and Debian's Chromium and
writes PNGs into docs/screenshots/. Pictures of features that are not there (a 404, or a
marker element missing) are skipped with a note instead of failing the run.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import wagtail

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
from tests.e2e.chromium import CHROMIUM_ARGS  # noqa: E402 - shared with the e2e tests

OUT_DIR = BASE_DIR / "docs" / "screenshots"
PORT = int(os.environ.get("SCREENSHOTS_PORT", "8106"))
PASSWORD = "storywerk-demo"  # noqa: S105 - the demo users' password, local throwaway database
DEFAULT_AVATAR = (
    Path(wagtail.__file__).parent / "admin/static/wagtailadmin/images/default-user-avatar.png"
)
VIEWPORT = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}  # a common phone's CSS pixels
STORY = "/en/stories/the-night-the-line-stopped/"
# Admin screens are photographed in English (the README's language); the public site in both.
SET_ADMIN_LANGUAGE = """
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile
for user in get_user_model().objects.filter(username__in=["author", "coach", "editor", "admin"]):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
"""


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)  # noqa: S603


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"the demo site did not answer at {url}")


class Photographer:
    """Takes one PNG per screen, in a fresh browser context per user."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.taken, self.skipped = [], []

    def page_for(self, username=None, locale="en-GB", viewport=VIEWPORT):
        context = self.browser.new_context(
            base_url=self.base_url, viewport=viewport, locale=locale, device_scale_factor=1
        )
        context.set_default_timeout(15_000)
        # The admin asks gravatar.com for avatars; offline, show Wagtail's own default instead.
        context.route(
            re.compile(r"gravatar\.com"), lambda route: route.fulfill(path=DEFAULT_AVATAR)
        )
        page = context.new_page()
        if username:
            page.goto("/admin/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/admin/")
        return page

    def shoot(self, name, path, *, username=None, locale="en-GB", marker=None, **options):
        """Save docs/screenshots/<name>.png, or skip when the page or its marker is missing.

        `full_page=True` takes the whole page; `element=<selector>` only that element;
        `viewport=` another window size (PHONE); `follow=<selector>` clicks that link first.
        """
        page = self.page_for(username, locale, options.get("viewport", VIEWPORT))
        try:
            response = page.goto(path)
            if response is None or response.status >= 400:
                status = response.status if response else "no response"
                self.skipped.append(f"{name}: {path} answered {status}")
                return False
            if options.get("follow"):
                link = page.locator(options["follow"]).first
                if link.count() == 0:
                    self.skipped.append(f"{name}: {options['follow']} not on {path}")
                    return False
                link.click()
                page.wait_for_load_state()
            if marker and page.locator(marker).count() == 0:
                self.skipped.append(f"{name}: {marker} not on {path}")
                return False
            page.wait_for_load_state("networkidle")
            out = OUT_DIR / f"{name}.png"
            if options.get("element"):
                page.locator(options["element"]).screenshot(path=out)
            else:
                page.screenshot(path=out, full_page=options.get("full_page", False))
            self.taken.append(name)
            return True
        finally:
            page.context.close()


def first_link(camera, path, selector, username):
    """The href of the first element matching `selector` on `path` (None if there is none)."""
    page = camera.page_for(username)
    try:
        page.goto(path)
        link = page.locator(selector).first
        return link.get_attribute("href") if link.count() else None
    finally:
        page.context.close()


def shoot_readership(camera):
    """My readership and a story's own page, on a laptop and a phone."""
    overview = "/admin/readership/?period=90"
    marker = ".rs-cards"
    camera.shoot("readership-overview", overview, username="author", marker=marker, full_page=True)
    camera.shoot(
        "readership-overview-phone", overview, username="author", marker=marker, viewport=PHONE
    )
    story = first_link(camera, overview, ".rs-table tbody a", "author")
    if story:
        camera.shoot("readership-story", story, username="author", marker=marker, full_page=True)
        camera.shoot(
            "readership-story-phone", story, username="author", marker=marker, viewport=PHONE
        )


def shoot_story_editor(camera):
    """The author's new story (story-editor.png), the checks at the end of its tab
    (checks-panel.png), then its send dialog (send-dialog.png)."""
    from playwright.sync_api import Error as PlaywrightError

    page = camera.page_for("author")
    try:
        page.get_by_role("link", name="Write a story").click()
        page.wait_for_load_state("networkidle")
        page.keyboard.type("The loop nobody saw")
        page.fill("#id_teaser", "A parcel, a scanner and a loop that cost us a day a week.")
        paragraph = page.locator(".Draftail-Editor [contenteditable=true]").first
        paragraph.click()
        paragraph.press_sequentially("It started with a parcel that came back three times.")
        page.screenshot(path=OUT_DIR / "story-editor.png")
        camera.taken.append("story-editor")
        checks = page.locator("[data-sending-checks]")
        if checks.count():
            checks.scroll_into_view_if_needed()
            checks.screenshot(path=OUT_DIR / "checks-panel.png")
            camera.taken.append("checks-panel")
            page.evaluate("window.scrollTo(0, 0)")
        page.locator("[data-send-open]").click()
        page.get_by_role("dialog").locator("textarea").fill("Is the ending too abrupt?")
        page.screenshot(path=OUT_DIR / "send-dialog.png")
        camera.taken.append("send-dialog")
    except PlaywrightError as error:
        camera.skipped.append(f"story-editor/send-dialog: {error.message.splitlines()[0]}")
    finally:
        page.context.close()


def take_pictures(base_url):
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium)")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            camera = Photographer(browser, base_url)
            camera.shoot("home-de", "/", locale="de-DE")
            camera.shoot("story-page", STORY, full_page=True)
            camera.shoot("story-phone", STORY, viewport=PHONE)
            camera.shoot(
                "story-end", STORY, marker=".story-end", element=".story-end", viewport=PHONE
            )
            camera.shoot("story-index", "/en/stories/")
            camera.shoot("storytellers", "/en/authors/")
            camera.shoot("author-dashboard", "/admin/", username="author")
            shoot_story_editor(camera)
            camera.shoot(
                "author-readership",
                "/admin/readership/",
                username="author",
                marker="svg, canvas, figure, table",
            )
            shoot_readership(camera)
            camera.shoot("coach-review-queue", "/admin/", username="coach")
            camera.shoot(
                "coach-review-view",
                "/admin/",
                username="coach",
                follow="tr[data-awaiting-review] td.title a",
                marker="[data-review-header]",
            )
            for path in ("/en/most-read/", "/en/stories/most-read/"):
                if camera.shoot("most-read", path):
                    break
            camera.shoot("editor-dashboard", "/admin/", username="editor")
        finally:
            browser.close()
    return camera


def main():
    with tempfile.TemporaryDirectory(prefix="storywerk-screenshots-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "SQLITE_PATH": str(Path(tmp) / "db.sqlite3"),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "DEMO_PASSWORD": PASSWORD,
            "LOG_LEVEL": "WARNING",
        }
        # A throwaway SQLite database and local-memory cache, whatever the shell exports.
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo")
        manage(env, "shell", "-c", SET_ADMIN_LANGUAGE)
        with (Path(tmp) / "server.log").open("w") as log:
            server = subprocess.Popen(  # noqa: S603 - fixed arguments
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                wait_until_up(f"http://127.0.0.1:{PORT}/healthz")
                camera = take_pictures(f"http://127.0.0.1:{PORT}")
            finally:
                server.terminate()
                server.wait(timeout=15)
    for name in camera.taken:
        print(f"saved docs/screenshots/{name}.png")
    for note in camera.skipped:
        print(f"skipped {note}")


if __name__ == "__main__":
    main()
