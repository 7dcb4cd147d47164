"""The recorded attack suite (issue 19 item 8): every URL pattern of the URLconf, in English and
Spanish, with every HTTP method and hostile values in every query parameter and form field.

It fails on any 5xx, on a payload that comes back unescaped in markup (HTML, XML, Atom, SVG) and
on any word of a draft in a response. The URLs come from the URLconf (tests/public_urls.py), so
pages added later are attacked too. The walk sends each URL each method once with every parameter
set to the script payload (locally GET, POST, PUT and OPTIONS, which answer for the other three,
see WALK_METHODS; all seven in CI, where .ci/run sets FUZZ_EXAMPLES); the `fuzz` part sends each
hostile value on its own to every URL without arguments: FUZZ_EXAMPLES values (5 locally, all of
them in CI), and in CI every key on its own with six values.
Each run writes what it sent and how the site answered, by status, to
test-artifacts/attack-suite-<part>.json and prints it. The requests the attack on this site found
(issue 19) are kept below as regressions, each with the answer it must get.
"""

import itertools
import json
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from evidence.models import Reference

from .filled_rows import DRAFT, PUBLISHED, make_full_trial, make_reference, make_vocabularies
from .fuzzing import EXAMPLES, FULL
from .public_urls import body, filter_keys, form_field_names, is_markup, public_urls

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# The default walk leaves out the methods whose answer comes from the same code as another's:
# HEAD runs GET's code (Django calls the view alike, the client then drops the body, and the
# API's one method check lists them together), and PATCH and DELETE run PUT's: no public view
# reads the method or the body of any of the three (`require_POST`, `require_safe` and the
# read-only API refuse all three the same way; CSRF treats them alike). CI (FUZZ_EXAMPLES) sends
# all seven.
WALK_METHODS = METHODS if FULL else ("GET", "POST", "PUT", "OPTIONS")
SECRET = b"qzxdraftword"  # in every text field of the draft, never to be shown
# A payload a browser would run if it came back unescaped, and the markers that find it.
PAYLOAD = "\"'><script>alert(1)</script><svg onload=alert(2)>"
MARKERS = (b"<script>alert(1)", b"<svg onload=alert(2)")
HOSTILE = (
    PAYLOAD,
    "\x00",
    "a\x00b",
    "\t\n\r",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%",
    "%zz",
    "-1",
    "0",
    "9" * 40,
    "1e309",
    "NaN",
    "[]",
    "{}",
    "//evil.example/",
    "javascript:alert(1)",
    "\u202e\ufeff",
    "😀" * 50,
    "x" * 5_000,
)
# The values sent to each key on its own in CI (each one kind of trouble).
PER_KEY = (PAYLOAD, "a\x00b", "9" * 40, "%zz", "\t\n\r", "x" * 5_000)
_numbers = itertools.count(1)


def draft_text(max_length: int | None) -> str | None:
    value = f"Qzxdraftword {next(_numbers)}"
    return value if max_length is None or len(value) <= max_length else None


def public_text(max_length: int | None) -> str | None:
    value = f"Public {next(_numbers)}"
    return value if max_length is None or len(value) <= max_length else None


class Attack:
    """Sends requests, checks every answer and keeps the tally."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.statuses: Counter[int] = Counter()
        self.methods: Counter[str] = Counter()
        self.failures: list[str] = []

    def send(self, method: str, url: str, form: str = "") -> None:
        response = self.client.generic(
            method, url, form, content_type="application/x-www-form-urlencoded"
        )
        if response.status_code == 429:  # the API's rate limit: start its count again
            cache.clear()
            response = self.client.generic(
                method, url, form, content_type="application/x-www-form-urlencoded"
            )
        self.statuses[response.status_code] += 1
        self.methods[method] += 1
        shown = f"{method} {url[:200]}" + (f" form {form[:100]!r}" if form else "")
        content = body(response)
        if response.status_code >= 500:
            self.failures.append(f"{shown}: status {response.status_code}")
        elif is_markup(response) and any(marker in content for marker in MARKERS):
            self.failures.append(f"{shown}: the payload came back unescaped")
        elif SECRET in content.lower():
            self.failures.append(f"{shown}: a draft's words in the answer")

    def report(self, part: str) -> dict:
        """What was sent and how the site answered, by status (also written to a file)."""
        summary = {
            "part": part,
            "database": django_settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            "requests": sum(self.statuses.values()),
            "by_status": {str(code): count for code, count in sorted(self.statuses.items())},
            "by_method": dict(sorted(self.methods.items())),
            "failures": len(self.failures),
        }
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"attack-suite-{part}.json").write_text(json.dumps(summary, indent=2))
        print(f"\nattack suite ({part}): {json.dumps(summary)}")
        return summary


@pytest.fixture
def attack() -> Attack:
    """A published trial and a draft one (each with its reference, arms and results), a draft's
    reference on the visitor's list, and a client that gets a 500 back instead of raising."""
    cache.clear()  # the API's rate limit counts requests in the cache
    vocabularies = make_vocabularies(public_text, "attack", "XX")
    make_full_trial(
        text=public_text, slug="public-trial", status=PUBLISHED, vocabularies=vocabularies
    )
    draft = make_full_trial(
        text=draft_text, slug="draft-trial", status=DRAFT, vocabularies=vocabularies
    )
    make_reference(draft_text, trial=draft)
    client = Client(raise_request_exception=False)
    for reference in Reference.objects.all():
        client.post("/list/add/", {"kind": "reference", "id": str(reference.pk)})
    client.post("/list/add/", {"kind": "trial", "id": str(draft.pk)})
    return Attack(client)


