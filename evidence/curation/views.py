"""The admin page listing what needs attention (curators and superusers only)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .access import user_is_curator
from .report import curation_sections

DASHBOARD_ITEMS_SHOWN = 100


def curation_dashboard(request: HttpRequest, site: admin.AdminSite) -> TemplateResponse:
    """What needs attention, with counts and links to each record's admin form."""
    if not user_is_curator(request.user):
        raise PermissionDenied
    sections = curation_sections()
    context = {
        **site.each_context(request),
        "title": _("What needs attention"),
        "sections": sections,
        "total": sum(section.count for section in sections),
        "items_shown": DASHBOARD_ITEMS_SHOWN,
    }
    return TemplateResponse(request, "admin/curation_dashboard.html", context)
