"""Plain Django views of the authors app."""

from django.contrib.auth import login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from authors.forms import AcceptInvitationForm
from authors.invitations import InvitationUnusable, accept_invitation, find_usable_invitation


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept_invitation_view(request, token):
    """The invited employee sets a password and consents; then they are logged in."""
    try:
        invitation = find_usable_invitation(token)
    except InvitationUnusable:
        return TemplateResponse(request, "authors/invitation_unusable.html", status=410)
    if request.method == "POST":
        form = AcceptInvitationForm(request.POST)
        if form.is_valid():
            try:
                user = accept_invitation(token, form)
            except InvitationUnusable:
                return TemplateResponse(request, "authors/invitation_unusable.html", status=410)
            # login() rotates the session key, as at every login.
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("wagtailadmin_home")
    else:
        form = AcceptInvitationForm(initial={"display_name": invitation.display_name})
    return TemplateResponse(
        request, "authors/accept_invitation.html", {"form": form, "invitation": invitation}
    )
