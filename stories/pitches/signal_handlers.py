"""Receivers of the pitches feature, connected in StoriesConfig.ready()."""

from wagtail.signals import page_published


def mark_pitch_published(sender, instance, **kwargs):
    from stories.pitches.triage import mark_pitches_published

    mark_pitches_published(instance)


def connect():
    from stories.models import StoryPage

    page_published.connect(
        mark_pitch_published, sender=StoryPage, dispatch_uid="stories_pitch_published"
    )
