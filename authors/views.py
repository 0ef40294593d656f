"""Views of the authors app: accepting an invitation; the GDPR download and erasure; an
agency coach's end date; deactivating users."""

from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model, login
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.users.utils import change_user_perm

from authors.agency import AgencyAccess, change_end_date, end_access_now
from authors.erasure import ErasureRefused, check_can_erase, erase_author, erasure_preview
from authors.forms import AcceptInvitationForm, AgencyEndDateForm, EraseAuthorForm
from authors.invitations import InvitationUnusable, accept_invitation, find_usable_invitation
from authors.models import AuthorProfile
from authors.personal_data import personal_data_for
from authors.roles import InvitedRole, is_agency_coach


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept_invitation_view(request, token):
    """The invited employee sets a password and consents; then they are logged in."""
    try:
        invitation = find_usable_invitation(token)
    except InvitationUnusable:
        return TemplateResponse(request, "authors/invitation_unusable.html", status=410)
    agency_coach = invitation.role == InvitedRole.AGENCY_COACH
    if request.method == "POST":
        form = AcceptInvitationForm(request.POST, agency_coach=agency_coach)
        if form.is_valid():
            try:
                user = accept_invitation(token, form)
            except InvitationUnusable:
                return TemplateResponse(request, "authors/invitation_unusable.html", status=410)
            # login() rotates the session key, as at every login.
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("wagtailadmin_home")
    else:
        form = AcceptInvitationForm(
            initial={"display_name": invitation.display_name}, agency_coach=agency_coach
        )
    context = {"form": form, "invitation": invitation, "agency_coach": agency_coach}
    return TemplateResponse(request, "authors/accept_invitation.html", context)


def download_my_data(request):
    """The signed-in user's own data as a JSON download (never anyone else's: no id in URL)."""
    data = personal_data_for(request.user)
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
    filename = f"storywerk-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never keep it in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


class EraseAuthorView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Confirm, then erase an author's personal data (see authors.erasure)."""

    model = AuthorProfile
    permission_required = "erase"
    form_class = EraseAuthorForm
    template_name = "authors/admin/confirm_erase.html"
    page_title = _("Erase personal data")
    header_icon = "user"
    index_url_name = None
    erase_url_name = None

    def setup(self, request, *args, pk=None, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            AuthorProfile.objects.select_related("user"), pk=unquote(str(pk))
        )

    def get_breadcrumbs_items(self):
        # Home > Author profiles > "Erase personal data: <name>": the header names page and person.
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Author profiles")},
            {"url": "", "label": self.page_title, "sublabel": self.object.display_name},
        ]

    def get(self, request, *args, **kwargs):
        if refusal := self._refusal():
            messages.error(request, refusal)
            return redirect(self.index_url_name)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if refusal := self._refusal():
            messages.error(request, refusal)
            return redirect(self.index_url_name)
        return super().post(request, *args, **kwargs)

    def _refusal(self):
        try:
            check_can_erase(self.object, self.request.user)
        except ErasureRefused as refusal:
            return str(refusal)
        return None

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            keep_published=self.object.keep_stories_after_erasure,
            affected_stories=erasure_preview(self.object),
            erase_url=reverse(self.erase_url_name, args=(quote(self.object.pk),)),
            cancel_url=reverse(self.index_url_name),
        )
        return context

    def form_valid(self, form):
        unpublished = erase_author(self.object, erased_by=self.request.user)
        messages.success(
            self.request,
            _(
                "The author's personal data was erased and the account deactivated "
                "(%(count)s stories unpublished)."
            )
            % {"count": unpublished},
        )
        return redirect(self.index_url_name)


