"""The author's and the coach's views speak of stories, never of pages, moderation, workflows
or tasks, in English and German (docs/glossary.md)."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.users.models import UserProfile

from stories.models import StoryIndexPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

AVOIDED = re.compile(
    r"\b(pages?|moderation|workflows?|tasks?|seiten?|aufgaben?|seitentitel)\b", re.IGNORECASE
)
SHOWN_ATTRIBUTES = {"placeholder", "aria-label", "title", "alt", "value"}


class VisibleText(HTMLParser):
    """The words a person reads (or hears): text, and the attributes a screen reader says."""

    def __init__(self):
        super().__init__()
        self.words, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value and tag != "input" or name == "placeholder":
                self.words.append(value or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.words.append(data)


def visible(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.words).split())


def region(html, start, end):
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def speak(user, language):
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language=language)


def avoided_words(text):
    return sorted({match.lower() for match in AVOIDED.findall(text)})


def author_views(client, driver, anna):
    """What an author reads from the dashboard to "with the coach"."""
    client.force_login(anna)
    index = StoryIndexPage.objects.get()
    seen = []
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    seen.append(region(home, 'id="write-story-section"', "</section>"))
    form = client.get(
        reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk])
    ).content.decode()
    seen.append(form.split('role="tabpanel"')[1])
    seen.append(region(form, "data-send-open", "</dialog>"))
    driver.login(anna)
    refused = driver.create(title=" ", text="")
    seen.extend(str(m) for m in get_messages(refused.wsgi_request))
    refused = driver.create(title="Night shift", text="")
    seen.extend(str(m) for m in get_messages(refused.wsgi_request))
    # The draft that refused send kept is the one sent now.
    story = StoryPageFactory._meta.model.objects.get(title="Night shift")
    sent = driver.submit(story, note="Too long?")
    seen.extend(str(m) for m in get_messages(sent.wsgi_request))
    client.force_login(anna)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    seen.append(region(home, 'id="my-stories-section"', "</table>"))
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    seen.append(region(editor, 'class="messages"', "</ul>"))
    return story, seen


def coach_views(client, clara, story):
    """What the coach reads: the review queue and the story's form."""
    client.force_login(clara)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    return [
        region(home, 'id="awaiting-review-section"', "</table>"),
        editor.split('role="tabpanel"')[1],
    ]


@pytest.mark.parametrize("language", ["en", "de"])
def test_author_and_coach_views_avoid_wagtails_words(client, driver, anna, clara, language):
    speak(anna, language)
    speak(clara, language)
    story, author_seen = author_views(client, driver, anna)
    coach_seen = coach_views(client, clara, story)
    for who, parts in (("author", author_seen), ("coach", coach_seen)):
        for part in parts:
            text = visible(part)
            assert text, f"{who}: an empty view part"
            assert avoided_words(text) == [], f"{who} ({language}) reads: {text[:300]}"


def test_the_check_finds_the_avoided_words():
    assert avoided_words(visible("<p>Page title</p><p>In Moderation</p>")) == [
        "moderation",
        "page",
    ]
    assert avoided_words(visible('<input placeholder="Seitentitel">')) == ["seitentitel"]
    assert avoided_words(visible("<p>Seitenleiste</p>")) == []
