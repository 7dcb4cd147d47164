"""Fetching from the services: timeouts, retries with backoff, and clear errors (a fake network)."""

import pytest
import requests

from evidence.importing import http
from evidence.importing.errors import ImporterError, NotFoundError, ServiceUnavailableError
from tests.evidence.network import FakeSession

URL = "https://registry.invalid/api/v2/studies/NCT01220492"


def fetch(session: FakeSession, waits: list[float] | None = None, **options: object) -> bytes:
    waits = [] if waits is None else waits
    return http.fetch(
        URL, service="ClinicalTrials.gov", session=session, sleep=waits.append, **options
    )


def test_a_good_answer_returns_its_bytes_with_a_timeout():
    session = FakeSession({"/studies/": b"{}"})
    assert fetch(session, timeout=7) == b"{}"
    assert session.timeouts == [7]


def test_the_configured_timeout_is_used_by_default(settings):
    settings.IMPORT_TIMEOUT_SECONDS = 3
    session = FakeSession({"/studies/": b"{}"})
    fetch(session)
    assert session.timeouts == [3]


def test_not_found_says_so():
    session = FakeSession({"/studies/": (404, b"")})
    with pytest.raises(NotFoundError, match="NCT01220492 is unknown"):
        fetch(session, not_found="NCT01220492 is unknown")
    assert len(session.calls) == 1


def test_rate_limiting_is_retried_with_growing_waits():
    session = FakeSession({"/studies/": [(429, b""), (429, b""), (200, b"{}")]})
    waits: list[float] = []
    assert fetch(session, waits) == b"{}"
    assert len(session.calls) == 3 and waits[1] == 2 * waits[0]


def test_a_short_retry_after_from_the_service_is_respected():
    session = FakeSession({"/studies/": [(429, b"", {"Retry-After": "5"}), (200, b"{}")]})
    waits: list[float] = []
    fetch(session, waits, backoff_seconds=1)
    assert waits == [5.0]


def test_rate_limiting_that_persists_is_a_clear_error():
    session = FakeSession({"/studies/": (429, b"")})
    with pytest.raises(ServiceUnavailableError, match="HTTP 429"):
        fetch(session, retries=2)
    assert len(session.calls) == 3


def test_server_errors_are_retried():
    session = FakeSession({"/studies/": [(503, b""), (200, b"{}")]})
    assert fetch(session) == b"{}"


def test_a_dropped_connection_is_retried_then_reported():
    session = FakeSession({"/studies/": requests.ConnectionError("down")})
    with pytest.raises(ServiceUnavailableError, match="network seems to be down"):
        fetch(session, retries=1)
    assert len(session.calls) == 2


def test_a_read_timeout_is_reported_without_retrying():
    session = FakeSession({"/studies/": requests.ReadTimeout("slow")})
    with pytest.raises(ServiceUnavailableError, match="did not answer within 15 seconds"):
        fetch(session, timeout=15)
    assert len(session.calls) == 1


def test_a_refused_request_shows_the_services_words_and_is_not_retried():
    session = FakeSession({"/studies/": (400, b'{"message": "bad field"}')})
    with pytest.raises(ImporterError, match="HTTP 400.*bad field"):
        fetch(session)
    assert len(session.calls) == 1


def test_search_pages_follow_the_next_page_token_until_there_is_none():
    session = FakeSession(
        {
            "pageToken=second": b'{"studies": []}',
            "query.term=": b'{"studies": [], "nextPageToken": "second"}',
        }
    )
    pages = list(http.ctgov_search_pages("cirrhosis", session=session))
    assert len(pages) == 2 and session.calls[1][1]["pageToken"] == "second"


def test_search_stops_at_the_page_limit():
    session = FakeSession({"query.term=": b'{"studies": [], "nextPageToken": "more"}'})
    assert len(list(http.ctgov_search_pages("cirrhosis", session=session, max_pages=3))) == 3


def test_efetch_asks_for_xml_of_all_pmids_at_once():
    session = FakeSession({"efetch": b"<PubmedArticleSet/>"})
    http.pubmed_efetch(["1", "2"], session=session)
    assert session.calls[0][1] == {"db": "pubmed", "id": "1,2", "retmode": "xml"}


def test_an_unknown_doi_is_not_found_on_crossref():
    session = FakeSession({"/works/": (404, b"Resource not found.")})
    with pytest.raises(NotFoundError, match="10.1371/notarealdoi was not found on Crossref"):
        http.crossref_work("10.1371/notarealdoi", session=session)
