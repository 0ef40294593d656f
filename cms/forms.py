"""Project-wide forms (the second sign-in factor)."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class TwoFactorCodeForm(forms.Form):
    """A code from the user's authenticator app, checked against `device` (a TOTPDevice).

    django-otp's device throttling applies: after a wrong code the device refuses any code
    for 1, 2, 4, ... seconds, which is reported as its own error.
    """

    code = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        # Apps show the code as "123 456"; accept it typed that way.
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == self.device.digits):
            raise forms.ValidationError(_("Enter the 6 digits your authenticator app shows."))
        # Row-locked, so two requests with the same code cannot both pass (django-otp keeps
        # the last accepted time step and refuses a code's second use).
        with transaction.atomic():
            device = type(self.device).objects.select_for_update().get(pk=self.device.pk)
            allowed, _details = device.verify_is_allowed()
            verified = allowed and device.verify_token(code)
        self.device = device
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes in a row. Wait a few seconds, then try the newest code.")
            )
        if not verified:
            raise forms.ValidationError(
                _("This code is not valid. Check your app and enter the newest code.")
            )
        return code
