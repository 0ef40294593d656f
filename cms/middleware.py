"""Request language for a site whose every public URL names its language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Headers that decide whether a request for `/` is redirected to another language's home.
HOME_VARY_HEADERS = ("Accept-Language", "Sec-Fetch-Site", "Referer")


def arrives_from_outside(request):
    """True for a visitor landing here (typed URL, bookmark, external link).

    Navigation inside the site must not be overridden by the browser's language: a reader
    with an English browser who picked "Deutsch" and then clicks the logo stays in German.
    `Sec-Fetch-Site` is set by the browser whatever the Referrer-Policy; `Referer` is the
    fallback for browsers that do not send it.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "same-site"}
    referer = request.headers.get("Referer")
    if not referer:
        return True
    return urlsplit(referer).netloc != request.get_host()


def home_redirect(request):
    """The home page in the browser's language, for a visitor landing on `/`; else None."""
    if request.path_info != "/" or request.method not in {"GET", "HEAD"}:
        return None
    if not arrives_from_outside(request):
        return None
    preferred = translation.get_language_from_request(request, check_path=False)
    if preferred == settings.LANGUAGE_CODE:
        return None
    with translation.override(preferred):
        home = reverse("wagtail_serve", args=("",))
    query = request.META.get("QUERY_STRING", "")
    return f"{home}?{query}" if query else home


def url_language(path):
    """The language a public URL is in: its prefix, or the default language."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def language_variants(path):
    """The same public path in every language (/stories/x/ -> also /en/stories/x/)."""
    language = translation.get_language_from_path(path)
    if language and language != settings.LANGUAGE_CODE:
        path = path[len(language) + 1 :]
    variants = {path}
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            variants.add(f"/{code}{path}")
    return variants


class UrlLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware for `i18n_patterns(..., prefix_default_language=False)`.

    Why a subclass: with the default language unprefixed, the URL alone decides the language
    (the admin follows each user's preference instead), so Django's `Vary: Accept-Language`
    on every unprefixed response would only split caches. Only `/` depends on the browser:
    a visitor arriving there from outside lands on the home page in their preferred language.
    """

    def process_request(self, request):
        super().process_request(request)
        target = home_redirect(request)
        return HttpResponseRedirect(target) if target else None

    def process_response(self, request, response):
        if request.path_info == "/":
            patch_vary_headers(response, HOME_VARY_HEADERS)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
