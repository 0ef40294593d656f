"""The control endpoint: the test suite sets up clients and people over HTTP."""

import json
import os

from django.contrib.auth.models import User
from django.http import HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import get_application_model

from tests.oidc_provider.models import Person


def _authorised(request):
    return request.headers.get("X-Control-Token") == os.environ["TEST_PROVIDER_CONTROL_TOKEN"]


@csrf_exempt
def client(request):
    if not _authorised(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    Application = get_application_model()
    Application.objects.filter(client_id=data["client_id"]).delete()
    Application.objects.create(
        name=data["client_id"],
        client_id=data["client_id"],
        client_secret=data["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(data["redirect_uris"]),
        post_logout_redirect_uris=" ".join(data["post_logout_redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    return JsonResponse({"ok": True})


@csrf_exempt
def person(request):
    if not _authorised(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    user, _ = User.objects.get_or_create(username=data["username"])
    user.set_password(data["password"])
    user.is_active = data.get("active", True)
    user.save()
    Person.objects.update_or_create(
        user=user, defaults={"claims": data.get("claims", {}), "quirk": data.get("quirk", "")}
    )
    return JsonResponse({"sub": str(user.pk)})
