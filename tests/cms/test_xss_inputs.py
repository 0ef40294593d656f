"""Every input an author, coach, editor or reader controls, through every place it is shown.

Each payload is put into all fields at once; the public pages, the admin listings and edit
view, the login forms and the invitation email must contain no executable markup.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Comment

from authors.invitations import send_invitation
from authors.models import Invitation
from stories.models import StoryIndexPage
from tests.cms.xss import PAYLOADS, find_executable_markup
from tests.factories import AuthorFactory, ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def assert_clean(response, where):
    assert response.status_code < 500, where
    findings = find_executable_markup(response.content.decode())
    assert findings == [], f"{where}: {findings}"


def story_with_payload_everywhere(payload, owner):
    image = ImageFactory(title=payload, alt_text=payload)
    body = [
        ("heading", payload),
        ("pull_quote", {"quote": payload, "attribution": payload}),
        ("image", {"image": image, "alt_text": payload, "caption": payload}),
        ("embed", {"url": "https://www.youtube-nocookie.com/embed/abc", "title": payload}),
    ]
    story = StoryPageFactory(
        owner=owner,
        title=payload,
        teaser=payload,
        hero_image=image,
        hero_image_alt=payload,
        body=body,
        topics=[payload[:90]],
        seo_title=payload,
        search_description=payload,
    )
    Comment.objects.create(page=story, user=owner, text=payload, contentpath="title")
    return story


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_field_renders_without_executable_markup(client, editor, payload):
    author = AuthorFactory(
        profile__display_name=payload,
        profile__job_title=payload,
        profile__bio=payload,
        profile__department__name=payload[:100],
    )
    story = story_with_payload_everywhere(payload, author)
    profile = author.author_profile

    public_urls = [
        story.url,
        story.get_parent().url,
        story.get_parent().url + "?topic=" + payload,
        "/",
        profile.get_absolute_url(),
        StoryIndexPage.objects.get().get_parent().url + "authors/",
        "/does-not-exist/?q=" + payload,
        story.url + "?src=" + payload,
        "/search/?q=" + payload,
        "/search/?q=" + payload[:20],
        "/most-read/?period=" + payload,
    ]
    for url in public_urls:
        assert_clean(client.get(url), url)

    client.force_login(editor)
    admin_urls = [
        f"/admin/pages/{story.get_parent().pk}/",
        f"/admin/pages/{story.pk}/edit/",
        f"/admin/pages/{story.pk}/history/",
        "/admin/pages/search/?q=" + payload,
        "/admin/images/",
        "/admin/images/?q=" + payload,
        "/admin/snippets/authors/authorprofile/",
        "/admin/snippets/authors/authorprofile/?q=" + payload,
        "/admin/",
    ]
    for url in admin_urls:
        assert_clean(client.get(url), url)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("login_url", ["/login/", "/admin/login/"])
def test_payload_as_login_username_is_escaped(client, payload, login_url):
    response = client.post(login_url, {"username": payload, "password": "wrong-password-x"})
    assert_clean(response, login_url)


@pytest.mark.parametrize("payload", PAYLOADS[:8] + PAYLOADS[-8:])
def test_payload_in_an_invitation_is_escaped_in_the_admin_and_plain_in_the_email(
    client, editor, payload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        token = send_invitation(
            Invitation(email="new.person@example.com", display_name=payload), invited_by=editor
        )
    message = mail.outbox[-1]
    # The text part carries the name as typed; the HTML part escapes it (nothing to run).
    assert message.content_subtype == "plain"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert find_executable_markup(html) == []
    assert_clean(client.get(f"/invitation/{token}/"), "accept page")
    client.force_login(editor)
    assert_clean(client.get("/admin/invitations/"), "invitation listing")


def test_uploaded_file_names_are_made_safe(editor):
    image = ImageFactory(file=get_test_image_file(filename="../../<script>alert(1)</script>.png"))
    folder, name = image.file.name.split("/", 1)
    assert folder == "original_images"
    # One path component of letters, digits, dots, dashes and underscores: no traversal.
    assert re.fullmatch(r"[\w.-]+", name), name
    assert Path(image.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_feeds_deliver_payloads_as_text_that_feed_readers_cannot_run(client, payload):
    from xml.etree import ElementTree

    author = AuthorFactory(profile__display_name=payload)
    StoryPageFactory(owner=author, title=payload, teaser=payload)
    for url in [
        "/stories/feed/",
        "/stories/feed/atom/",
        f"/stories/feed/authors/{author.author_profile.slug}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        tree = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
        # Feed readers render descriptions/summaries as HTML: check them as a reader would.
        for element in tree.iter():
            if element.tag.split("}")[-1] in {"description", "summary", "content"}:
                assert find_executable_markup(element.text or "") == [], (url, element.text)
