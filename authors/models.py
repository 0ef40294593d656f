"""People: departments, author profiles, and the storytellers pages."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from authors.roles import AUTHORS_GROUP, COACH_GROUPS, COACHES_GROUP, EDITORS_GROUP, InvitedRole  # noqa: F401
from cms.models import TitleInReadersLanguage
from cms.plain_text import PlainTextModelForm, PlainTextPageForm


class Department(index.Indexed, models.Model):
    """A department of the company (a snippet editors manage)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    base_form_class = PlainTextModelForm

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    APPRENTICE = "apprentice", _("Apprentice")
    TRAINEE = "trainee", _("Trainee")
    PROFESSIONAL = "professional", _("Professional")
    SENIOR = "senior", _("Senior professional")
    MANAGER = "manager", _("Manager")
    DIRECTOR = "director", _("Director")
    EXECUTIVE = "executive", _("Executive")


class ProfileVisibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone may see my profile")
    INTERNAL = "internal", _("Internal: only colleagues who are logged in")
    HIDDEN = "hidden", _("Hidden: no profile page")


class AuthorProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Profiles whose hero page this user may see (the author's consent decides)."""
        if user is not None and user.is_authenticated and user.is_active:
            allowed = [ProfileVisibility.PUBLIC, ProfileVisibility.INTERNAL]
        else:
            allowed = [ProfileVisibility.PUBLIC]
        return self.filter(profile_visibility__in=allowed, user__is_active=True)

    def coached_by(self, coach):
        return self.filter(coach=coach)

    def not_erased(self):
        """Profiles that may still be named anew, e.g. chosen as a co-author."""
        return self.filter(erased_at__isnull=True)


class AuthorProfile(index.Indexed, models.Model):
    """One per user: how an employee author appears in bylines and on their hero page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="author_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("display name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    photo = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
        verbose_name=_("department"),
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.PROFESSIONAL
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coached_profiles",
        limit_choices_to={"groups__name__in": COACH_GROUPS, "is_active": True},
        verbose_name=_("writing coach"),
    )
    profile_visibility = models.CharField(
        _("profile visibility"),
        max_length=10,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.INTERNAL,
        help_text=_("Your consent decides who may see your profile page."),
    )
    show_on_leaderboards = models.BooleanField(
        _("show me on leaderboards"),
        default=False,
        help_text=_("Opt in to be named in the most-read storytellers ranking."),
    )
    credit_as_coach = models.BooleanField(
        _("credit me as coach"),
        default=True,
        help_text=_('Published stories you coached show "Coached by" with your name.'),
    )
    keep_stories_after_erasure = models.BooleanField(
        _("keep my published stories if my profile is erased"),
        default=False,
        help_text=_(
            "If your data is erased (for example when you leave), your published stories "
            'stay online under the byline "Former colleague". Otherwise they are unpublished.'
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when an editor erased the author's personal data (GDPR); the row stays so that
    # stories, revisions and comments keep pointing at their (now anonymous) author.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    objects = AuthorProfileQuerySet.as_manager()

    search_fields = [
        index.SearchField("display_name"),
        index.AutocompleteField("display_name"),
        index.SearchField("job_title"),
        index.SearchField("bio"),
        index.FilterField("profile_visibility"),
        # The co-author chooser searches only profiles that are not erased.
        index.FilterField("erased_at"),
        index.RelatedFields("department", [index.SearchField("name")]),
    ]

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")
        permissions = [("erase_authorprofile", _("Can erase an author's personal data"))]

    def __str__(self):
        return str(self.public_name)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from authors.directory import directory_url

        directory = directory_url()
        if directory is None:
            return None
        return directory + AuthorIndexPage.author_subpath(self.slug)

    @property
    def public_name(self):
        """The name shown in bylines: "Former colleague" (translated) once erased."""
        if self.erased_at is not None:
            return _("Former colleague")
        return self.display_name

    @property
    def is_erased(self):
        return self.erased_at is not None

    @property
    def public_credit(self):
        """How public pages name this author, or None (authors.credits has the rule)."""
        from authors.credits import public_credit

        return public_credit(self)

    def _unique_slug(self):
        base = slugify(self.display_name) or "author"
        slug, n = base, 2
        while AuthorProfile.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def is_visible_to(self, user):
        if not self.user.is_active:
            return False
        if self.profile_visibility == ProfileVisibility.PUBLIC:
            return True
        if self.profile_visibility == ProfileVisibility.INTERNAL:
            return bool(user and user.is_authenticated and user.is_active)
        return False


class AuthorIndexPage(TitleInReadersLanguage, RoutablePageMixin, Page):
    """The storytellers directory at /authors/ and each author's hero page below it."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    content_panels = [*Page.content_panels, "intro"]
    base_form_class = PlainTextPageForm

    class Meta:
        verbose_name = _("storytellers index")

    @path("")
    def directory(self, request):
        profiles = (
            AuthorProfile.objects.visible_to(request.user)
            .select_related("department", "photo")
            .order_by("display_name")
        )
        departments = Department.objects.filter(profiles__in=profiles).distinct()
        department = request.GET.get("department", "")
        level = request.GET.get("level", "")
        if department:
            profiles = profiles.filter(department__slug=department)
        if level in Level.values:
            profiles = profiles.filter(level=level)
        return self.render(
            request,
            context_overrides={
                "profiles": profiles,
                "departments": departments,
                "levels": Level.choices,
                "selected_department": department,
                "selected_level": level,
            },
        )

    @classmethod
    def author_subpath(cls, slug):
        """An author's hero page below the directory ("ada-lovelace/"), without a page object."""
        return cls.get_resolver().reverse("author", slug)

    @re_path(r"^(?P<slug>[-\w]+)/$", name="author")
    def author(self, request, slug):
        profile = get_object_or_404(
            AuthorProfile.objects.select_related("department", "photo", "user"), slug=slug
        )
        if not profile.is_visible_to(request.user):
            raise Http404
        # Other apps (stories) contribute sections, so `authors` never imports them.
        sections = [
            section
            for fn in hooks.get_hooks("storywerk_author_page_sections")
            if (section := fn(request, profile)) is not None
        ]
        return TemplateResponse(
            request,
            "authors/author_page.html",
            {"page": self, "self": self, "profile": profile, "sections": sections},
        )


def hash_invitation_token(token):
    """Invitation tokens are stored hashed: a database leak does not hand out accounts."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        """Invitations not accepted yet and not expired."""
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An editor's invitation for an employee to join as an author (single use, expiring)."""

    email = models.EmailField(_("email address"))
    display_name = models.CharField(
        _("display name"), max_length=120, blank=True, help_text=_("How the byline will read.")
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("department"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="sent_invitations",
        editable=False,
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), editable=False)
    role = models.CharField(
        _("role"), max_length=20, choices=InvitedRole.choices, default=InvitedRole.AUTHOR
    )
    access_expires_on = models.DateField(
        _("access ends on"),
        null=True,
        blank=True,
        help_text=_("Required for agency coaches: from this day on their account cannot sign in."),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("account"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email

    def issue_token(self):
        """Set a fresh token and expiry (before saving) and return the raw token, once."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_invitation_token(token)
        self.expires_at = timezone.now() + timedelta(days=settings.STORYWERK_INVITATION_DAYS)
        return token

    @property
    def status(self):
        if self.accepted_at:
            return _("accepted")
        if self.expires_at <= timezone.now():
            return _("expired")
        return _("pending")


# The company sign-in's model lives with its feature; imported here so that Django sees it.
from authors.agency import AgencyAccess  # noqa: E402, F401
from authors.company_sign_in.models import CompanyAccount  # noqa: E402, F401
