"""System checks of the project's own settings (`manage.py check`, `check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from cms.public_address import is_local_hostname, parse_site_url


@register(Tags.compatibility)
def check_site_url_format(app_configs, **kwargs):
    """A SITE_URL that cannot be written onto Wagtail's Site is an error everywhere."""
    if not settings.SITE_URL:
        return []
    try:
        parse_site_url(settings.SITE_URL)
    except ValueError as error:
        return [Error(str(error), id="storywerk.E001", obj="SITE_URL")]
    return []


@register(Tags.security, deploy=True)
def check_site_url_for_deployment(app_configs, **kwargs):
    """Unset or local, every shared link, feed and sitemap entry would point nowhere."""
    hint = "Set SITE_URL to the public address, e.g. SITE_URL=https://stories.example.com"
    if not settings.SITE_URL:
        return [
            Warning(
                "SITE_URL is not set: feeds, the sitemap, canonical and share links and "
                "emails would use the address the default site was created with (localhost).",
                hint=hint,
                id="storywerk.W001",
            )
        ]
    try:
        scheme, hostname, _port = parse_site_url(settings.SITE_URL)
    except ValueError:
        return []  # storywerk.E001 says why
    if is_local_hostname(hostname) or scheme != "https":
        return [
            Warning(
                f"SITE_URL ({settings.SITE_URL}) is not a public https address.",
                hint=hint,
                id="storywerk.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_company_sign_in_for_deployment(app_configs, **kwargs):
    """Company sign-in half configured stays off silently; over http its secrets travel bare."""
    given = {
        "OIDC_ISSUER": settings.OIDC_ISSUER,
        "OIDC_CLIENT_ID": settings.OIDC_RP_CLIENT_ID,
        "OIDC_CLIENT_SECRET": settings.OIDC_RP_CLIENT_SECRET,
    }
    missing = [name for name, value in given.items() if not value]
    if missing and len(missing) < len(given):
        return [
            Warning(
                f"Company sign-in is off: {', '.join(missing)} not set.",
                hint="Set all three, or none (docs/sign-in.md).",
                id="storywerk.W010",
            )
        ]
    if not missing and not settings.OIDC_ISSUER.startswith("https://"):
        return [
            Warning(
                f"OIDC_ISSUER ({settings.OIDC_ISSUER}) is not an https address.",
                id="storywerk.W011",
            )
        ]
    return []
