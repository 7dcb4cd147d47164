"""Curator-entered text is escaped on every public response, and every POST needs a CSRF token.

The URLs come from the URLconf (tests/public_urls.py), so pages, exports, feeds, sitemaps and API
endpoints added later are checked too.
"""

import itertools

import pytest
from django.core.cache import cache
from django.test import Client

from evidence.models import Reference

from .filled_rows import PUBLISHED, make_full_trial, make_reference, make_review, make_vocabularies
from .public_urls import all_public_urls, body, export_urls, is_markup, public_urls

pytestmark = pytest.mark.django_db

# Longest first: each field gets the longest payload that fits, plus a number to keep it unique.
PAYLOADS = (
    '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "<b>x</b>",
)
# Any of these in markup means curator text reached the page unescaped.
MARKERS = (b"<script>alert", b"<img src=x", b"<svg onload", b"<b>x</b>")
_numbers = itertools.count(1)


def payload(max_length: int | None) -> str | None:
    number = str(next(_numbers))
    for text in PAYLOADS:
        if max_length is None or len(text) + len(number) <= max_length:
            return text + number
    return None


@pytest.fixture
def hostile_trial():  # noqa: ANN201
    cache.clear()  # the API's rate limit counts requests in the cache
    vocabularies = make_vocabularies(payload, "hostile", "XX")
    trial = make_full_trial(
        text=payload, slug="hostile-trial", status=PUBLISHED, vocabularies=vocabularies
    )
    make_reference(payload, trial=trial, url="javascript:alert(1)")
    measure = vocabularies["measure"]
    make_review(
        text=payload, slug="hostile-review", trials=[trial], measure=measure, status=PUBLISHED
    )
    return trial


def every_public_response(client: Client):  # noqa: ANN201
    """Each public URL in English and Spanish, and each export in every format."""
    for endpoint, url in public_urls(languages=("en", "es")):
        yield url, client.get(url)
        if endpoint.is_export:
            for export_url in export_urls(url):
                yield export_url, client.get(export_url)


def test_curator_text_is_escaped_on_every_public_response(hostile_trial):
    client = Client(raise_request_exception=False)  # a crash is reported with the other problems
    session = client.session
    session["basket"] = {
        "trials": [hostile_trial.pk],
        "references": list(Reference.objects.values_list("pk", flat=True)),
    }
    session.save()
    problems, rendered = [], 0
    for url, response in every_public_response(client):
        content = body(response)
        if response.status_code >= 500:
            problems.append(f"{url}: status {response.status_code}")
        elif is_markup(response):
            problems += [f"{url}: {m.decode()} unescaped" for m in MARKERS if m in content]
            if b'href="javascript:' in content.lower():
                problems.append(f"{url}: a javascript: link")
            rendered += b"&lt;script&gt;alert" in content
        elif response["Content-Type"].startswith("text/html"):
            problems.append(f"{url}: served as text/html")
    assert not problems, "\n".join(problems)
    assert rendered, "no page showed the payload at all: the walk checked nothing"


def test_every_post_without_a_csrf_token_is_refused(hostile_trial):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    form = {"next": "/", "id": str(hostile_trial.pk), "kind": "trial"}
    urls = [*all_public_urls(languages=("en", "es")), "/admin/login/"]
    statuses = {url: client.post(url, form).status_code for url in urls}
    # 403: refused by the CSRF check; 404/405: nothing there takes a POST.
    accepted = {url: status for url, status in statuses.items() if status not in (403, 404, 405)}
    assert not accepted
    assert list(statuses.values()).count(403) >= 2  # at least the admin login and set_language
