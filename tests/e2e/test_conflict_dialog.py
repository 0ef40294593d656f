"""The "someone else saved" dialog in a real browser: its confirm button says whose version
it overwrites, whatever button or shortcut opened it (the server side is
tests/cms/test_conflict_dialog.py)."""

import pytest
from playwright.sync_api import expect

from stories.models import StoryPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Set once the editor's session module pinged and learnt of a newer version.
MARK_CONFLICT = """
document.addEventListener("w-swap:json", (event) => {
  const sessions = (event.detail && event.detail.data && event.detail.data.other_sessions) || [];
  if (sessions.some((session) => session.revision_id)) {
    document.documentElement.dataset.conflict = "true";
  }
});
"""


def test_ctrl_s_after_a_colleague_saved_offers_to_overwrite_their_version(
    new_page, login, english_admin, settings, author, coach
):
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 500
    coach.first_name, coach.last_name = "Ben", "Becker"
    coach.save()
    story = StoryPageFactory(owner=author, live=False, title="Plain draft")
    page = new_page()
    login(page, "author")
    page.context.add_init_script(MARK_CONFLICT)
    page.goto(f"/admin/pages/{story.pk}/edit/")

    # The author's coach saves a version while the author has the editor open.
    StoryPage.objects.get(pk=story.pk).save_revision(user=coach)
    expect(page.locator("html")).to_have_attribute("data-conflict", "true")

    page.locator("#id_title").press("ControlOrMeta+s")
    dialog = page.locator("#w-save-confirmation-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#w-save-confirmation-confirm")).to_have_text(
        "Overwrite Ben Becker’s version"
    )
    expect(dialog).not_to_contain_text("Save schedule")
