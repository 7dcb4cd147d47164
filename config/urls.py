"""URL configuration: the public site (with a language prefix), the admin and the API."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from config import views
from config.language import set_language
from evidence.feeds import ConditionChangesFeed, TrialChangesFeed
from evidence.sitemaps import SITEMAPS

urlpatterns = [
    path("api/", include("evidence.api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

urlpatterns += i18n_patterns(
    # The admin in the curator's language: /admin/ in English, /es/admin/ in Spanish.
    path("admin/", admin.site.urls),
    path("", include("trials.urls")),
    path("", include("evidence.urls")),
    path("feeds/trials/", TrialChangesFeed(), name="feed-trials"),
    path("feeds/conditions/<slug:slug>/", ConditionChangesFeed(), name="feed-condition"),
    prefix_default_language=False,
)