def _everything(keys: list[str], value: str) -> str:
    return urlencode([(key, value) for key in keys], quote_via=quote)


# Parameters every page takes or ignores: the page is still served, with the payload echoed
# where it echoes them (the search box, the "next" of a form, an unknown key).
ECHOED = ("q", "next", "search", "utm_source")


def test_every_url_with_every_method_and_a_payload_in_every_parameter(attack):
    urls = [url for _endpoint, url in public_urls(languages=("en", "es"))]
    echoed = _everything(list(ECHOED), PAYLOAD)
    everything = _everything(filter_keys(), PAYLOAD)
    form = _everything(form_field_names(attack.client, urls[:40]), PAYLOAD)
    for url, method in itertools.product(urls, WALK_METHODS):
        posted = form if method in {"POST", "PUT", "PATCH"} else ""
        attack.send(method, f"{url}?{echoed}", posted)
        if method == "GET":  # and every parameter any page or the API reads, at once
            attack.send(method, f"{url}?{everything}")
    summary = attack.report("walk")
    assert not attack.failures, "\n".join(attack.failures[:50])
    # The walk reached the pages: many of the URLs are built on purpose from slugs and ids that
    # do not exist (404 to every method), so at least half of them, not all, answer 200.
    assert summary["by_status"]["200"] >= len(urls) // 2


@pytest.mark.fuzz
def test_each_hostile_value_in_every_parameter_and_form_field(attack):
    listed = [(endpoint, url) for endpoint, url in public_urls(languages=("en", "es"))]
    urls = [url for endpoint, url in listed if not endpoint.arguments]
    keys = filter_keys()
    fields = form_field_names(attack.client, urls)
    values = HOSTILE if FULL else HOSTILE[:EXAMPLES]
    for url, value in itertools.product(urls, values):
        attack.send("GET", f"{url}?{_everything(keys, value)}")
        attack.send("POST", url, _everything(fields, value))
    if FULL:  # one key at a time, so a value that one parameter stops cannot hide another's
        english = [url for url in urls if not url.startswith("/es/")]
        for url, key, value in itertools.product(english, keys, PER_KEY):
            attack.send("GET", f"{url}?{urlencode({key: value}, quote_via=quote)}")
    attack.report("fuzz")
    assert not attack.failures, "\n".join(attack.failures[:50])


# The requests the attack on this site found (issue 19), with the answer each must get.
REGRESSIONS = [
    ("GET", "/i18n/setlang/?next=//%5B", 302),
    ("POST", "/i18n/setlang/?next=//%5B", 302),
    ("GET", "/api/schema/?version=%09%0A%0D", 200),
    ("OPTIONS", "/api/docs/", 405),
    ("GET", "/api/trials/?page_size=101", 400),
    ("GET", "/api/trials/?page_size=0", 400),
    ("GET", "/api/trials/?page_size=-5", 400),
    ("GET", "/api/trials/?has_results=maybe", 400),
    ("GET", "/api/trials/?condition=", 200),
    ("GET", "/api/references/?trial=no-such-trial", 404),
    ("GET", "/trials/?has_results=maybe", 200),  # explained on the page
    ("GET", "/trials/?country=cn", 302),  # to the canonical ?country=CN
    ("GET", "/trials/?q=%00", 200),  # the NUL removed, and said so
    ("POST", "/list/add/?next=//%5B", 400),  # no kind or id: said so
]


@pytest.mark.parametrize(("method", "url", "status"), REGRESSIONS)
def test_the_requests_that_once_failed(attack, method, url, status):
    response = attack.client.generic(method, url)
    assert response.status_code == status, body(response)[:300]


def test_a_huge_form_or_broken_cookies_get_a_clear_answer(attack):
    huge = urlencode({"kind": "trial", "id": "1", "next": "x" * 3_000_000})
    assert attack.client.generic("POST", "/list/add/", huge).status_code == 400
    attack.client.cookies.load({"csrftoken": "\\000" * 10, "sessionid": "not-a-session"})
    strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
    strict.cookies.load({"csrftoken": "broken", "sessionid": "\\000"})
    assert strict.post("/list/add/", {"kind": "trial", "id": "1"}).status_code == 403
    assert strict.get("/trials/").status_code == 200
    assert attack.client.get("/", HTTP_HOST="attacker.example").status_code == 400


# The checks themselves fail when they should: a view that crashes, one that echoes a
# parameter unescaped and one that shows a draft's words (this module is their URLconf).
def _crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug, on purpose")


def _echo(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"<p>{request.GET.get('q', '')}</p>")


def _draft(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b'{"title": "Qzxdraftword 1"}', content_type="application/json")


urlpatterns = [
    path("crash/", _crash),
    path("echo/", _echo),
    path("draft/", _draft),
    *site_urlpatterns,  # the error pages link to the site
]


def test_the_checks_catch_a_crash_an_unescaped_payload_and_a_draft_word(settings):
    settings.ROOT_URLCONF = __name__
    attack = Attack(Client(raise_request_exception=False))
    for url in ("/crash/", f"/echo/?{_everything(['q'], PAYLOAD)}", "/draft/"):
        attack.send("GET", url)
    assert [failure.split(": ")[-1] for failure in attack.failures] == [
        "status 500",
        "the payload came back unescaped",
        "a draft's words in the answer",
    ]
