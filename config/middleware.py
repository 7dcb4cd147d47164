"""Site-wide middleware: the headers Django's SecurityMiddleware does not set, cookie hygiene."""

import re
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

from config.security import forwarded_client, is_trusted_proxy


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


# Headers only a trusted proxy may set; from any other peer they are dropped.
FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


class TrustedProxyMiddleware:
    """Derive the client address and scheme from the proxy headers, only when a trusted proxy
    (settings.TRUSTED_PROXIES) sent them.

    From a trusted peer, REMOTE_ADDR becomes the client found in X-Forwarded-For (so the login
    lockout and the API's rate limit count the client, not the proxy) and X-Forwarded-Proto is
    left for SECURE_PROXY_SSL_HEADER. From any other peer the forwarding headers are removed:
    a client reaching the app directly can neither choose its address nor claim HTTPS.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        if is_trusted_proxy(peer):
            meta["REMOTE_ADDR"] = forwarded_client(peer, meta.get("HTTP_X_FORWARDED_FOR", ""))
        else:
            for header in FORWARDING_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)


# A curator's expiry is renewed at most this often: a session write per ten minutes of work,
# not one per request (the admin's pages keep their query budgets).
RENEW_AFTER_SECONDS = 600
RENEWED_AT_KEY = "_curator_session_renewed_at"


def curator_session_renew(*, session: SessionBase) -> None:
    """Give a signed-in user's session CURATOR_SESSION_IDLE_SECONDS from now."""
    session.set_expiry(settings.CURATOR_SESSION_IDLE_SECONDS)
    session[RENEWED_AT_KEY] = int(time.time())


def curator_signed_in(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """user_logged_in receiver: a sign-in starts the curator's working day."""
    curator_session_renew(session=request.session)


class CuratorSessionMiddleware:
    """A signed-in user's session ends after CURATOR_SESSION_IDLE_SECONDS without a request.

    Visitors keep the site's month (their reference list); a curator's admin session is the key
    to unpublished data, so it lasts a working day of inactivity: the expiry is set at sign-in
    and renewed by their requests, at most once every RENEW_AFTER_SECONDS.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            renewed_at = request.session.get(RENEWED_AT_KEY)
            if not isinstance(renewed_at, int) or time.time() - renewed_at >= RENEW_AFTER_SECONDS:
                curator_session_renew(session=request.session)
        return response
