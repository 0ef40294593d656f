"""The link between an account here and a person at the company's OpenID provider."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CompanyAccount(models.Model):
    """Who a user is at the provider (issuer + stable subject), and when it last vouched."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="company_account",
        verbose_name=_("user"),
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    last_seen_at = models.DateTimeField(_("last signed in with the company account"))
    # How the provider says the person authenticated at the last sign-in (RFC 8176 values).
    amr = models.JSONField(_("authentication methods"), default=list, blank=True)
    acr = models.CharField(_("authentication context"), max_length=255, blank=True)
    # Set by deactivate_unseen_accounts: a later sign-in the provider vouches for reactivates.
    deactivated_as_unseen = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("company account")
        verbose_name_plural = _("company accounts")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_company_subject")
        ]

    def __str__(self):
        return f"{self.user} ({self.subject})"
