"""Claims from the Person row; quirks spoil an ID token the way a broken or hostile
provider would (another audience, already expired), still properly signed."""

import time

from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider.models import Person


class ClaimsValidator(OAuth2Validator):
    # Release every claim of the person whatever the scope (the test decides what exists).
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        person = Person.objects.filter(user=request.user).first()
        return dict(person.claims) if person else {}

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        person = Person.objects.filter(user=request.user).first()
        quirk = person.quirk if person else ""
        if quirk == "wrong_audience":
            claims["aud"] = "another-application"
        elif quirk == "expired":
            claims["iat"] = int(time.time()) - 7200
            claims["exp"] = int(time.time()) - 3600
        return claims, expiration_time
