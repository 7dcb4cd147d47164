"""Security helpers that settings refer to by dotted path."""

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The visitor's address, read through the configured number of trusted reverse proxies.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the
    client is the entry that many places from the right; anything further left is whatever the
    client chose to send. Without proxies (the default) this is REMOTE_ADDR.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(addresses) >= count:
            return addresses[-count]
    return request.META.get("REMOTE_ADDR")
