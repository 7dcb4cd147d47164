"""Every error under /api/ answers in JSON, including Django's own pages and a database outage.

DRF answers its own errors (400, 404, 405, 429) in JSON. What happens outside DRF's handler, a
crash (500), a database that does not answer (503), a refused Host header (400) or a page of the
docs view, would otherwise be the site's HTML page, which an API client cannot read.
"""

import logging
from collections.abc import Callable
from http import HTTPStatus

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# Seconds a client should wait before asking again while the database is away.
RETRY_AFTER_SECONDS = 30
# Headers of the original answer that still apply to its JSON version.
KEPT_HEADERS = ("Allow", "Retry-After", "Vary")
DETAILS = {
    400: _("The request could not be understood."),
    403: _("This request is not allowed."),
    404: _("There is nothing at this address of the API."),
    405: _("This method is not allowed here; the API only answers GET, HEAD and OPTIONS."),
    413: _("The request is too large."),
    500: _("The server failed to answer this request; the error was logged. Try again later."),
    503: _("The database is not available at the moment; try again in a minute."),
}


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def json_error(request: HttpRequest, status: int, **headers: str) -> JsonResponse:
    """{"detail": "..."} with the status, in the request's Accept-Language (as the API answers)."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        detail = str(DETAILS.get(status) or HTTPStatus(status).phrase)
    response = JsonResponse(
        {"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Language"] = language
    for name, value in headers.items():
        response[name] = value
    return response


class ApiJsonErrorsMiddleware:
    """Under /api/: a database error is a JSON 503, and any other error page becomes JSON."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_api_request(request) or response.status_code < 400:
            return response
        if "json" in response.get("Content-Type", ""):
            return response
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        return json_error(request, response.status_code, **headers)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # OperationalError and InterfaceError: the connection failed or was lost (not a query
        # the database refused, which is a bug and stays a 500).
        connection_lost = isinstance(exception, OperationalError | InterfaceError)
        if not is_api_request(request) or not connection_lost:
            return None  # Django logs it and answers 500; __call__ turns that into JSON
        # Called inside Django's `except` block: the traceback goes to the log, not the client.
        logger.exception("API: the database did not answer %s", request.path)
        return json_error(request, 503, **{"Retry-After": str(RETRY_AFTER_SECONDS)})
