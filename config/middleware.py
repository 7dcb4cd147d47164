"""Site-wide middleware: the headers Django's SecurityMiddleware does not set, cookie hygiene."""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy header to every response that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


# Django's session keys: 32 lowercase letters and digits (the table's column holds 40).
SESSION_KEY = re.compile(r"[a-z0-9]{8,40}")


class MalformedSessionCookieMiddleware:
    """Forget a session cookie that no session key can look like, before the session is read.

    Python's cookie parser unquotes octal escapes, so `sessionid="\\000\\000..."` arrives as NUL
    characters, which PostgreSQL refuses in a query: every page that reads the session (the
    visitor's list is on every page) answered 500. Such a visitor gets a new session instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if key is not None and not SESSION_KEY.fullmatch(key):
            del request.COOKIES[settings.SESSION_COOKIE_NAME]
        return self.get_response(request)
