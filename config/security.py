"""Security helpers that settings refer to by dotted path."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# The longest username a curator account can have (django.contrib.auth's User.username); the
# lockout table's column holds 255.
USERNAME_MAX_LENGTH = 150


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    """Whether the address is one of settings.TRUSTED_PROXIES (DJANGO_TRUSTED_PROXIES)."""
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in settings.TRUSTED_PROXIES)


def forwarded_client(peer: str, forwarded_for: str) -> str:
    """The client behind a trusted peer: X-Forwarded-For read from the right, past every
    trusted proxy; the first address that is not one is the client (each proxy appends the
    address it received the request from, so anything further left is whatever the client
    chose to send). An entry that is not an address stops the walk at the last good one."""
    client = peer
    for entry in reversed(forwarded_for.split(",")):
        address = _address(entry)
        if address is None:
            break
        client = str(address)
        if not is_trusted_proxy(client):
            break
    return client


def client_ip_address(request: HttpRequest) -> str | None:
    """The visitor's address: REMOTE_ADDR, which TrustedProxyMiddleware set to the client."""
    return request.META.get("REMOTE_ADDR")


def login_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username a sign-in attempt gave, cut to the longest a real account has.

    django-axes records failed attempts with the username; a 100,000-character one did not fit
    its column and the sign-in page answered 500. No account has a longer name, so the cut name
    locks out exactly the accounts it could have signed in to.
    """
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username")
    return None if username is None else str(username)[:USERNAME_MAX_LENGTH]
