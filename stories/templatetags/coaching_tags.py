"""{% coach_credit page as credit %}: the "Coached by" line of a published story."""

from django import template

from stories.pipeline import board as pipeline

register = template.Library()


@register.simple_tag
def coach_credit(page):
    return pipeline.coach_credit(page)
