"""check --deploy warns about a half-configured or plain-http company sign-in."""

from cms.checks import check_company_sign_in_for_deployment


def ids(settings):
    return [message.id for message in check_company_sign_in_for_deployment(None)]


def test_off_or_fully_configured_is_quiet(settings):
    assert ids(settings) == []
    settings.OIDC_ISSUER = "https://login.acme.example"
    settings.OIDC_RP_CLIENT_ID = "storywerk"
    settings.OIDC_RP_CLIENT_SECRET = "secret"  # noqa: S105
    assert ids(settings) == []


def test_half_configured_warns(settings):
    settings.OIDC_ISSUER = "https://login.acme.example"
    assert ids(settings) == ["storywerk.W010"]


def test_plain_http_issuer_warns(settings):
    settings.OIDC_ISSUER = "http://login.acme.example"
    settings.OIDC_RP_CLIENT_ID = "storywerk"
    settings.OIDC_RP_CLIENT_SECRET = "secret"  # noqa: S105
    assert ids(settings) == ["storywerk.W011"]
