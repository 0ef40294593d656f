"""Draft privacy on every admin URL that names a page, checked before the view runs.

Wagtail's page views each check their own permission (edit, move, moderate...), and many
still show the page's title when they refuse: the explorer's <title>, a bulk action's
confirmation list, a workflow preview's error message. Rather than patch each view, this
middleware asks the same rule as every listing (`restrict_pages_for`, the page permission
policy's) for each page id in the URL, and answers 404 for a story the user has no business
with, so a refusal tells nothing either. Which URL parts are page ids is listed here, by URL
keyword; tests/stories/test_admin_privacy.py walks the URLconf and fails on any admin route
not classified (a route added by a Wagtail upgrade included).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, JsonResponse, QueryDict
from taggit.models import Tag, TaggedItem
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import tags as wagtail_tags
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from authors.roles import is_editor
from stories.models import StoryTag
from stories.permissions import restrict_images_for, restrict_pages_for, visible_story_ids

# URL keywords that name a page on every admin route that has them.
PAGE_ID_KWARGS = frozenset(
    {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk", "story_id"}
)
# Routes whose generic `pk` is a page id.
PAGE_PK_ROUTES = frozenset(
    {
        "wagtailadmin_api:pages:detail",
        "wagtailadmin_api:pages:action",
        "wagtailadmin_pages:revisions_compare",
    }
)
# Routes that name a model, then an object of it (a page when the model is a page type).
MODEL_OBJECT_ROUTES = {"wagtailadmin_editing_sessions:ping": "object_id"}
BULK_ACTION_ROUTE = "wagtail_bulk_action"
# Page ids in the query string: on any admin route, and on these routes only.
QUERY_PAGE_ID_PARAMS = ("parent_page_id",)
QUERY_PAGE_ID_ROUTES = {
    "wagtailadmin_choose_page_chosen_multiple": ("id",),
    # Only when the bulk action's model is a page type (see _query_page_ids).
    BULK_ACTION_ROUTE: ("id", "childOf"),
}
# The page chooser may show other authors' settled live stories (as its listing does).
CHOOSER_ROUTES = frozenset(
    {"wagtailadmin_choose_page_child", "wagtailadmin_choose_page_chosen_multiple"}
)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _is_page_model(app_label, model_name):
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return False
    return issubclass(model, Page)


def page_ids_in_route(route_name, kwargs):
    """The page ids a resolved admin URL names in its path (not its query string)."""
    ids = [kwargs[key] for key in PAGE_ID_KWARGS.intersection(kwargs)]
    if route_name in PAGE_PK_ROUTES:
        ids.append(kwargs.get("pk"))
    object_kwarg = MODEL_OBJECT_ROUTES.get(route_name)
    if object_kwarg and _is_page_model(kwargs.get("app_label"), kwargs.get("model_name")):
        ids.append(kwargs.get(object_kwarg))
    return {number for number in map(_int, ids) if number is not None}


def hidden_page_ids(user, ids, *, allow_settled_live=False):
    """Those of `ids` that exist but that `user` may not know about."""
    if not ids or is_editor(user):
        return set()
    pages = Page.objects.filter(pk__in=ids)
    existing = set(pages.values_list("pk", flat=True))
    visible = restrict_pages_for(user, pages, allow_settled_live=allow_settled_live)
    return existing - set(visible.values_list("pk", flat=True))


def _query_page_ids(request, route_name, kwargs):
    """Page ids in the query string (`?id=..&id=..` of a bulk action or a chooser)."""
    params = list(QUERY_PAGE_ID_PARAMS)
    if route_name != BULK_ACTION_ROUTE or _is_page_model(
        kwargs.get("app_label"), kwargs.get("model_name")
    ):
        params += QUERY_PAGE_ID_ROUTES.get(route_name, ())
    values = [value for param in params for value in request.GET.getlist(param)]
    return {number for number in map(_int, values) if number is not None}


def _narrow_select_all(request, kwargs):
    """`id=all` means every page of the listing: replace it by the ones the user may see.

    The action's own listing query decides what "all" covers (children, or search results),
    so the confirmation page and the action itself see the same narrowed list.
    """
    if "all" not in request.GET.getlist("id") or is_editor(request.user):
        return
    action_class = bulk_action_registry.get_bulk_action_class(
        kwargs["app_label"], kwargs["model_name"], kwargs["action"]
    )
    if action_class is None:
        return
    action = action_class(request, apps.get_model(kwargs["app_label"], kwargs["model_name"]))
    listed = list(action.get_all_objects_in_listing_query(request.GET.get("childOf")))
    pks = [getattr(item, "pk", item) for item in listed]
    visible = restrict_pages_for(request.user, Page.objects.filter(pk__in=pks))
    query = request.GET.copy()
    query.setlist("id", [str(pk) for pk in visible.values_list("pk", flat=True)] or ["0"])
    request.GET = QueryDict(query.urlencode())
    # The confirmation form posts back to its own URL (with this query string).
    request.META["QUERY_STRING"] = request.GET.urlencode()


class DraftPrivacyMiddleware:
    """404 for any admin URL naming a story the signed-in user may not see."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        user = getattr(request, "user", None)
        if match is None or not match.route.startswith("admin/"):
            return None
        # Without admin access Wagtail sends the user to its login page; leave that to it.
        if user is None or not user.has_perm("wagtailadmin.access_admin"):
            return None
        route_name = match.view_name
        ids = page_ids_in_route(route_name, view_kwargs)
        ids |= _query_page_ids(request, route_name, view_kwargs)
        allow_live = route_name in CHOOSER_ROUTES
        if hidden_page_ids(user, ids, allow_settled_live=allow_live):
            raise Http404
        if route_name == BULK_ACTION_ROUTE and _is_page_model(
            view_kwargs.get("app_label"), view_kwargs.get("model_name")
        ):
            _narrow_select_all(request, view_kwargs)
        return None


