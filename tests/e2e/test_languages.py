"""Journey (d): the language switch shows the German or English UI and keeps the page."""

import re

import pytest
from playwright.sync_api import expect

from stories.models import Audience
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def language_nav(page, name):
    return page.get_by_role("navigation", name=name)


def test_english_browser_lands_in_english_and_switches_to_german_and_back(new_page, author):
    StoryPageFactory(owner=author, title="The night the line stopped", slug="night-shift")
    page = new_page(locale="en-GB")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Latest stories")).to_be_visible()

    language_nav(page, "Language").get_by_role("link", name="Deutsch").click()
    # Chosen inside the site, so the English browser does not send the reader back to /en/.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Neueste Geschichten")).to_be_visible()

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Geschichten"
    ).click()
    expect(page).to_have_url(re.compile(r"/stories/$"))
    expect(page.get_by_label("Abteilung")).to_be_visible()
    page.get_by_role("link", name="The night the line stopped").click()
    expect(page.get_by_text("1 Minute Lesezeit")).to_be_visible()

    language_nav(page, "Sprache").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/stories/night-shift/$"))
    expect(page.get_by_text("1 minute read")).to_be_visible()
    expect(page.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")

    page.get_by_role("link", name="Storywerk").click()
    expect(page).to_have_url(re.compile(r"/en/$"))


def test_german_browser_lands_on_the_unprefixed_german_home(new_page):
    page = new_page(locale="de-DE")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_attached()
    expect(page.get_by_role("heading", name="Neueste Geschichten")).to_be_visible()


def test_internal_story_in_english_asks_for_login_in_english(new_page, author, author2):
    StoryPageFactory(
        owner=author, title="An inside story", slug="inside", audience=Audience.INTERNAL
    )
    page = new_page(locale="de-DE")
    page.goto("/en/stories/inside/")
    expect(page).to_have_url(re.compile(r"/en/login/\?next="))
    page.get_by_label("Username").fill("author2")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/en/stories/inside/$"))
    expect(page.get_by_text("Internal story: for employees only")).to_be_visible()
