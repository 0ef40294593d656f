"""Receivers of most-read, connected in StoriesConfig.ready(): the cached figures follow
publication, profile consent and each readership flush."""


def connect():
    from django.db.models.signals import post_save
    from wagtail.signals import page_published, page_unpublished

    from authors.models import AuthorProfile
    from stories.mostread import figures
    from stories.signals import readership_flushed

    readership_flushed.connect(figures.refresh_figures, dispatch_uid="mostread_flush")
    page_published.connect(figures.refresh_figures_for_story, dispatch_uid="mostread_pub")
    page_unpublished.connect(figures.refresh_figures_for_story, dispatch_uid="mostread_unpub")
    post_save.connect(
        figures.refresh_figures, sender=AuthorProfile, dispatch_uid="mostread_profile"
    )
