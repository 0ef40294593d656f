"""Server-rendered SVG charts (pygal) for the readership pages: no JavaScript, accessible."""

import re
import uuid

import pygal
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

# pygal always embeds a small config <script>, even with js=[]: it is dropped (no JS wanted).
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)

CHART_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    # The page's text colour (CSS currentColor): readable in the admin's light and dark themes.
    foreground="currentColor",
    foreground_strong="currentColor",
    foreground_subtle="currentColor",
    colors=("#007d7e", "#e06c00", "#5c3d99"),
    font_family="system-ui, sans-serif",
)


def daily_chart(series, *, title, description):
    """A line chart of daily views and reads; `series`: [(day, views, readers, reads)]."""
    chart = pygal.Line(
        js=[],
        disable_xml_declaration=True,
        width=900,
        height=320,
        style=CHART_STYLE,
        show_dots=False,
        fill=False,
        x_label_rotation=0,
        show_minor_x_labels=False,
        x_labels_major_every=max(1, len(series) // 6),
        truncate_label=-1,
        legend_at_bottom=True,
        min_scale=1,
        include_x_axis=True,
    )
    chart.x_labels = [date_format(day, "SHORT_DATE_FORMAT") for day, *_rest in series]
    chart.add(_("Views"), [views for _day, views, _readers, _reads in series])
    chart.add(_("Reads"), [reads for _day, _views, _readers, reads in series])
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    ident = f"chart-{uuid.uuid4().hex[:8]}"
    accessible = (
        f'<svg role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'focusable="false" style="max-width:100%;height:auto" '
    )
    svg = svg.replace("<svg ", accessible, 1)
    head_end = svg.index(">") + 1
    svg = (
        svg[:head_end]
        + f'<title id="{ident}-title">{escape(title)}</title>'
        + f'<desc id="{ident}-desc">{escape(description)}</desc>'
        + svg[head_end:]
    )
    return mark_safe(svg)  # noqa: S308 - pygal escapes its labels; ours are escaped above


def sparkline(values, *, width=120, height=24):
    """A tiny line of daily views (decorative: the figures stand next to it), as inline SVG."""
    if not values:
        return ""
    top = max(values) or 1
    step = width / max(1, len(values) - 1)
    points = " ".join(
        f"{index * step:.1f},{height - 2 - value * (height - 4) / top:.1f}"
        for index, value in enumerate(values)
    )
    return mark_safe(  # noqa: S308 - numbers only
        f'<svg class="rs-spark" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" aria-hidden="true" focusable="false">'
        f'<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{points}"/>'
        "</svg>"
    )
