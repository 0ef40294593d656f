"""Who may see and do what with stories in the admin.

Wagtail's page permissions are per subtree: with "add" on the story index every author would
see every other author's draft titles in search, the API, site history and usage, and with
"change" every coach could edit every story. Two Wagtail extension points narrow them:

- `StoryPermissionTester` (returned by `StoryPage.permissions_for_user`) decides edit, delete
  and publish for one story: a never-live story goes live only through the finished workflow.
- `StoryPagePermissionPolicy` (registered for Page) hides stories the user has no business
  with from every listing that asks the policy (search, pages API, site history, workflow
  reports, dashboards); explorer and chooser hooks apply the same rule, and
  `stories.admin_privacy` applies it to every admin URL that names a page.
- `StoryImagePermissionPolicy` (registered for the image model) keeps other authors' images
  out of everything that asks who may *choose* an image: the chooser, its "chosen" step, the
  admin images API and the profile photo field.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.models import Page, PagePermissionTester, Revision, TaskState
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from authors.models import AUTHORS_GROUP
from authors.roles import is_coach, is_editor
from stories.review.coach_task import coach_reviews_of
from stories.review.status import last_approval_time


def _reviewing_page_ids(user):
    """Ids (as a subquery) of stories whose coach step this user reviews right now.

    The same rule as who may act on the step (`coach_reviews_of`): a coach who can approve a
    story must be able to open it, and one who left Coaches sees none of it any more.
    """
    return (
        TaskState.objects.filter(
            coach_reviews_of(user),
            coachreviewtaskstate__isnull=False,
            status=TaskState.STATUS_IN_PROGRESS,
        )
        # WorkflowState.object_id is a string; PostgreSQL will not compare it with an int.
        .annotate(page_id=Cast("workflow_state__object_id", IntegerField()))
        .values("page_id")
    )


def story_relation_q(user):
    """Stories this (non-editor) user authors, co-authors, coaches or reviews."""
    q = Q(owner=user) | Q(co_authors__profile__user=user)
    if is_coach(user):
        q |= (
            Q(owner__author_profile__coach=user)
            | Q(co_authors__profile__coach=user)
            | Q(pk__in=_reviewing_page_ids(user))
        )
    return q


def visible_story_ids(user):
    from stories.models import StoryPage

    return StoryPage.objects.filter(story_relation_q(user)).values("pk")


def restrict_pages_for(user, pages, *, allow_settled_live=False):
    """Drop the stories a non-editor may not see from a Page queryset.

    With `allow_settled_live`, other authors' live stories without a pending draft stay (a
    page chooser may link to them: only their live title can show, as it equals the draft).
    """
    if not user.is_active or is_editor(user):
        return pages
    from stories.models import StoryPage

    story_type = ContentType.objects.get_for_model(StoryPage)
    allowed = Q(pk__in=visible_story_ids(user))
    if allow_settled_live:
        allowed |= Q(live=True, has_unpublished_changes=False)
    # A pk subquery (not field filters) so that search querysets accept it too.
    visible = Page.objects.exclude(Q(content_type=story_type) & ~allowed).values("pk")
    return pages.filter(pk__in=visible)


def restrict_images_for(user, images):
    """Hide images other authors uploaded (their draft pictures) from non-editors."""
    if not user.is_active or is_editor(user):
        return images
    others = get_user_model().objects.filter(groups__name=AUTHORS_GROUP).exclude(pk=user.pk)
    if is_coach(user):
        others = others.exclude(author_profile__coach=user)
    return images.exclude(uploaded_by_user__in=others)


def story_may_go_live(page):
    """A story that was live before may be corrected; a never-live one only via the workflow.

    "Via the workflow" means: the page's latest workflow run finished approved, and no newer
    revision was saved after its last approval (which is exactly the state while Wagtail's
    `publish_workflow_state` runs, and while an approved schedule waits).
    """
    if page.live or page.first_published_at or page.last_published_at:
        return True
    if page.pk is None:
        return False
    finished_at = last_approval_time(page)
    if finished_at is None:
        return False
    return not Revision.page_revisions.filter(
        object_id=str(page.pk), created_at__gt=finished_at
    ).exists()


def review_locks_out(page, user):
    """True while the story's review step (or an editor's lock) holds it still for this user.

    Wagtail returns only the first lock that applies (an editor's lock hides the review's):
    both are asked here, so a lock the author holds does not open a story under review.
    """
    lock = page.get_lock()
    if lock is not None and lock.for_user(user):
        return True
    task = page.current_workflow_task
    return bool(task and task.locked_for_user(page, user))


def refuse_if_locked(page, user):
    """Raise PermissionDenied (with a message that speaks of stories) if the story is locked."""
    if review_locks_out(page, user):
        raise PermissionDenied(
            gettext(
                "This story is in review and cannot be changed now: it changes only when "
                "the coach or the editors ask for changes."
            )
        )


class StoryPermissionTester(PagePermissionTester):
    """Per-story rights: authors their own, coaches their authors', editors everything."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.is_editor = is_editor(user)
        # Answers known in advance (a listing asks for many stories at once, see prime()).
        self._known = {}

    def prime(self, *, is_author, is_coach_of_story):
        """Set the two per-story answers a listing computed in bulk (no query per row)."""
        self._known.update(author=is_author, coach=is_coach_of_story)

    def _is_author(self):
        if "author" not in self._known:
            self._known["author"] = (
                self.page.owner_id == self.user.pk
                or self.page.co_authors.filter(profile__user=self.user).exists()
            )
        return self._known["author"]

    def _is_coach_of_story(self):
        if "coach" not in self._known:
            from stories.models import StoryPage

            self._known["coach"] = (
                is_coach(self.user)
                and StoryPage.objects.filter(story_relation_q(self.user), pk=self.page.pk).exists()
            )
        return self._known["coach"]

    def can_edit(self):
        if not self.user.is_active or self.page_is_root:
            return False
        if self.user.is_superuser or self.is_editor:
            return super().can_edit()
        if self._is_author() and self.permissions:
            return True
        if self._is_coach_of_story():
            return True
        task = self.page.current_workflow_task
        return bool(task and task.user_can_access_editor(self.page, self.user))

    def _locked(self):
        # Editors are never locked out by a review step (and Wagtail's own lock rules apply
        # to them unchanged): no lock queries for the people who list the most stories.
        if self.is_editor:
            return False
        if "locked" not in self._known:
            self._known["locked"] = review_locks_out(self.page, self.user)
        return self._known["locked"]

    def can_delete(self, ignore_bulk=False):
        # Moving and bulk actions ask can_delete too: a story under review holds still.
        if self.user.is_superuser or self.is_editor or self.page.owner_id == self.user.pk:
            return super().can_delete(ignore_bulk=ignore_bulk) and not self._locked()
        return False

    def can_copy(self):
        return super().can_copy() and not self._locked()

    def can_unpublish(self):
        return super().can_unpublish() and not self._locked()

    def can_publish(self):
        return super().can_publish() and story_may_go_live(self.page) and not self._locked()

    def can_submit_for_moderation(self):
        return super().can_submit_for_moderation() and self.can_edit()


