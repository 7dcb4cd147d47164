"""The project's admin site: Django's admin plus the curation dashboard and its link on the index.

Installed by `config.apps.CuratorAdminConfig` (Django's documented way to replace the default
site), so `admin.site` and every `@admin.register` use it.
"""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path

from evidence.curation.views import curation_dashboard

from .autocomplete import RankedAutocompleteJsonView


class CuratorAdminSite(admin.AdminSite):
    """The admin with "What needs attention" at /admin/curation/ (`admin:curation`)."""

    # The index with a link to the dashboard (evidence/curation/templates/admin/).
    index_template = "admin/curation_index.html"

    def get_urls(self) -> list[URLPattern | URLResolver]:
        dashboard = path("curation/", self.admin_view(self.curation_view), name="curation")
        return [dashboard, *super().get_urls()]

    def autocomplete_view(self, request: HttpRequest) -> HttpResponse:
        """Autocomplete with exact and prefix matches first (config.autocomplete)."""
        return RankedAutocompleteJsonView.as_view(admin_site=self)(request)

    def curation_view(self, request: HttpRequest) -> TemplateResponse:
        """The curation dashboard, behind the admin's own login."""
        return curation_dashboard(request, self)
