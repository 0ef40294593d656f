"""Registration only (the logic lives in stories.review.admin_hooks, panels and permissions)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from stories import admin_privacy
from stories.author_sections import author_stories_section, coached_stories_section
from stories.checks import sending
from stories.erasure.outcomes import erasure_preview
from stories.erasure.team_stories import register_erasure_log_actions
from stories.erasure.views import erasure_urls
from stories.mentions.panels import add_mentions_panel, mark_seen_on_opening
from stories.mentions.personal_data import mentions_personal_data
from stories.mentions.views import editor_js, mention_urls
from stories.metadata import story_metadata
from stories.personal_data import story_personal_data
from stories.pipeline.panels import add_pitch_and_coaching_panels
from stories.pipeline.views import pipeline_menu_item, pipeline_urls
from stories.pitches.triage import register_pitch_log_actions
from stories.pitches.viewsets import PitchViewSet
from stories.readership.menu import readership_admin_urls, readership_menu_item
from stories.readership.panels import ReadershipEmailSettingsPanel, add_readership_panel
from stories.reports import RepresentationReportMenuItem, RepresentationReportView
from stories.review import admin_hooks, answers, decisions
from stories.review.personal_data import review_personal_data
from stories.thanks.panels import add_thanks_panel
from stories.thanks.personal_data import thanks_personal_data
from stories.thanks.views import thanks_admin_urls
from stories.writing import assets as writing_assets
from stories.writing import messages as writing_messages
from stories.writing.send import send_to_coach_by_name

hooks.register("storywerk_page_metadata", story_metadata)
hooks.register("storywerk_author_page_sections", author_stories_section)
hooks.register("storywerk_author_page_sections", coached_stories_section)
# Checks first: a refused send becomes a draft save before the workflow hooks see it.
hooks.register("before_edit_page", sending.check_before_sending_edit, order=-10)
hooks.register("before_create_page", sending.check_before_sending_create, order=-10)
hooks.register("after_edit_page", sending.say_why_not_sent)
hooks.register("after_create_page", sending.say_why_not_sent)
hooks.register("before_edit_page", admin_hooks.restart_workflow_instead_of_resuming)
hooks.register("before_edit_page", admin_hooks.show_requested_changes)
hooks.register("before_edit_page", decisions.apply_review_decision)
hooks.register("after_edit_page", decisions.confirm_review_decision)
hooks.register("insert_global_admin_css", decisions.review_admin_css)
hooks.register("register_admin_urls", answers.answer_urls)
hooks.register("register_log_actions", answers.register_answer_log_actions)
hooks.register("construct_page_action_menu", admin_hooks.submit_to_coach_first)
hooks.register("construct_explorer_page_queryset", admin_hooks.hide_stories_in_explorer)
hooks.register("construct_page_chooser_queryset", admin_hooks.hide_stories_in_page_chooser)
# After wagtail.images' own registration (order 0), so this endpoint replaces it.
hooks.register("construct_admin_api", admin_privacy.register_images_api, order=10)
hooks.register("construct_homepage_panels", admin_hooks.story_dashboard_panels)
hooks.register("construct_homepage_panels", add_pitch_and_coaching_panels)
hooks.register("construct_main_menu", admin_hooks.hide_menus_for_authors)
hooks.register("construct_homepage_summary_items", admin_hooks.site_summary_for_editors, order=100)
hooks.register("construct_reports_menu", admin_hooks.hide_reports_for_non_editors)
hooks.register("register_log_actions", admin_hooks.register_story_log_actions)
hooks.register("construct_admin_api", admin_hooks.story_admin_api)
hooks.register("register_log_actions", register_pitch_log_actions)
hooks.register("register_admin_viewset", PitchViewSet)
hooks.register("register_admin_urls", pipeline_urls)
hooks.register("register_admin_menu_item", pipeline_menu_item)
hooks.register("construct_homepage_panels", add_readership_panel)
hooks.register("construct_homepage_panels", add_thanks_panel)
hooks.register("register_admin_urls", thanks_admin_urls)
hooks.register("register_admin_urls", readership_admin_urls)
hooks.register("register_admin_menu_item", readership_menu_item)
hooks.register("register_account_settings_panel", ReadershipEmailSettingsPanel)


@hooks.register("register_admin_urls")
def register_representation_report_urls():
    return [
        path(
            "reports/representation/",
            RepresentationReportView.as_view(),
            name="stories_representation_report",
        ),
        path(
            "reports/representation/results/",
            RepresentationReportView.as_view(results_only=True),
            name="stories_representation_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_representation_report_menu_item():
    return RepresentationReportMenuItem(
        _("Representation"),
        reverse("stories_representation_report"),
        name="representation",
        icon_name="group",
        order=900,
    )


hooks.register("storywerk_personal_data", story_personal_data)
hooks.register("storywerk_erasure_preview", erasure_preview)
hooks.register("register_admin_urls", erasure_urls)
hooks.register("register_log_actions", register_erasure_log_actions)
hooks.register("storywerk_personal_data", review_personal_data)
hooks.register("register_admin_urls", mention_urls)
hooks.register("construct_homepage_panels", add_mentions_panel)
hooks.register("before_edit_page", mark_seen_on_opening)
hooks.register("insert_editor_js", editor_js)
hooks.register("storywerk_personal_data", mentions_personal_data)
hooks.register("storywerk_personal_data", thanks_personal_data)

# The author's side of writing and sending (stories.writing); after the review hooks (order).
hooks.register("construct_page_action_menu", send_to_coach_by_name, order=10)
hooks.register("before_edit_page", writing_messages.reword_send_on_edit)
hooks.register("before_create_page", writing_messages.reword_send_on_create)
hooks.register("insert_editor_js", writing_assets.editor_js)
hooks.register("insert_global_admin_css", writing_assets.admin_css)
