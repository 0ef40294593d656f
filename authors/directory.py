"""The storytellers directory's URL, remembered while one GET request renders."""

from asgiref.local import Local
from django.utils import translation

from authors.models import AuthorIndexPage

# The storytellers directory's URL per language, remembered while one GET request renders:
# bylines, search results and hero-page sections ask for it once per person, and each ask
# cost a query and a cache read. Set up and dropped by the request signals (AuthorsConfig).
_request_memo = Local()


def start_request_memo(sender, environ=None, **kwargs):
    method = (environ or {}).get("REQUEST_METHOD", "")
    # Only for reads: a POST may rename or move the directory while it runs.
    _request_memo.directory_urls = {} if method in ("GET", "HEAD") else None


def end_request_memo(sender, **kwargs):
    _request_memo.directory_urls = None


def directory_url():
    """The live storytellers directory's URL (e.g. "/authors/"), or None without one."""
    memo = getattr(_request_memo, "directory_urls", None)
    language = translation.get_language()
    if memo is not None and language in memo:
        return memo[language]
    index_page = AuthorIndexPage.objects.live().first()
    url = index_page.url if index_page is not None else None
    if memo is not None:
        memo[language] = url
    return url


def remember_directory_url(url):
    """Seed this request's memo with a directory URL read from a cache renewed on publish."""
    memo = getattr(_request_memo, "directory_urls", None)
    if memo is not None:
        memo.setdefault(translation.get_language(), url)
