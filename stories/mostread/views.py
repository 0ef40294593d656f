"""/most-read/: the page of the cached most-read figures."""

from django.template.response import TemplateResponse

from stories.models import MostReadSettings, ReadershipSource
from stories.mostread.figures import SMALL_CELL, figures_for


def most_read(request):
    """/most-read/: top stories, storytellers, departments and company figures (cached)."""
    figures = figures_for(request.user)
    # The cached figures hold source codes; labels follow the reader's language.
    figures = {
        **figures,
        "sources": [
            {**row, "label": ReadershipSource.label_for(row["source"])}
            for row in figures["sources"]
        ],
    }
    page_settings = MostReadSettings.load(request_or_site=request)
    return TemplateResponse(
        request,
        "stories/mostread/most_read.html",
        {
            "figures": figures,
            "show_leaderboard": page_settings.show_storytellers_leaderboard,
            "small_cell": SMALL_CELL,
        },
    )
