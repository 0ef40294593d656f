"""The URLs of Wagtail's project template, for bench/settings_defaults.py."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls


def healthz(request):
    """As cms.views.healthz: one database round trip (the bench waits on it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz),
    path("admin/", include(wagtailadmin_urls)),
    path("", include(wagtail_urls)),
]
