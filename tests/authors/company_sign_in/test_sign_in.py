"""Company sign-in against a real OpenID provider (tests/oidc_provider, started once per run):
the code flow end to end, people and roles from claims, and every refusal leaving nothing."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model

from authors.company_sign_in.models import CompanyAccount
from authors.models import AuthorProfile, Department, ProfileVisibility
from authors.roles import COACHES_GROUP, EDITORS_GROUP, group_names
from cms.two_factor import PROVIDER_MFA_SESSION_KEY
from tests.factories import AuthorFactory, CoachFactory, EditorFactory
from tests.oidc_provider.harness import sign_in_at_provider

User = get_user_model()
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]


def claims_for(username, **extra):
    claims = {
        "email": f"{username}@acme.example",
        "email_verified": True,
        "preferred_username": username,
        "name": "Ada Lovelace",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "department": "Claims Handling",
        "level": "Senior professional",
        "job_title": "Claims adjuster",
        "groups": [],
    }
    claims.update(extra)
    return claims


def start(client, next_url="/admin/"):
    response = client.get("/sign-in/company/", {"next": next_url})
    assert response.status_code == 302
    return response["Location"]


def finish(client, callback_url):
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, provider, username, **claims):
    provider.person(username, claims_for(username, **claims))
    return finish(client, sign_in_at_provider(start(client), username))


def test_login_pages_offer_the_company_sign_in_first(client, company_sign_in):
    for url in ("/login/", "/admin/login/"):
        html = client.get(url).content.decode()
        assert "Sign in with Acme Insurance" in html
        assert html.index("Sign in with Acme Insurance") < html.index('name="password"')


def test_without_settings_there_is_no_company_sign_in(client):
    assert "/sign-in/company/" not in client.get("/login/").content.decode()
    assert client.get("/sign-in/company/").status_code == 404


def test_the_request_carries_state_nonce_and_a_pkce_challenge(client, company_sign_in):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["state"] and query["nonce"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://testserver/sign-in/company/callback/"]


def test_first_sign_in_creates_the_account_with_a_hidden_profile(client, company_sign_in):
    response = sign_in(client, company_sign_in, "ada")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    user = User.objects.get(email="ada@acme.example")
    assert (user.first_name, user.last_name) == ("Ada", "Lovelace")
    assert not user.has_usable_password()
    assert group_names(user) == {"Authors"}
    profile = user.author_profile
    assert profile.profile_visibility == ProfileVisibility.HIDDEN
    assert profile.department.name == "Claims Handling"
    assert (profile.level, profile.job_title) == ("senior", "Claims adjuster")
    assert user.company_account.issuer == company_sign_in.issuer
    assert client.get("/admin/").status_code == 200


def test_next_sign_in_updates_profile_and_roles(client, company_sign_in):
    sign_in(client, company_sign_in, "ben", groups=["storywerk-coaches", "storywerk-editors"])
    user = User.objects.get(username="ben")
    assert {COACHES_GROUP, EDITORS_GROUP} <= group_names(user)
    coached = AuthorFactory(profile__coach=user).author_profile
    client.logout()

    sign_in(
        client,
        company_sign_in,
        "ben",
        department="Marketing",
        level="manager",
        job_title="Head of brand",
        family_name="Byron",
        groups=["storywerk-editors"],
    )

    user = User.objects.get(pk=user.pk)
    assert user.last_name == "Byron"
    assert group_names(user) == {"Authors", EDITORS_GROUP}
    profile = user.author_profile
    assert (profile.department.name, profile.level, profile.job_title) == (
        "Marketing",
        "manager",
        "Head of brand",
    )
    # The coach left the role: their authors fall back as on any removal from Coaches.
    coached.refresh_from_db()
    assert coached.coach is None
    assert Department.objects.filter(name="Claims Handling").exists()


def test_roles_not_mapped_stay_as_set_by_hand(client, company_sign_in, settings):
    settings.STORYWERK_OIDC_ROLE_GROUPS = {"Coaches": ["storywerk-coaches"], "Editors": []}
    sign_in(client, company_sign_in, "cleo")
    user = User.objects.get(username="cleo")
    user.groups.add(user.groups.model.objects.get(name=EDITORS_GROUP))
    client.logout()
    sign_in(client, company_sign_in, "cleo")
    assert EDITORS_GROUP in group_names(User.objects.get(pk=user.pk))


def assert_refused(response, message):
    assert response.status_code == 403
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not CompanyAccount.objects.exists()
    assert not AuthorProfile.objects.exists()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_tampered_state_is_refused(client, company_sign_in):
    company_sign_in.person("dora", claims_for("dora"))
    callback = sign_in_at_provider(start(client), "dora")
    response = finish(client, callback.replace("state=", "state=x"))
    assert_refused(response, "This sign-in link is not valid here")


def test_a_callback_replayed_is_refused(client, company_sign_in):
    sign_in(client, company_sign_in, "emil")
    company_sign_in.person("emil", claims_for("emil"))
    callback = sign_in_at_provider(start(client), "emil")
    assert finish(client, callback).status_code == 302
    client.logout()
    response = finish(client, callback)
    assert response.status_code == 403
    assert "This sign-in link is not valid here" in response.content.decode()


def test_a_code_used_twice_is_refused_by_the_provider(client, company_sign_in):
    company_sign_in.person("finn", claims_for("finn"))
    first = sign_in_at_provider(start(client), "finn")
    assert finish(client, first).status_code == 302
    # Start afresh, so that "nothing created" can be checked.
    AuthorProfile.objects.all().delete()
    User.objects.all().delete()
    client.logout()
    # A new state in this session, with the spent code: the provider must say no.
    new_state = parse_qs(urlsplit(start(client)).query)["state"][0]
    code = parse_qs(urlsplit(first).query)["code"][0]
    response = client.get("/sign-in/company/callback/", {"code": code, "state": new_state})
    assert_refused(response, "Acme Insurance did not confirm this sign-in")


def test_an_id_token_for_another_audience_is_refused(client, company_sign_in):
    company_sign_in.person("gus", claims_for("gus"), quirk="wrong_audience")
    response = finish(client, sign_in_at_provider(start(client), "gus"))
    assert_refused(response, "The sign-in was issued for another application.")


def test_an_expired_id_token_is_refused(client, company_sign_in):
    company_sign_in.person("hana", claims_for("hana"), quirk="expired")
    response = finish(client, sign_in_at_provider(start(client), "hana"))
    assert_refused(response, "The sign-in has expired.")


def test_the_provider_saying_no_is_shown(client, company_sign_in):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get("/sign-in/company/callback/", {"error": "access_denied", "state": state})
    assert_refused(response, "Acme Insurance did not sign you in.")


def test_an_account_deactivated_here_stays_out(client, company_sign_in):
    sign_in(client, company_sign_in, "ivo")
    User.objects.filter(username="ivo").update(is_active=False)
    client.logout()
    response = sign_in(client, company_sign_in, "ivo")
    assert response.status_code == 403
    assert "deactivated" in response.content.decode()


def test_a_password_account_is_linked_by_a_verified_email(client, company_sign_in):
    existing = AuthorFactory(username="jo", email="jo@acme.example")
    sign_in(client, company_sign_in, "jo")
    assert User.objects.count() == 1
    assert CompanyAccount.objects.get().user == existing


def test_an_unverified_email_links_nothing(client, company_sign_in):
    AuthorFactory(username="kim", email="kim@acme.example")
    company_sign_in.person("kim", claims_for("kim", email_verified=False))
    response = finish(client, sign_in_at_provider(start(client), "kim"))
    assert response.status_code == 403
    assert "has not confirmed the address" in response.content.decode()
    assert not CompanyAccount.objects.exists()
    assert User.objects.count() == 1


@pytest.mark.parametrize("make_staff", [EditorFactory, CoachFactory])
def test_a_staff_account_is_not_taken_over_by_email(client, company_sign_in, make_staff):
    staff = make_staff(username="lea", email="lea@acme.example")
    if make_staff is CoachFactory:
        staff.is_superuser = True
        staff.save()
    company_sign_in.person("lea", claims_for("lea"))
    response = finish(client, sign_in_at_provider(start(client), "lea"))
    assert response.status_code == 403
    assert "not linked by email address" in response.content.decode()
    assert not CompanyAccount.objects.exists()


def test_the_provider_mfa_is_recorded_and_may_be_required(client, company_sign_in, settings):
    settings.STORYWERK_OIDC_REQUIRE_MFA = True
    company_sign_in.person("max", claims_for("max", amr=["pwd"]))
    response = finish(client, sign_in_at_provider(start(client), "max"))
    assert_refused(response, "did not confirm a second factor")

    sign_in(client, company_sign_in, "max", amr=["pwd", "mfa"], acr="urn:acme:mfa")
    account = CompanyAccount.objects.get()
    assert (account.amr, account.acr) == (["pwd", "mfa"], "urn:acme:mfa")
    assert client.session[PROVIDER_MFA_SESSION_KEY] is True


def test_signing_out_ends_the_provider_session_too(client, company_sign_in):
    sign_in(client, company_sign_in, "nia")
    for url in ("/logout/", "/admin/logout/"):
        if url == "/admin/logout/":
            sign_in(client, company_sign_in, "nia")
        response = client.post(url)
        assert response.status_code == 302
        target = urlsplit(response["Location"])
        assert f"{target.scheme}://{target.netloc}{target.path}" == (
            f"{company_sign_in.issuer}/logout/"
        )
        query = parse_qs(target.query)
        assert query["post_logout_redirect_uri"] == ["http://testserver/"]
        assert query["id_token_hint"]
        assert "_auth_user_id" not in client.session


def test_password_login_still_works_with_company_sign_in_off(client):
    AuthorFactory(username="olga")
    response = client.post("/login/", {"username": "olga", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_the_refusal_is_in_the_readers_language(client, company_sign_in, settings):
    settings.LANGUAGE_CODE = "de"
    client.cookies["django_language"] = "de"
    company_sign_in.person("ola", claims_for("ola"), quirk="expired")
    response = finish(client, sign_in_at_provider(start(client), "ola"))
    assert "Die Anmeldung ist abgelaufen." in response.content.decode()


def test_password_login_still_works_with_company_sign_in_on(client, company_sign_in):
    AuthorFactory(username="pia")
    response = client.post("/login/", {"username": "pia", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_an_editor_without_provider_mfa_still_sets_up_the_authenticator(
    client, company_sign_in, settings
):
    settings.STORYWERK_TWO_FACTOR = True
    sign_in(client, company_sign_in, "quinn", groups=["storywerk-editors"], amr=["pwd"])
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/")
    client.logout()

    sign_in(client, company_sign_in, "quinn", groups=["storywerk-editors"], amr=["pwd", "mfa"])
    assert client.get("/admin/").status_code == 200


def test_a_provider_that_cannot_be_reached_is_said_so(client, company_sign_in, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:8219/nobody-listens"
    response = client.get("/sign-in/company/")
    assert response.status_code == 503
    assert "Acme Insurance cannot be reached at the moment" in response.content.decode()
