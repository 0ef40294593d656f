"""Real-browser fixtures: one Chromium per test run (Debian's package), Playwright sync API.

In CI the browser must exist (the tests fail, not skip); STORYWERK_SKIP_E2E=1 skips them
(used for the second, PostgreSQL pass of CI: one database pass is enough for journeys).
"""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.e2e.chromium import CHROMIUM_ARGS, DESKTOP_USER_AGENT


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Keep serialized_rollback working for every e2e test, not only the first one.

    Once Playwright's sync API has run, Django's context-local `connections` can hand out a
    fresh connection object that lacks the `_test_serialized_contents` the test database
    setup stored on the first one; the next test then starts from a flushed database (no
    groups, no site) and the flush re-creates content types. Lifting the attribute onto the
    connection class makes every connection object carry it.
    """
    if "/e2e/" not in str(item.fspath):
        return
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = connection.__dict__.get("_test_serialized_contents")
        if contents is not None:
            type(connection)._test_serialized_contents = contents


def pytest_collection_modifyitems(config, items):
    if os.environ.get("STORYWERK_SKIP_E2E"):
        skip = pytest.mark.skip(reason="STORYWERK_SKIP_E2E is set")
        for item in items:
            if "/e2e/" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
    from django.db import connections

    # Playwright's sync API leaves an event loop behind in this thread, so asgiref hands
    # out fresh DatabaseWrappers from then on: carry over the snapshot Django serialized
    # for `serialized_rollback`, or every later e2e test starts from an empty database.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in snapshots.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Factory: a fresh page in its own context (own cookies), with a desktop user agent."""
    contexts = []

    def make(**context_options):
        context_options.setdefault("user_agent", DESKTOP_USER_AGENT)
        context_options.setdefault("base_url", live_server.url)
        context = browser.new_context(**context_options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def english_admin(author, coach, editor):
    """The admin follows each user's language; English labels keep the selectors readable."""
    from wagtail.users.models import UserProfile

    for user in (author, coach, editor):
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()


@pytest.fixture
def login(live_server):
    """Log a Playwright page in through the admin login form."""

    def do_login(page, username, password="a-long-test-password"):  # noqa: S107
        page.goto("/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        return page

    return do_login
