"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug, on purpose")


def forbid(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def refuse(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a malformed request, on purpose")


urlpatterns = [
    *i18n_patterns(
        path("fail/", fail),
        path("forbid/", forbid),
        path("refuse/", refuse),
        prefix_default_language=False,
    ),
    *site_urlpatterns,
]
