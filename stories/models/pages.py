"""Story pages and their querysets.

Audience (public / internal) is the single source of truth for who may read a story:
serving redirects anonymous readers of internal stories to log in, and every listing
filters on the indexed `audience` field. (Wagtail's `.public()` is avoided on purpose: it
builds one OR clause per view restriction and breaks beyond ~1,000 restricted pages.)
"""

import math

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.fields import StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from authors.credits import public_credits
from authors.models import AuthorProfile, Department
from authors.roles import is_employee
from cms.models import TitleInReadersLanguage
from cms.plain_text import PlainTextPageForm
from stories import listing
from stories.blocks import StoryBodyBlock
from stories.forms import StoryPageForm
from stories.writing.panels import story_edit_handler

WORDS_PER_MINUTE = 200
# Wagtail's own status words (translated by Wagtail's catalogue) that StoryPage renames.
WAGTAIL_IN_MODERATION = "in moderation"
WAGTAIL_LIVE_IN_MODERATION = "live + in moderation"
# The renditions story cards show (templates/includes/story_card.html): WebP, 1x and 2x.
CARD_RENDITIONS = ("fill-480x270|format-webp", "fill-960x540|format-webp")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public: anyone on the internet")
    INTERNAL = "internal", _("Internal: employees only (login required)")