def visible_tags(user, tags):
    """Tags in use where `user` may look: live stories, their own stories, their images.

    A live story's tag rows are its live topics (a draft's new topics live only in its
    revision until it is published), so they are public already.
    """
    if is_editor(user):
        return tags
    on_stories = StoryTag.objects.filter(
        Q(content_object__live=True) | Q(content_object__in=visible_story_ids(user))
    ).values("tag_id")
    image_model = get_image_model()
    images = restrict_images_for(user, image_model.objects.all()).values("pk")
    on_images = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(image_model), object_id__in=images
    ).values("tag_id")
    return tags.filter(Q(pk__in=on_stories) | Q(pk__in=on_images))


@require_admin_access
def tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocomplete, without the topics only other authors' drafts use."""
    if app_name and model_name and (app_name, model_name) != ("taggit", "tag"):
        return wagtail_tags.autocomplete(request, app_name, model_name)
    term = request.GET.get("term")
    if not term:
        return JsonResponse([], safe=False)
    tags = visible_tags(request.user, Tag.objects.filter(name__istartswith=term))
    names = tags.order_by("name").values_list("name", flat=True)
    return JsonResponse(list(names[: wagtail_tags.TAGS_AUTOCOMPLETE_LIMIT]), safe=False)


class ChoosableImagesAPIViewSet(ImagesAdminAPIViewSet):
    """The admin images API (listing, search, detail) shows what the image chooser shows.

    Wagtail's endpoint lists every image in a visible collection, with its title and the
    original file's URL, whatever the image policy says.
    """

    def get_queryset(self):
        policy = policy_registry.get_by_type(get_image_model())
        choosable = policy.instances_user_has_any_permission_for(self.request.user, ["choose"])
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


def register_images_api(router):
    router.register_endpoint("images", ChoosableImagesAPIViewSet)
