"""Site-wide plumbing views: the health check and robots.txt."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\nDisallow: /es/admin/\nDisallow: /api/\n"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app can reach its database, 503 with a reason when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The details go to the log, not to whoever asks.
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "reason": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """A constant robots.txt (also the trivial view the load benchmark compares pages with)."""
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")