class ContentLanguage(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")


def audiences_for(user):
    if is_employee(user):
        return [Audience.PUBLIC, Audience.INTERNAL]
    return [Audience.PUBLIC]


class StoryIndexPage(TitleInReadersLanguage, Page):
    """/stories/: live stories the reader may see, newest first, filterable and paginated."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count = 1
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    base_form_class = PlainTextPageForm

    class Meta:
        verbose_name = _("story index")

    def permissions_for_user(self, user):
        from stories.permissions import StoryIndexPermissionTester

        return StoryIndexPermissionTester(user, self)

    def route(self, request, path_components):
        # A story is served from one query with what its page shows (byline, department, hero
        # image) instead of Wagtail's generic child, its specific object and a query for each.
        if len(path_components) == 1:
            story = (
                StoryPage.objects.child_of(self)
                .select_related("owner__author_profile", "department", "hero_image")
                .filter(slug=path_components[0])
                .first()
            )
            if story is not None:
                story._cached_parent_obj = self
                return story.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Paged on ids alone, the cards then read with their relations: sorting every listable
        # story's joined byline, department and image rows cost ~20 ms at 5,000 stories.
        stories = (
            StoryPage.objects.child_of(self)
            .listable_for(request.user)
            .order_by("-first_published_at", "-pk")
        )
        department = request.GET.get("department", "")
        topic = request.GET.get("topic", "")
        if department:
            stories = stories.filter(department__slug=department)
        if topic:
            stories = stories.filter(topics__slug=topic).distinct()
        paginator = Paginator(stories, self.per_page)
        # The COUNT(*) of every listable story (4,500 rows at 5,000 stories) changes only when
        # a story below is published, unpublished, moved or deleted, each of which purges this
        # path: kept until then, per audience and filter (cms.document_cache.cached_value).
        from cms.document_cache import cached_value

        parts = ["index-count", *sorted(audiences_for(request.user)), department, topic]
        paginator.count = cached_value(request.path, parts, stories.count)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        ids = list(page_obj.object_list.values_list("pk", flat=True))
        cards = StoryPage.objects.with_listing_relations().in_bulk(ids)
        page_obj.object_list = [cards[pk] for pk in ids if pk in cards]
        context.update(
            stories=page_obj.object_list,
            page_obj=page_obj,
            **listing.filter_options(request.user),
            selected_department=department,
            selected_topic=topic,
        )
        return context


class StoryPageQuerySet(PageQuerySet):
    def listable_for(self, user):
        """Live stories this user may read (anonymous readers: public ones only)."""
        return self.live().filter(audience__in=audiences_for(user))

    def by_author(self, profile):
        """Stories where the profile is the owner-author or a co-author.

        Co-authorship as a subquery, not a join: the join needed DISTINCT over every selected
        column (30 + 60 ms for count and page of an author with 200 stories).
        """
        co_authored = StoryCoAuthor.objects.filter(profile=profile).values("page_id")
        return self.filter(Q(owner_id=profile.user_id) | Q(pk__in=co_authored))

    def with_listing_relations(self):
        """For story cards: byline, department and the card's hero rendition in a fixed
        number of queries however many stories are listed; the large body is not loaded."""
        renditions = (
            get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_RENDITIONS)
        )
        return (
            self.select_related("owner__author_profile", "department", "hero_image")
            .prefetch_related(models.Prefetch("hero_image__renditions", queryset=renditions))
            .defer("body")
        )


class StoryTag(TaggedItemBase):
    content_object = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StoryPage(Page):
    """One employee's (or a team's) story."""

    teaser = models.TextField(
        _("teaser"), max_length=400, help_text=_("One or two sentences that make people read on.")
    )
    hero_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    hero_image_alt = models.CharField(
        _("hero image alt text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    # A new story starts with one empty paragraph to type into (no "+" menu needed).
    body = StreamField(
        StoryBodyBlock(), verbose_name=_("story"), blank=True, default=[("paragraph", "")]
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        verbose_name=_("department"),
    )
    topics = ClusterTaggableManager(through=StoryTag, blank=True, verbose_name=_("topics"))
    content_language = models.CharField(
        _("language of the story"),
        max_length=2,
        choices=ContentLanguage.choices,
        default=ContentLanguage.GERMAN,
    )
    audience = models.CharField(
        _("audience"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.INTERNAL,
        db_index=True,
        help_text=_("Internal stories are shown to logged-in employees only."),
    )
    reading_minutes = models.PositiveSmallIntegerField(_("reading time (minutes)"), default=1)

    objects = PageManager.from_queryset(StoryPageQuerySet)()

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    base_form_class = StoryPageForm
    # The author's form (stories.writing.panels): everything to write on the first tab.
    edit_handler = story_edit_handler()
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.FilterField("audience"),
        index.FilterField("owner"),
        index.RelatedFields("department", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def save(self, *args, **kwargs):
        self.reading_minutes = self.compute_reading_minutes()
        super().save(*args, **kwargs)

    def save_revision(self, *args, user=None, **kwargs):
        # Every revision passes here (edit, autosave, reverts, API): a story under review holds
        # still for all but its reviewers. Locks read from the database (a revert's old copy).
        if user is not None and self.pk:
            from stories.permissions import refuse_if_locked

            refuse_if_locked(StoryPage.objects.get(pk=self.pk), user)
        return super().save_revision(*args, user=user, **kwargs)

    def get_lock(self):
        # "With Clara Weiss since …" instead of "awaiting 'Coach review' in the … workflow".
        from stories.writing.status import story_lock

        return story_lock(self, super().get_lock())

    @property
    def status_string(self):
        # Wagtail's listings say "in moderation"; a story is "in review" (docs/glossary.md).
        status = str(super().status_string)
        if status == gettext(WAGTAIL_IN_MODERATION):
            return pgettext("story status", "in review")
        if status == gettext(WAGTAIL_LIVE_IN_MODERATION):
            return gettext("live + in review")
        return status

    def clean(self):
        super().clean()
        if self.hero_image and not (self.hero_image_alt or self.hero_image.alt_text):
            raise ValidationError(
                {"hero_image_alt": _("Describe the hero image for people who cannot see it.")}
            )

    def serve(self, request, *args, **kwargs):
        if self.audience == Audience.INTERNAL and not is_employee(request.user):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Named as everywhere in public (authors.credits); linked where this reader may open
        # the profile page.
        # Read once per publish (stories.story_fragments).
        from stories.story_fragments import story_fragments

        fragments = story_fragments(self, request)
        self._read_byline = fragments["profiles"]  # byline_profiles() for this render
        context["byline"] = [
            (credit.profile, credit.profile.is_visible_to(request.user))
            for credit in public_credits(fragments["profiles"])
        ]
        context["topics"] = fragments["topics"]
        context["coach_credit"] = fragments["coach_credit"]
        return context

    def permissions_for_user(self, user):
        # Wagtail's per-subtree rights, narrowed per story (see stories.permissions).
        from stories.permissions import StoryPermissionTester

        return StoryPermissionTester(user, self)

    def get_sitemap_urls(self, request=None):
        if self.audience != Audience.PUBLIC:
            return []
        return super().get_sitemap_urls(request)

    @property
    def cacheable_for_anonymous(self):
        """Internal stories never enter the shared anonymous page cache (cms/page_cache.py)."""
        return self.audience == Audience.PUBLIC

    @property
    def hero_alt(self):
        if self.hero_image is None:
            return ""
        return self.hero_image_alt or self.hero_image.alt_text

    def body_text(self):
        """The story's words, for reading time and plain-text uses."""
        parts = []
        for block in self.body:
            value = block.value
            if block.block_type == "paragraph":
                parts.append(strip_tags(value.source))
            elif block.block_type == "heading":
                parts.append(str(value))
            elif block.block_type == "pull_quote":
                parts.append(value["quote"])
            elif block.block_type == "image":
                parts.append(value.get("caption") or "")
        return " ".join(parts)

    def compute_reading_minutes(self):
        words = len(self.body_text().split()) + len((self.teaser or "").split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def lead_author(self):
        """The owner-author's profile (None for a story whose owner has no profile)."""
        owner = self.owner
        return getattr(owner, "author_profile", None) if owner else None

    def byline_profiles(self):
        """The lead author followed by the co-authors, in their order."""
        if getattr(self, "_read_byline", None) is not None:
            return list(self._read_byline)
        profiles = []
        lead = self.lead_author()
        if lead is not None:
            profiles.append(lead)
        for co_author in self.co_authors.select_related("profile__user").all():
            if co_author.profile not in profiles:
                profiles.append(co_author.profile)
        return profiles

    def author_user_ids(self):
        return {profile.user_id for profile in self.byline_profiles()} | (
            {self.owner_id} if self.owner_id else set()
        )


class StoryCoAuthor(Orderable):
    """A co-author of a team story (the owner-author leads the byline)."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="co_authors")
    profile = models.ForeignKey(
        AuthorProfile,
        on_delete=models.CASCADE,
        related_name="co_authored",
        verbose_name=_("author"),
    )

    panels = [FieldPanel("profile")]

    class Meta(Orderable.Meta):
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        constraints = [
            models.UniqueConstraint(fields=["page", "profile"], name="unique_story_co_author")
        ]
