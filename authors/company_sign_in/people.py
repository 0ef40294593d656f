"""Claims to people: find or create the account, keep name, department, level, job title and
roles current. One atomic write: a refused sign-in leaves nothing behind."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from authors.company_sign_in.models import CompanyAccount
from authors.models import AUTHORS_GROUP, AuthorProfile, Department, Level, ProfileVisibility
from authors.roles import (
    AGENCY_COACHES_GROUP,
    COACHES_GROUP,
    EDITORS_GROUP,
    in_group_now,
    is_editor,
)


class SignInRefused(Exception):
    """The provider's answer is not good enough to sign this person in; `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def claim(claims, name):
    """The value of a configured claim (`name` is the key of STORYWERK_OIDC_CLAIMS)."""
    key = settings.STORYWERK_OIDC_CLAIMS.get(name, "")
    value = claims.get(key) if key else None
    return value.strip() if isinstance(value, str) else value


def email_is_verified(claims):
    """True if the provider vouches for the email address.

    An empty claim name means the provider owns every address it issues (a company
    directory such as Entra ID, which sends no email_verified); docs/sign-in.md says when.
    """
    if not settings.STORYWERK_OIDC_CLAIMS.get("email_verified"):
        return True
    return claim(claims, "email_verified") in (True, "true", "True")


@transaction.atomic
def sign_in(claims, *, issuer, amr, acr):
    """The user these (verified) claims describe, created or updated; or SignInRefused."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SignInRefused(_("The company account has no identifier."))
    account = (
        # Lock the account and its user only: the agency access is an outer join, which
        # PostgreSQL cannot lock (and it is only read here).
        CompanyAccount.objects.select_for_update(of=("self", "user"))
        .select_related("user", "user__agency_access")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if account is None:
        user = _linkable_user(claims) or _new_user(claims)
        account = CompanyAccount(user=user, issuer=issuer, subject=subject)
    user = account.user
    access = getattr(user, "agency_access", None)  # selected with the account: no query
    if access is not None and access.has_ended:
        # An agency coach's end date holds whatever the provider says.
        raise SignInRefused(_("Your access as an agency coach has ended."))
    if not user.is_active:
        if not account.deactivated_as_unseen:
            raise SignInRefused(_("This account is deactivated here. Please ask an editor."))
        user.is_active = True
        user.save(update_fields=["is_active"])
    account.deactivated_as_unseen = False
    account.last_seen_at = timezone.now()
    account.amr = list(amr) if isinstance(amr, (list, tuple)) else ([amr] if amr else [])
    account.acr = str(acr or "")[:255]
    account.save()
    _update_person(user, claims)
    update_roles(user, claims)
    return user


def _linkable_user(claims):
    """An existing password account to link: only by a verified email, never a staff one."""
    email = claim(claims, "email")
    if not email:
        return None
    matches = list(get_user_model().objects.filter(email__iexact=email)[:2])
    if not matches:
        return None
    if not email_is_verified(claims):
        raise SignInRefused(
            _(
                "An account with this email address exists, but the company has not confirmed "
                "the address. Please ask an editor to link your account."
            )
        )
    if len(matches) > 1:
        raise SignInRefused(_("Several accounts have this email address. Please ask an editor."))
    user = matches[0]
    if CompanyAccount.objects.filter(user=user).exists():
        raise SignInRefused(_("This account is linked to another company account."))
    if user.is_superuser or user.is_staff or is_editor(user):
        raise SignInRefused(
            _(
                "Editor and administrator accounts are not linked by email address. "
                "Please ask an administrator to link your account."
            )
        )
    return user


def _unique_username(claims):
    User = get_user_model()
    preferred = claim(claims, "username") or (claim(claims, "email") or "").split("@")[0]
    base = slugify(preferred)[:140] or "employee"
    username, n = base, 2
    while User.objects.filter(username__iexact=username).exists():
        username, n = f"{base}-{n}", n + 1
    return username


def _new_user(claims):
    """A new account without password, with a hidden profile: an employee in Authors, agency
    staff not (they coach here and must not start stories of their own)."""
    user = get_user_model()(username=_unique_username(claims), is_active=True)
    user.set_unusable_password()
    _set_names(user, claims)
    user.save()
    if not _is_agency_staff_only(claims):
        user.groups.add(Group.objects.get(name=AUTHORS_GROUP))
    AuthorProfile.objects.create(
        user=user,
        display_name=_display_name(user, claims),
        # Nobody is shown before they choose to be (as when accepting an invitation).
        profile_visibility=ProfileVisibility.HIDDEN,
    )
    return user


def _display_name(user, claims):
    return (claim(claims, "name") or user.get_full_name() or user.username)[:120]


def _set_names(user, claims):
    user.first_name = (claim(claims, "given_name") or user.first_name)[:150]
    user.last_name = (claim(claims, "family_name") or user.last_name)[:150]
    email = claim(claims, "email")
    if email and email_is_verified(claims):
        user.email = email[:254]


def _update_person(user, claims):
    _set_names(user, claims)
    user.save(update_fields=["first_name", "last_name", "email"])
    profile, _created = AuthorProfile.objects.get_or_create(
        user=user,
        defaults={
            "display_name": _display_name(user, claims),
            "profile_visibility": ProfileVisibility.HIDDEN,
        },
    )
    profile.display_name = _display_name(user, claims)
    department = claim(claims, "department")
    if department:
        profile.department = _department(str(department)[:120])
    level = _level(claim(claims, "level"))
    if level:
        profile.level = level
    job_title = claim(claims, "job_title")
    if job_title is not None:
        profile.job_title = str(job_title)[:120]
    profile.save()


def _department(name):
    department = Department.objects.filter(name__iexact=name).first()
    if department is None:
        base = slugify(name)[:110] or "department"
        slug, n = base, 2
        while Department.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        department = Department.objects.create(name=name, slug=slug)
    return department


def _level(value):
    """A Level from its value or its English label ("Senior professional"), else None."""
    if not value:
        return None
    wanted = str(value).strip().lower()
    with translation.override("en"):
        for choice in Level:
            if wanted in (choice.value, str(choice.label).lower()):
                return choice.value
    return None


def _claimed_roles(claims):
    """The role groups here that the groups claim grants (mapped roles only)."""
    groups = claim(claims, "groups") or []
    if isinstance(groups, str):
        groups = [groups]
    held_at_provider = {str(group) for group in groups}
    return {
        role
        for role, provider_groups in settings.STORYWERK_OIDC_ROLE_GROUPS.items()
        if held_at_provider & set(provider_groups or ())
    }


def _is_agency_staff_only(claims):
    """Agency coaches and no employee's role: someone from outside the company."""
    roles = _claimed_roles(claims)
    return AGENCY_COACHES_GROUP in roles and not roles & {COACHES_GROUP, EDITORS_GROUP}


def update_roles(user, claims):
    """Add and remove the mapped roles as the group claim says; unmapped roles stay as they are.

    Removal goes through `user.groups.remove`, whose m2m_changed receiver hands a former
    coach's waiting reviews over (authors.signal_handlers.release_removed_coaches).
    """
    claimed = _claimed_roles(claims)
    for role, provider_groups in settings.STORYWERK_OIDC_ROLE_GROUPS.items():
        if not provider_groups:
            continue
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        should_hold = role in claimed
        holds = in_group_now(user, role)
        if should_hold and not holds:
            user.groups.add(group)
        elif holds and not should_hold:
            user.groups.remove(group)
    user.__dict__.pop("_storywerk_groups", None)
