"""The site's URLs plus one view under /api/ that fails like a bug would (for the JSON 500 test)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


urlpatterns = [path("api/crash/", crash), *site_urlpatterns]
