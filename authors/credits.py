"""Who a public page, feed or structured-data block names as an author, and how.

One rule for every public output (the story page's byline and author box, the feeds, Open
Graph and JSON-LD): an author's own choice of profile visibility decides.
- public profile: named, with a link to the profile page;
- internal profile: named (the byline is part of the story), but no profile link, since the
  profile page is for colleagues only;
- hidden profile: not named in public at all;
- erased profile: "Former colleague", no link.
A deactivated account keeps its byline (its stories stay theirs) but loses its profile link.
"""

from dataclasses import dataclass

from authors.models import ProfileVisibility


@dataclass(frozen=True)
class PublicCredit:
    """An author as the public sees them: the profile, the shown name, a profile URL or None."""

    profile: object
    name: str
    url: str | None

    @property
    def is_linked(self):
        return self.url is not None


def public_credit(profile):
    """The PublicCredit of one profile, or None when the author is not named publicly."""
    if profile.is_erased:
        return PublicCredit(profile, str(profile.public_name), None)
    if profile.profile_visibility == ProfileVisibility.HIDDEN:
        return None
    linked = profile.profile_visibility == ProfileVisibility.PUBLIC and profile.user.is_active
    return PublicCredit(
        profile, profile.display_name, profile.get_absolute_url() if linked else None
    )


def public_credits(profiles):
    """PublicCredits of the profiles that are named publicly, in byline order."""
    return [credit for profile in profiles if (credit := public_credit(profile)) is not None]
