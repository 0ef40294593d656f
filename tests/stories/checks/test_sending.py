"""A required check refuses the send (the draft is kept); a suggestion never does."""

import pytest
from django.urls import reverse

from stories.checks.models import GlossarySettings
from stories.models import CoachReviewTaskState, StoryPage

pytestmark = pytest.mark.django_db


def _story(page):
    return StoryPage.objects.get(pk=page.pk)


def test_an_empty_teaser_refuses_the_send_but_keeps_the_draft(driver, author, draft):
    driver.login(author)
    response = driver.submit(draft, teaser="", text="My new ending")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    story = _story(draft)
    assert story.current_workflow_state is None
    assert not CoachReviewTaskState.objects.exists()
    assert "My new ending" in str(story.get_latest_revision_as_object().body)


def test_the_refusal_names_the_field_as_a_form_error_and_in_a_message(driver, author, draft):
    driver.login(author)
    response = driver.submit(draft, teaser="", follow=True)
    html = response.content.decode()
    # The admin speaks the site's default language here, German.
    assert "wurde aber nicht an Ihren Coach gesendet" in html
    form = response.context["form"]
    assert "Schreiben Sie einen Teaser" in str(form.errors["teaser"])
    # Read once: the next visit shows the form without the errors.
    again = driver.client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert not again.context["form"].errors


def test_a_link_without_text_shows_on_its_block(driver, author, draft):
    driver.login(author)
    # Draftail keeps a link only over some characters: a space is the emptiest it stores.
    response = driver.submit(draft, text='See <a href="https://example.com"> </a>', follow=True)
    assert _story(draft).current_workflow_state is None
    body_errors = response.context["form"].errors["body"].as_data()[0]
    assert list(body_errors.block_errors) == [0]


def test_a_story_that_passes_goes_to_the_coach(driver, author, coach, draft):
    driver.login(author)
    driver.submit(draft, text="All good.")
    assert CoachReviewTaskState.objects.get().assigned_coach == coach


def test_a_suggestion_does_not_refuse_the_send(driver, author, coach, draft):
    glossary = GlossarySettings.load()
    glossary.terms.create(avoid="KPI", prefer="key figure")
    glossary.save()
    long_sentence = " ".join(["word"] * 40) + "."
    driver.login(author)
    driver.submit(draft, text=f"Our KPI. {long_sentence}")
    assert _story(draft).current_workflow_state is not None
    assert CoachReviewTaskState.objects.get().assigned_coach == coach


def test_create_and_submit_with_an_empty_teaser_creates_the_draft_only(driver, author):
    driver.login(author)
    response = driver.create(teaser="", title="Fresh story")
    story = StoryPage.objects.get(title="Fresh story")
    assert response.status_code == 302
    assert story.current_workflow_state is None
    assert not story.live


def test_a_resubmission_after_requested_changes_is_checked_too(driver, author, coach, draft):
    driver.login(author)
    driver.submit(draft)
    driver.login(coach)
    driver.act(draft, "reject", comment="More detail")
    driver.login(author)
    driver.submit(draft, teaser="")
    state = _story(draft).current_workflow_state
    assert state.status == state.STATUS_NEEDS_CHANGES


def test_a_send_with_an_invalid_form_shows_wagtails_errors_and_sends_nothing(driver, author, draft):
    driver.login(author)
    response = driver.submit(draft, teaser="x" * 401)
    assert response.status_code == 200
    assert response.context["form"].errors["teaser"]
    assert _story(draft).current_workflow_state is None
