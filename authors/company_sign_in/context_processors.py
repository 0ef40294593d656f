"""The company sign-in button's label and address, for the login pages."""

from django.urls import reverse

from authors.company_sign_in import config


def company_sign_in(request):
    if not config.is_configured():
        return {"company_sign_in": None}
    return {"company_sign_in": {"label": config.button_label(), "url": reverse("company_sign_in")}}
