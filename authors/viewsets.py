"""Admin viewsets for people: editors manage profiles and departments as snippets."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from authors.models import AuthorProfile, Department


class AuthorProfileFilterSet(WagtailFilterSet):
    no_coach = django_filters.BooleanFilter(
        field_name="coach", lookup_expr="isnull", label=_("Without a coach")
    )

    class Meta:
        model = AuthorProfile
        fields = ["department", "level", "coach", "profile_visibility"]


class AuthorProfileViewSet(SnippetViewSet):
    model = AuthorProfile
    icon = "user"
    menu_label = _("Author profiles")
    list_display = ["display_name", "department", "level", "coach", "profile_visibility"]
    list_export = [
        "display_name",
        "department",
        "level",
        "job_title",
        "coach",
        "profile_visibility",
    ]
    filterset_class = AuthorProfileFilterSet
    search_fields = ["display_name", "job_title"]
    ordering = ["display_name"]
    panels = [
        FieldPanel("user"),
        FieldPanel("display_name"),
        FieldPanel("slug"),
        FieldPanel("photo"),
        MultiFieldPanel(
            [FieldPanel("department"), FieldPanel("level"), FieldPanel("job_title")],
            heading=_("Role in the company"),
        ),
        FieldPanel("bio"),
        FieldPanel("coach"),
        MultiFieldPanel(
            [FieldPanel("profile_visibility"), FieldPanel("show_on_leaderboards")],
            heading=_("Consents"),
        ),
    ]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class PeopleViewSetGroup(SnippetViewSetGroup):
    items = (AuthorProfileViewSet, DepartmentViewSet)
    menu_icon = "group"
    menu_label = _("People")
    menu_name = "people"
