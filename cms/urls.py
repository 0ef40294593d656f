from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from authors.company_sign_in import views as company_sign_in
from authors.sign_in import SiteLoginForm
from authors.views import accept_invitation_view
from cms import views
from cms.document_cache import cached_document
from cms.sitemap import sitemap, sitemap_pages
from stories import admin_privacy
from stories import feeds as story_feeds
from stories import reports as story_reports
from stories import search as story_search
from stories.mostread import views as mostread_views
from stories.pitches import views as pitch_views
from stories.readership import views as readership_views
from stories.thanks import views as thanks_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Story review workflow: the page types usage report is for editors only (stories.reports).
    path(
        "admin/reports/page-types-usage/",
        story_reports.page_types_usage_report,
        name="storywerk_page_types_usage",
    ),
    path(
        "admin/reports/page-types-usage/results/",
        story_reports.page_types_usage_report_results,
        name="storywerk_page_types_usage_results",
    ),
    # Tag suggestions leave out topics only other authors' drafts use (stories.admin_privacy).
    path(
        "admin/tag-autocomplete/",
        admin_privacy.tag_autocomplete,
        name="wagtailadmin_tag_autocomplete",
    ),
    path(
        "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/",
        admin_privacy.tag_autocomplete,
        name="wagtailadmin_tag_model_autocomplete",
    ),
    # Signing out of the admin also ends the company sign-in's session at the provider.
    path("admin/logout/", company_sign_in.AdminSignOutView.as_view(), name="wagtailadmin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", cached_document(sitemap), name="sitemap"),
    # The files of the sitemap index, when /sitemap.xml is one (cms/sitemap.py).
    path(
        "sitemap-<slug:section>.xml",
        cached_document(sitemap_pages),
        name="sitemap_section",
    ),
    path("logout/", company_sign_in.SignOutView.as_view(), name="logout"),
    # Company sign-in (OpenID Connect); 404 until configured. The callback is the redirect URI.
    path("sign-in/company/", company_sign_in.StartView.as_view(), name="company_sign_in"),
    path(
        "sign-in/company/callback/",
        company_sign_in.CallbackView.as_view(),
        name="company_sign_in_callback",
    ),
    # The hero images of feed items (signed URLs: only the sizes the site asks for).
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        ServeView.as_view(action="redirect"),
        name="wagtailimages_serve",
    ),
    path("invitation/<str:token>/", accept_invitation_view, name="accept_invitation"),
    path("readership/beacon", readership_views.beacon, name="readership_beacon"),
    path("readership/pixel.gif", readership_views.pixel, name="readership_pixel"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages: German (settings.LANGUAGE_CODE) without a prefix, English under /en/; admin,
# health check, sitemap, documents and non-page endpoints stay above, outside i18n_patterns.
urlpatterns += i18n_patterns(
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="account/login.html", authentication_form=SiteLoginForm
        ),
        name="login",
    ),
    path("pitch/", pitch_views.pitch_story, name="pitch_story"),
    path("pitch/thanks/", pitch_views.pitch_thanks, name="pitch_thanks"),
    path("stories/<int:story_id>/thanks/", thanks_views.send_thanks, name="story_thanks"),
    # Most read and search; before the Wagtail catch-all below.
    path("most-read/", mostread_views.most_read, name="most_read"),
    path("search/", story_search.search, name="search"),
    # The public privacy page of readership counting, in both languages.
    path("what-we-count/", readership_views.what_we_count, name="what_we_count"),
    # Feeds are not pages: one per language (the stories written in it), and per storyteller.
    # Served from the cache until a publish renews them (cms/document_cache.py).
    path("stories/feed/", cached_document(story_feeds.PublicStoriesFeed()), name="stories_feed"),
    path(
        "stories/feed/atom/",
        cached_document(story_feeds.PublicStoriesAtomFeed()),
        name="stories_feed_atom",
    ),
    path(
        "stories/feed/authors/<str:slug>/",
        cached_document(story_feeds.AuthorStoriesFeed()),
        name="author_stories_feed",
    ),
    path(
        "stories/feed/authors/<str:slug>/atom/",
        cached_document(story_feeds.AuthorStoriesAtomFeed()),
        name="author_stories_feed_atom",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
