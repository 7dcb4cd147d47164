"""Small answers shared by the site's views."""

from django.http import HttpResponseBadRequest


def is_row_id(value: str) -> bool:
    """A row id: digits that fit a 64-bit integer (a longer one would fail in the database)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def plain_bad_request(message: str) -> HttpResponseBadRequest:
    """400 with the reason as plain text."""
    return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")
