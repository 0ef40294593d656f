"""The editor's mention suggestions: people who may be mentioned on a story, as JSON."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from stories.mentions.people import display_name, matching_people

MAX_PREFIX = 100


@require_GET
def mention_suggestions(request, page_id):
    """`{"people": [{"id": .., "name": ..}]}` for `?q=<prefix>`; 403 unless the user can edit.

    The admin's draft-privacy middleware already answers 404 for a story the user may not
    see; the edit check here also refuses those who may see but not edit it.
    """
    page = get_object_or_404(Page, pk=page_id).specific
    from stories.models import StoryPage

    if not isinstance(page, StoryPage):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        return JsonResponse({"error": _("You cannot comment on this story.")}, status=403)
    prefix = request.GET.get("q", "")[:MAX_PREFIX]
    people = matching_people(page, prefix, exclude=request.user)
    return JsonResponse(
        {"people": [{"id": person.pk, "name": display_name(person)} for person in people]}
    )


def suggestions_url_template():
    """The suggestions URL with a `0` where the page id goes (the editor script fills it)."""
    return reverse("stories_mention_suggestions", args=[0])


def mention_urls():
    return [
        path(
            "mentions/<int:page_id>/people/",
            mention_suggestions,
            name="stories_mention_suggestions",
        )
    ]


def editor_js():
    """The suggestions script for the page editor (no inline script: the CSP forbids them)."""
    return format_html(
        '<script src="{}" data-css="{}" data-url-template="{}" data-label="{}"></script>',
        static("js/mentions.js"),
        static("css/mentions.css"),
        suggestions_url_template(),
        gettext("People you can mention"),
    )
