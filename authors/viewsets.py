"""Admin viewsets for people: editors manage profiles and departments as snippets."""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.users.views import users as wagtail_users

from authors.choosers import AuthorProfileChooserViewSet
from authors.forms import InvitationForm
from authors.invitations import send_invitation
from authors.models import AuthorProfile, Department, Invitation
from authors.pairing import change_coach
from authors.roles import AGENCY_COACHES_GROUP, active_coaches
from authors.views import (
    AgencyAccessView,
    AuthorProfileEditView,
    DeactivateUserView,
    EraseAuthorView,
    UserDeletionRefusedView,
)
from cms.plain_text import PlainTextFormMixin


class AuthorProfileAdminForm(PlainTextFormMixin, WagtailAdminModelForm):
    """The snippet form; a changed coach goes through `change_coach` (handover + history)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("coach")
        if field is not None:
            # Those who coach now, by the name people know them by (not the login name).
            field.queryset = active_coaches()
            field.label_from_instance = get_user_display_name
            field.empty_label = _("No coach")

    def save(self, commit=True):
        new_coach = self.cleaned_data.get("coach")
        changed = self.instance.pk and "coach" in self.changed_data
        if changed:
            # Keep the old pairing for the plain save; change_coach then moves it atomically.
            self.instance.coach_id = self.initial.get("coach")
        instance = super().save(commit=commit)
        if changed and commit:
            try:
                change_coach(instance, new_coach, getattr(self, "for_user", None))
            except ValidationError as error:
                self.add_error("coach", error)
                raise
            instance.refresh_from_db()
        return instance


class AuthorProfileFilterSet(WagtailFilterSet):
    no_coach = django_filters.BooleanFilter(
        field_name="coach", lookup_expr="isnull", label=_("Without a coach")
    )

    class Meta:
        model = AuthorProfile
        fields = ["department", "level", "coach", "profile_visibility"]


class AuthorProfileIndexView(SnippetIndexView):
    """The profiles listing, with "Erase personal data" for those who may (Editors), and
    "Agency access" on agency coaches' rows."""

    erase_url_name = None
    agency_access_url_name = None

    def get_base_queryset(self):
        # One subquery for the whole page, not a query of each row's groups.
        memberships = get_user_model().groups.through.objects.filter(
            user_id=OuterRef("user_id"), group__name=AGENCY_COACHES_GROUP
        )
        return super().get_base_queryset().annotate(in_agency_group=Exists(memberships))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if getattr(instance, "in_agency_group", False) and self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    _("Agency access"),
                    url=reverse(self.agency_access_url_name, args=(quote(instance.pk),)),
                    icon_name="time",
                    priority=35,
                )
            )
        if not instance.is_erased and self.user_has_permission("erase"):
            buttons.append(
                MenuItem(
                    _("Erase personal data"),
                    url=reverse(self.erase_url_name, args=(quote(instance.pk),)),
                    icon_name="bin",
                    priority=40,
                )
            )
        return buttons


