"""The GDPR data export: everything Storywerk holds about one user, as a JSON-able dict.

`authors` contributes the account, the profile and the user's comments; other apps add their
sections through the `storywerk_personal_data` hook (`fn(user, profile) -> dict`), so
`authors` never imports `stories`.
"""

from django.utils import timezone
from wagtail import hooks
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Comment, CommentReply

EXPORT_FORMAT_VERSION = 1


def personal_data_for(user):
    """The export for `user`: only rows that belong to, or are about, this user."""
    profile = getattr(user, "author_profile", None)
    data = {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": _account(user),
        "profile": _profile(profile) if profile is not None else None,
        "comments": _comments(user),
        "company_account": _company_account(user),
    }
    for fn in hooks.get_hooks("storywerk_personal_data"):
        data.update(fn(user, profile))
    return data


def _account(user):
    return {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def _company_account(user):
    """The link to the company's sign-in, and how the provider said they last signed in."""
    account = getattr(user, "company_account", None)
    if account is None:
        return None
    return {
        "issuer": account.issuer,
        "subject": account.subject,
        "last_seen_at": account.last_seen_at.isoformat(),
        "amr": account.amr,
        "acr": account.acr,
    }


def _profile(profile):
    return {
        "display_name": profile.display_name,
        "slug": profile.slug,
        "job_title": profile.job_title,
        "bio": profile.bio,
        "level": profile.level,
        "department": profile.department.name if profile.department_id else None,
        # The pairing is about this author; only the coach's name is shown, as in the admin.
        "coach": get_user_display_name(profile.coach) if profile.coach_id else None,
        "photo": profile.photo.file.name if profile.photo_id else None,
        "profile_visibility": profile.profile_visibility,
        "show_on_leaderboards": profile.show_on_leaderboards,
        "keep_stories_after_erasure": profile.keep_stories_after_erasure,
        "created_at": profile.created_at.isoformat(),
    }


def _comments(user):
    """Wagtail page comments and replies this user wrote (not others' replies to them)."""
    comments = [
        {
            "page": comment.page.title,
            "text": comment.text,
            "created_at": comment.created_at.isoformat(),
            "resolved": comment.resolved_at is not None,
        }
        for comment in Comment.objects.filter(user=user).select_related("page").order_by("pk")
    ]
    replies = [
        {
            "page": reply.comment.page.title,
            "text": reply.text,
            "created_at": reply.created_at.isoformat(),
        }
        for reply in CommentReply.objects.filter(user=user)
        .select_related("comment__page")
        .order_by("pk")
    ]
    return {"comments": comments, "replies": replies}