class StoryIndexPermissionTester(PagePermissionTester):
    """Nobody creates-and-publishes (or copies-and-publishes) a story in one go."""

    def can_publish_subpage(self):
        return False


class StoryPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, minus the stories a non-editor has no business with."""

    def instances_user_has_any_permission_for(self, user, actions):
        return restrict_pages_for(
            user, super().instances_user_has_any_permission_for(user, actions)
        )

    def explorable_instances(self, user):
        return restrict_pages_for(user, super().explorable_instances(user))


class StoryPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    """The admin pages API, whose actions (revert, copy, move, ...) leave a story under review
    alone: Wagtail's revert action asks only `can_edit`, which a locked author still has."""

    def action_view(self, request, pk, action_name):
        page = self.get_object().specific
        from stories.models import StoryPage

        if isinstance(page, StoryPage):
            refuse_if_locked(page, request.user)
        return super().action_view(request, pk, action_name)


class StoryImagePermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's image policy; choosing an image also needs it not to be another author's."""

    def instances_user_has_any_permission_for(self, user, actions):
        images = super().instances_user_has_any_permission_for(user, actions)
        return restrict_images_for(user, images) if "choose" in actions else images

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if "choose" in actions and not (
            restrict_images_for(user, self.model.objects.filter(pk=instance.pk)).exists()
        ):
            actions = [action for action in actions if action != "choose"]
        return super().user_has_any_permission_for_instance(user, actions, instance)
