"""What erasing an author does to each of their stories (one rule for the confirmation page,
for the erasure itself and for the co-authors' mail).

A story the author told alone follows their consent (`keep_stories_after_erasure`). A team
story also belongs to the colleagues who wrote it with them, so the erased author's consent
alone does not take it offline: it stays with the remaining authors, the erased person
credited as "Former colleague", and a co-author may take a live one back as a draft
(stories.erasure.team_stories). The reasons are in docs/workflow.md.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from stories.models import StoryCoAuthor, StoryPage


class Outcome:
    """What happens to one story (the values are stable: tests and logs use them)."""

    UNPUBLISHED = "unpublished"  # told alone, live, no consent
    STAYS_LIVE = "stays_live"  # told alone, live, consent
    STAYS_DRAFT = "stays_draft"  # told alone, never live: an unpublished draft nobody sees
    TEAM_STAYS_LIVE = "team_stays_live"  # led by them, live: stays with the co-authors
    TEAM_DRAFT_HANDED_OVER = "team_draft_handed_over"  # led by them, a draft: a co-author leads
    CO_AUTHORED = "co_authored"  # a colleague leads: unchanged

    LABELS = {
        UNPUBLISHED: _(
            "Told alone; the author did not agree to keep it online: it is unpublished."
        ),
        STAYS_LIVE: _(
            "Told alone; the author agreed to keep it online: it stays published, "
            "bylined “Former colleague”."
        ),
        STAYS_DRAFT: _("Told alone, never published: it stays an unpublished draft."),
        TEAM_STAYS_LIVE: _(
            "Team story: it stays published with %(names)s, the erased author shown as "
            "“Former colleague”. The co-authors are told by mail and may take it back "
            "as a draft instead."
        ),
        TEAM_DRAFT_HANDED_OVER: _(
            "Team story, not yet published: the draft goes to %(names)s, who lead it from "
            "now on (told by mail); the erased author is credited as “Former colleague”."
        ),
        CO_AUTHORED: _(
            "A colleague's team story: it stays as it is, the erased author shown as "
            "“Former colleague”; %(names)s are told by mail."
        ),
    }


@dataclass
class StoryOutcome:
    """One story of the erased author and what the erasure does to it."""

    story: object
    outcome: str
    # The authors who stay (active, not erased), in byline order; they are told by mail.
    remaining: list = field(default_factory=list)

    @property
    def label(self):
        names = ", ".join(profile.display_name for profile in self.remaining)
        return Outcome.LABELS[self.outcome] % {"names": names}

    @property
    def heir(self):
        """The co-author who leads a team story once the lead is erased."""
        return self.remaining[0] if self.remaining else None


def erasure_outcomes(profile, keep_published):
    """Every story the profile leads or co-authors, with what its erasure does to it."""
    co_authors = StoryCoAuthor.objects.select_related("profile__user").order_by("sort_order")
    stories = (
        StoryPage.objects.by_author(profile)
        .select_related("owner__author_profile")
        .prefetch_related(Prefetch("co_authors", queryset=co_authors))
        .order_by("title", "pk")
    )
    return [_outcome(story, profile, keep_published) for story in stories]


def _outcome(story, profile, keep_published):
    remaining = [
        author
        for author in _byline(story)
        if author.pk != profile.pk and not author.is_erased and author.user.is_active
    ]
    if story.owner_id != profile.user_id:
        return StoryOutcome(story, Outcome.CO_AUTHORED, remaining)
    if remaining:
        kind = Outcome.TEAM_STAYS_LIVE if story.live else Outcome.TEAM_DRAFT_HANDED_OVER
        return StoryOutcome(story, kind, remaining)
    if not story.live:
        return StoryOutcome(story, Outcome.STAYS_DRAFT)
    return StoryOutcome(story, Outcome.STAYS_LIVE if keep_published else Outcome.UNPUBLISHED)


def _byline(story):
    """Lead, then co-authors, from the prefetched rows (no query per story)."""
    lead = getattr(story.owner, "author_profile", None) if story.owner_id else None
    authors = [lead] if lead is not None else []
    for co_author in story.co_authors.all():
        if co_author.profile not in authors:
            authors.append(co_author.profile)
    return authors


def erasure_preview(profile):
    """The confirmation page's list (the `storywerk_erasure_preview` hook of authors)."""
    return [
        {"title": item.story.get_admin_display_title(), "outcome": str(item.label)}
        for item in erasure_outcomes(profile, profile.keep_stories_after_erasure)
    ]
