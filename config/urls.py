"""URL configuration: the public site (with a language prefix), the admin and the API."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("trials.urls")),
    path("", include("evidence.urls")),
    prefix_default_language=False,
)
