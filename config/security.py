"""Security helpers that settings refer to by dotted path."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# The longest username a curator account can have (django.contrib.auth's User.username); the
# lockout table's column holds 255.
USERNAME_MAX_LENGTH = 150


def _address(text: str) -> str | None:
    """The text as a normalised IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip_address(request: HttpRequest) -> str | None:
    """The visitor's address, read through the configured number of trusted reverse proxies.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the
    client is the entry that many places from the right; anything further left is whatever the
    client chose to send. Without proxies (the default) this is REMOTE_ADDR. An entry that is not
    an IP address was not written by a proxy: REMOTE_ADDR is used instead.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(addresses) >= count and (address := _address(addresses[-count])):
            return address
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
