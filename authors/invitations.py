"""Inviting employees and accepting invitations: each is one atomic write over several models."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from authors.agency import AgencyAccess
from authors.models import (
    AuthorProfile,
    Invitation,
    ProfileVisibility,
    hash_invitation_token,
)
from authors.roles import INVITED_ROLE_GROUPS, InvitedRole
from cms.mail import absolute_url, language_of, send_to_address


class InvitationUnusable(Exception):
    """The link is unknown, expired or already used."""


def send_invitation(invitation, invited_by):
    """Issue a token, save the invitation and email the link (the raw token is not stored)."""
    token = invitation.issue_token()
    invitation.invited_by = invited_by
    invitation.save()
    link = absolute_url(reverse("accept_invitation", args=[token]))
    context = {"invitation": invitation, "link": link, "invited_by": invited_by}
    # The invitee has no account (so no language) yet: the inviter's language, else the
    # site's. Sent after the row commits, so a mail failure never leaves a phantom link.
    language = language_of(invited_by)
    transaction.on_commit(
        lambda: send_to_address(
            invitation.email, "authors/emails/invitation", context, language=language
        )
    )
    return token


def find_usable_invitation(token):
    invitation = Invitation.objects.usable().filter(token_hash=hash_invitation_token(token)).first()
    if invitation is None:
        raise InvitationUnusable
    return invitation


@transaction.atomic
def accept_invitation(token, form):
    """Create the account, add it to its role's groups and create its profile; the link is
    then spent. An agency coach's account gets its end date and a hidden profile (no
    storyteller page for someone who writes no stories here).

    The invitation row is locked, so two tabs submitting the same link make one account.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .usable()
        .filter(token_hash=hash_invitation_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationUnusable
    user = form.save(commit=False)
    user.email = invitation.email
    user.is_active = True
    user.save()
    user.groups.add(*Group.objects.filter(name__in=INVITED_ROLE_GROUPS[invitation.role]))
    agency = invitation.role == InvitedRole.AGENCY_COACH
    if agency:
        AgencyAccess.objects.create(user=user, expires_on=invitation.access_expires_on)
    AuthorProfile.objects.create(
        user=user,
        display_name=form.cleaned_data["display_name"],
        department=invitation.department,
        profile_visibility=(
            ProfileVisibility.HIDDEN if agency else form.cleaned_data["profile_visibility"]
        ),
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    return user