class AuthorProfileViewSet(SnippetViewSet):
    model = AuthorProfile
    index_view_class = AuthorProfileIndexView
    edit_view_class = AuthorProfileEditView
    agency_access_view_class = AgencyAccessView
    chooser_viewset_class = AuthorProfileChooserViewSet
    erase_view_class = EraseAuthorView
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
    # No `search_fields`: restricting Wagtail's autocomplete to named fields made every admin
    # search 500 on SQLite ("no such column: display_name"); the model's index decides.
    ordering = ["display_name"]
    edit_handler = ObjectList(
        [
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
                [
                    FieldPanel("profile_visibility"),
                    FieldPanel("show_on_leaderboards"),
                    FieldPanel("credit_as_coach"),
                    FieldPanel("keep_stories_after_erasure"),
                ],
                heading=_("Consents"),
            ),
        ],
        base_form_class=AuthorProfileAdminForm,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            erase_url_name=self.get_url_name("erase"),
            agency_access_url_name=self.get_url_name("agency_access"),
            **kwargs,
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            agency_access_url_name=self.get_url_name("agency_access"), **kwargs
        )

    @property
    def agency_access_view(self):
        return self.construct_view(
            self.agency_access_view_class,
            index_url_name=self.get_url_name("list"),
            agency_access_url_name=self.get_url_name("agency_access"),
        )

    @property
    def erase_view(self):
        return self.construct_view(
            self.erase_view_class,
            index_url_name=self.get_url_name("list"),
            erase_url_name=self.get_url_name("erase"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(f"erase/<{self.pk_path_converter}:pk>/", self.erase_view, name="erase"),
            path(
                f"agency-access/<{self.pk_path_converter}:pk>/",
                self.agency_access_view,
                name="agency_access",
            ),
        ]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    list_display = ["name", "slug"]


class PeopleViewSetGroup(SnippetViewSetGroup):
    items = (AuthorProfileViewSet, DepartmentViewSet)
    menu_icon = "group"
    menu_label = _("People")
    menu_name = "people"


class AssignCoachForm(forms.Form):
    coach = forms.ModelChoiceField(
        queryset=active_coaches(),
        label=_("Coach"),
        required=False,
        empty_label=_("No coach"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Re-evaluated per request: coaches join and leave.
        self.fields["coach"].queryset = active_coaches()


class AssignCoachBulkAction(SnippetBulkAction):
    """Pair many authors with one coach from the profile listing (each via change_coach)."""

    display_name = _("Assign coach")
    action_type = "assign_coach"
    aria_label = _("Assign a coach to the selected authors")
    template_name = "authors/bulk_actions/confirm_bulk_assign_coach.html"
    action_priority = 20
    form_class = AssignCoachForm
    models = [AuthorProfile]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "coach": self.cleaned_form.cleaned_data["coach"],
            "user": self.request.user,
        }

    @classmethod
    def execute_action(cls, objects, coach=None, user=None, **kwargs):
        for profile in objects:
            change_coach(profile, coach, changed_by=user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        coach = self.cleaned_form.cleaned_data["coach"]
        return ngettext(
            "%(count)d author is now coached by %(coach)s.",
            "%(count)d authors are now coached by %(coach)s.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "coach": coach or _("nobody")}


class InvitationCreateView(CreateView):
    """Saving an invitation issues its token and emails the link."""

    def save_instance(self):
        instance = self.form.save(commit=False)
        send_invitation(instance, invited_by=self.request.user)
        return instance


class InvitationViewSet(ModelViewSet):
    """Editors invite employees; they see invitations but manage no user accounts."""

    model = Invitation
    add_view_class = InvitationCreateView
    icon = "mail"
    menu_label = _("Invitations")
    add_to_admin_menu = True
    menu_order = 250
    list_display = [
        "email",
        "display_name",
        "role",
        "department",
        "invited_by",
        "created_at",
        "status",
    ]
    list_filter = ["department"]
    search_fields = ["email", "display_name"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return InvitationForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Invitation.objects.select_related("department", "invited_by"), **kwargs
        )


# "Nothing lost" (deleting a user cascades their page comments): the user
# admin offers deactivation instead of deletion, for everyone, superusers included.


class UserIndexView(wagtail_users.IndexView):
    deactivate_url_name = None

    def get_delete_url(self, instance):
        return None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_active and DeactivateUserView.may_deactivate(self.request.user, instance):
            buttons.append(
                MenuItem(
                    _("Deactivate"),
                    url=reverse(self.deactivate_url_name, args=(quote(instance.pk),)),
                    icon_name="lock",
                    priority=30,
                )
            )
        return buttons


class UserEditView(wagtail_users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.can_delete = False

    def get_delete_url(self):
        return None


class StorywerkUserViewSet(wagtail_users.UserViewSet):
    """Wagtail's user admin without deletion (single or bulk), with a Deactivate action."""

    index_view_class = UserIndexView
    edit_view_class = UserEditView
    delete_view_class = UserDeletionRefusedView
    deactivate_view_class = DeactivateUserView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            deactivate_url_name=self.get_url_name("deactivate"), **kwargs
        )

    def get_delete_view_kwargs(self, **kwargs):
        return {
            **super().get_delete_view_kwargs(**kwargs),
            "deactivate_url_name": self.get_url_name("deactivate"),
        }

    @property
    def deactivate_view(self):
        return self.construct_view(
            self.deactivate_view_class,
            index_url_name=self.get_url_name("index"),
            deactivate_url_name=self.get_url_name("deactivate"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                f"deactivate/<{self.pk_path_converter}:pk>/",
                self.deactivate_view,
                name="deactivate",
            ),
        ]

    def on_register(self):
        super().on_register()
        # Wagtail has no API to unregister a bulk action (its registry is filled once from
        # the register_bulk_action hooks), so drop bulk "Delete" for users here; the
        # before_bulk_action hook (authors.views.refuse_user_bulk_delete) guards as well.
        user_model = get_user_model()
        bulk_action_registry._scan_for_bulk_actions()
        bulk_action_registry.actions.get(user_model._meta.app_label, {}).get(
            user_model._meta.model_name, {}
        ).pop("delete", None)
