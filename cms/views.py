"""Project-level views: the health check, robots.txt and the two-factor pages (cms.two_factor)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from cms import two_factor
from cms.forms import TwoFactorCodeForm
from cms.public_address import absolute_url
from cms.ratelimit import hashed_key, hit, too_many_requests


@never_cache
@require_GET
def healthz(request):
    """Liveness with a database round trip (deploys and the benchmark baseline use it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


# Two-factor authentication: set up, verify at sign-in, remove, and an Admin's reset.


def _within_code_attempts(request):
    """Count one code attempt for this user; False once over the limit (keyed on no IP)."""
    limit, window = settings.STORYWERK_TWO_FACTOR_RATE_LIMIT
    key = hashed_key("two-factor", request.user.pk)
    return hit("two-factor", key, limit=limit, window=window)


class CodeAttemptsLimitedMixin:
    """POSTs that check a code count against the per-user limit (429 beyond it)."""

    def post(self, request, *args, **kwargs):
        if not _within_code_attempts(request):
            return too_many_requests(request, settings.STORYWERK_TWO_FACTOR_RATE_LIMIT[1])
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}


class BreadcrumbsMixin:
    """Home › <parent> › this page's title, as Wagtail's own account and user pages show."""

    parent_label = _("Account")
    parent_url_name = "wagtailadmin_account"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse(self.parent_url_name), "label": self.parent_label},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class TwoFactorSetupView(
    CodeAttemptsLimitedMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin, FormView
):
    """Show the QR code and key of a new authenticator; it counts once confirmed by a code."""

    form_class = TwoFactorCodeForm
    template_name = "cms/two_factor/setup.html"
    page_title = _("Set up two-factor authentication")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if two_factor.confirmed_device(request.user) is not None:
            messages.info(request, _("Two-factor authentication is already on for your account."))
            return redirect("wagtailadmin_account")
        self.device = two_factor.pending_device(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "qr_code_src": two_factor.qr_code_data_uri(self.device),
            "manual_key": two_factor.manual_entry_key(self.device),
            "required": two_factor.must_use_two_factor(self.request.user),
            "next": two_factor.safe_next_url(self.request, ""),
        }

    def form_valid(self, form):
        two_factor.confirm_device(self.request, form.device)
        messages.success(
            self.request,
            _("Two-factor authentication is on. From now on you sign in with a code as well."),
        )
        return redirect(two_factor.safe_next_url(self.request, reverse("wagtailadmin_account")))


@method_decorator([never_cache, sensitive_post_parameters("code")], name="dispatch")
class TwoFactorVerifyView(CodeAttemptsLimitedMixin, FormView):
    """After the password: the code from the user's authenticator, before any admin page."""

    form_class = TwoFactorCodeForm
    template_name = "cms/two_factor/verify.html"

    def dispatch(self, request, *args, **kwargs):
        self.device = two_factor.confirmed_device(request.user)
        if self.device is None or request.user.is_verified():
            return redirect(two_factor.safe_next_url(request, reverse("wagtailadmin_home")))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "next": two_factor.safe_next_url(self.request, reverse("wagtailadmin_home")),
        }

    def form_valid(self, form):
        two_factor.mark_verified(self.request, form.device)
        return redirect(two_factor.safe_next_url(self.request, reverse("wagtailadmin_home")))


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class TwoFactorRemoveView(
    CodeAttemptsLimitedMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin, FormView
):
    """Remove the user's own authenticator (to turn it off or move to a new phone), by code."""

    form_class = TwoFactorCodeForm
    template_name = "cms/two_factor/remove.html"
    page_title = _("Remove two-factor authentication")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        self.device = two_factor.confirmed_device(request.user)
        if self.device is None:
            return redirect(two_factor.SETUP_URL_NAME)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "required": two_factor.must_use_two_factor(self.request.user),
        }

    def form_valid(self, form):
        # The device's user, not request.user: Wagtail's log finds no logger for the lazy wrapper.
        two_factor.remove_devices(self.device.user, removed_by=self.request.user)
        messages.success(self.request, _("Your authenticator app was removed."))
        # Roles that must use it are taken on to set up a new one by the admin gate.
        return redirect("wagtailadmin_account")


class TwoFactorResetView(BreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    """An Admin removes another user's authenticator (a lost phone); audit-logged."""

    parent_label = _("Users")
    parent_url_name = "wagtailusers_users:index"

    template_name = "cms/two_factor/reset.html"
    page_title = _("Reset two-factor authentication")
    header_icon = "key"

    def setup(self, request, *args, pk=None, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(get_user_model(), pk=pk)

    def dispatch(self, request, *args, **kwargs):
        if not two_factor.may_reset(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return get_user_display_name(self.object)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "has_device": two_factor.confirmed_device(self.object) is not None,
            "reset_url": reverse("storywerk_two_factor_reset", args=(self.object.pk,)),
            "cancel_url": reverse("wagtailusers_users:index"),
        }

    def post(self, request, *args, **kwargs):
        two_factor.remove_devices(self.object, removed_by=request.user)
        messages.success(
            request,
            _(
                "The authenticator app of '%(name)s' was removed. They set up a new one from "
                "their account settings, or at their next sign-in if their role requires it."
            )
            % {"name": get_user_display_name(self.object)},
        )
        return redirect("wagtailusers_users:index")


# Paths crawlers have no business in: the admin (story previews live below it), counting
# endpoints, and per-reader pages (search results, forms) in every language.
ROBOTS_DISALLOWED = ["/admin/", "/django-admin/", "/readership/", "/documents/"]
ROBOTS_DISALLOWED_PER_LANGUAGE = ["search/", "login/", "pitch/"]


@require_GET
def robots_txt(request):
    """/robots.txt: what crawlers may fetch, and where the sitemap is (on the public address)."""
    prefixes = ["/"] + [
        f"/{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    disallowed = [
        *ROBOTS_DISALLOWED,
        *(prefix + path for prefix in prefixes for path in ROBOTS_DISALLOWED_PER_LANGUAGE),
    ]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed),
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
