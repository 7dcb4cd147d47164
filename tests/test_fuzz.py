"""Random query strings and form data never make a public endpoint fail with a 5xx.

The endpoints come from the URLconf (tests/public_urls.py): each one found at collection time gets
its own test, so endpoints added later are fuzzed too.
"""

import itertools
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .filled_rows import PUBLISHED, make_full_trial, make_review, make_vocabularies
from .fuzzing import EXAMPLES
from .public_urls import (
    all_public_urls,
    endpoint_urls,
    export_formats,
    filter_keys,
    form_field_names,
    public_endpoints,
    url_values,
)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
# The DRF format-suffix twins (trials.json) run the same view as the plain URL.
ENDPOINTS = [endpoint for endpoint in public_endpoints() if "format" not in endpoint.arguments]
_numbers = itertools.count(1)

TRICKY = (
    "",
    "-1",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "9" * 40,
    "-" + "9" * 40,
    "2147483648",
    "9223372036854775808",
    "../../etc/passwd",
    "' OR 1=1 --",
    "\x00",
    "a\x00b",
    "%00",
    "<script>",
    "null",
    "[]",
    "{}",
    "true",
    "\u202e\ufeff",
    "😀" * 10,
)
# Every code point UTF-8 can carry (not lone surrogates): NUL, controls, emoji, RTL marks.
CHARACTERS = st.characters(codec="utf-8")
NUMBERS = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
).map(str)
VALUES = st.one_of(
    st.text(CHARACTERS, max_size=40),  # any Unicode, NUL and control characters included
    NUMBERS,
    st.sampled_from(TRICKY),
    st.builds(lambda c, n: c * n, CHARACTERS, st.integers(1_000, 20_000)),  # huge
)
KEYS = st.one_of(st.sampled_from(filter_keys()), st.text(CHARACTERS, max_size=20))
# Keys repeat: a few keys, each given one or several values.
PAIRS = st.lists(st.tuples(KEYS, st.lists(VALUES, min_size=1, max_size=4)), max_size=6).map(
    lambda groups: [(key, value) for key, values in groups for value in values]
)
QUERIES = st.one_of(
    PAIRS.map(lambda pairs: urlencode(pairs, quote_via=quote)),
    st.binary(max_size=200).map(lambda raw: quote(raw, safe="=&%+;")),  # malformed escapes too
)


def text(max_length: int | None) -> str | None:
    value = f"Fuzz test {next(_numbers)}"
    return value if max_length is None or len(value) <= max_length else None


@pytest.fixture
def site():  # noqa: ANN201
    cache.clear()  # the API's rate limit counts requests in the cache
    vocabularies = make_vocabularies(text, "fuzz", "XX")
    trial = make_full_trial(
        text=text, slug="fuzz-trial", status=PUBLISHED, vocabularies=vocabularies
    )
    measure = vocabularies["measure"]
    make_review(text=text, slug="fuzz-review", trials=[trial], measure=measure, status=PUBLISHED)
    # A crash is answered 500 and reported with the request; its traceback is in the log.
    return Client(raise_request_exception=False)


def reachable_url(client: Client, endpoint) -> str | None:  # noqa: ANN001
    """The endpoint's first URL that answers 200 (arguments filled from the rows), else any."""
    urls = endpoint_urls(endpoint, url_values())
    for url in urls:
        if client.get(url).status_code == 200:
            return url
    return urls[0] if urls else None


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_random_query_strings_never_cause_a_server_error(site, endpoint):
    url = reachable_url(site, endpoint)
    if url is None:
        pytest.skip(f"no rows to fill the arguments of {endpoint.route}")
    # A view that takes POST only (405 here) is fuzzed with form data below; random query
    # strings must still never make it fail.
    # An export is asked for in a real format, so the random filters reach the query.
    formats = st.sampled_from([f"format={name}&" for name in export_formats()] or [""])
    prefixes = formats if endpoint.is_export else st.just("")

    @FUZZ
    @given(prefix=prefixes, query=QUERIES)
    def get(prefix: str, query: str) -> None:
        cache.clear()
        response = site.get(f"{url}?{prefix}{query}")
        assert response.status_code < 500, f"{url}?{prefix}{query[:300]}"

    get()


def fuzz_post(client: Client, url: str, field_names: list[str]) -> None:
    keys = st.one_of(st.sampled_from(field_names), KEYS)
    pairs = st.lists(st.tuples(keys, VALUES), max_size=6)
    forms = pairs.map(lambda pairs: urlencode(pairs, quote_via=quote))

    @FUZZ
    @given(form=forms)
    def post(form: str) -> None:
        response = client.post(url, form, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, f"POST {url} with {form[:300]!r}"

    post()


def test_random_form_data_to_every_public_post_never_causes_a_server_error(site):
    # The public forms: views that refuse GET (405), the language switch and the admin sign-in.
    probe = Client(raise_request_exception=False)
    urls = all_public_urls()
    posts = [url for url in urls if probe.get(url).status_code == 405]
    posts += [reverse("set_language"), reverse("admin:login")]
    field_names = form_field_names(probe, urls)
    for url in posts:
        fuzz_post(site, url, field_names)