class AgencyAccessView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Editors see an agency coach's end date and move it, or end the access now.

    Ending now does what the hourly job does on the date (authors.agency.end_access): the
    account is deactivated, its authors unpaired and its waiting reviews handed back.
    """

    model = AuthorProfile
    permission_required = "change"
    form_class = AgencyEndDateForm
    template_name = "authors/admin/agency_access.html"
    page_title = _("Agency access")
    header_icon = "time"
    index_url_name = None
    agency_access_url_name = None

    def setup(self, request, *args, pk=None, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            AuthorProfile.objects.select_related("user"), pk=unquote(str(pk))
        )
        user = self.object.user
        self.access = AgencyAccess.objects.filter(user=user).first()

    def _refuse_unless_agency_coach(self):
        # Asked after the permission check, so a 404 tells nobody but editors who is what.
        # Only agency coaches' accounts end on a date; an erased person is never reopened.
        if self.object.is_erased or not (self.access or is_agency_coach(self.object.user)):
            raise Http404

    def get(self, request, *args, **kwargs):
        self._refuse_unless_agency_coach()
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.display_name

    def get_breadcrumbs_items(self):
        # Home > Author profiles > "Agency access: <name>", as on the erasure page.
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Author profiles")},
            {"url": "", "label": self.page_title, "sublabel": self.object.display_name},
        ]

    def get_initial(self):
        return {"expires_on": self.access.expires_on if self.access else None}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "access": self.access,
            "account_active": self.object.user.is_active,
            "action_url": reverse(self.agency_access_url_name, args=(quote(self.object.pk),)),
            "cancel_url": reverse(self.index_url_name),
        }

    def post(self, request, *args, **kwargs):
        self._refuse_unless_agency_coach()
        if "end_now" in request.POST:
            end_access_now(self.object.user, ended_by=request.user)
            messages.success(
                request,
                _(
                    "The access of %(name)s has ended: the account is deactivated and their "
                    "waiting reviews went back to the Coaches group."
                )
                % {"name": self.object.display_name},
            )
            return redirect(self.index_url_name)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        access = change_end_date(
            self.object.user, form.cleaned_data["expires_on"], changed_by=self.request.user
        )
        messages.success(
            self.request,
            _("The access of %(name)s now ends on %(date)s.")
            % {
                "name": self.object.display_name,
                "date": formats.date_format(access.expires_on, "DATE_FORMAT"),
            },
        )
        return redirect(self.index_url_name)


class AuthorProfileEditView(SnippetEditView):
    """The profile form; an agency coach's has "Agency access" (their end date) in its header."""

    agency_access_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if not self.object.is_erased and is_agency_coach(self.object.user):
            url = reverse(self.agency_access_url_name, args=(quote(self.object.pk),))
            buttons.append(Button(_("Agency access"), url=url, icon_name="time", priority=30))
        return buttons


# "Nothing lost": users are deactivated, never deleted (deleting cascades their comments).

DEACTIVATE_ACTION = "storywerk.user.deactivate"


class DeactivateUserView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then deactivate a user account (it keeps its stories, revisions, comments)."""

    template_name = "authors/admin/confirm_deactivate.html"
    page_title = _("Deactivate user")
    header_icon = "user"
    index_url_name = None
    deactivate_url_name = None

    @staticmethod
    def may_deactivate(acting_user, user):
        """The same rule Wagtail applies to deleting a user, with the change permission."""
        if not acting_user.has_perm(change_user_perm) or acting_user.pk == user.pk:
            return False
        return not (user.is_superuser and not acting_user.is_superuser)

    def setup(self, request, *args, pk=None, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(get_user_model(), pk=unquote(str(pk)))

    def dispatch(self, request, *args, **kwargs):
        if not self.may_deactivate(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return get_user_display_name(self.object)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "deactivate_url": reverse(self.deactivate_url_name, args=(quote(self.object.pk),)),
            "cancel_url": reverse(self.index_url_name),
        }

    def post(self, request, *args, **kwargs):
        if self.object.is_active:
            self.object.is_active = False
            self.object.save(update_fields=["is_active"])
            log(instance=self.object, action=DEACTIVATE_ACTION, user=request.user)
        messages.success(
            request,
            _("User '%(name)s' deactivated. Their stories, revisions and comments are kept.")
            % {"name": get_user_display_name(self.object)},
        )
        return redirect(self.index_url_name)


class UserDeletionRefusedView(View):
    """Replaces Wagtail's user delete view: nobody deletes users; offer deactivation."""

    template_name = None  # the viewset asks for one; nothing is rendered
    index_url_name = None
    deactivate_url_name = None

    def dispatch(self, request, *args, pk=None, **kwargs):
        user = get_object_or_404(get_user_model(), pk=unquote(str(pk)))
        if not DeactivateUserView.may_deactivate(request.user, user):
            raise PermissionDenied
        messages.warning(
            request,
            _("Users are never deleted, so nothing they wrote is lost. Deactivate instead."),
        )
        return redirect(self.deactivate_url_name, quote(user.pk))


def refuse_user_bulk_delete(request, action_type, objects, action_class_instance):
    """before_bulk_action hook: a bulk "delete" of users is refused for everyone."""
    if action_type == "delete" and action_class_instance.model is get_user_model():
        messages.error(request, _("Users are never deleted. Deactivate them instead."))
        return redirect("wagtailusers_users:index")
    return None
