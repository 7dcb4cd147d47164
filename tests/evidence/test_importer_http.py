"""Fetching from the services: timeouts, retries with backoff, and clear errors.

Answers without retries come from a recorded network (FakeSession); retries, which urllib3 makes
below the session, from a real HTTP server on 127.0.0.1 (tests/evidence/local_service.py).
"""

import socket

import pytest
import requests

from evidence.importing import http
from evidence.importing.errors import ImporterError, NotFoundError, ServiceUnavailableError
from tests.evidence.local_service import recorded_service
from tests.evidence.network import FakeSession

URL = "https://registry.invalid/api/v2/studies/NCT01220492"


def fetch(session: FakeSession, **options: object) -> bytes:
    return http.fetch(URL, service="ClinicalTrials.gov", session=session, **options)


def fetch_live(url: str, *, retries: int = 3, backoff_seconds: float = 0.0) -> bytes:
    session = http.new_session(retries=retries, backoff_seconds=backoff_seconds)
    return http.fetch(url, service="ClinicalTrials.gov", session=session, timeout=5)


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


def test_rate_limiting_is_retried_until_an_answer_comes():
    with recorded_service([(429, b""), (429, b""), (200, b"{}")]) as service:
        assert fetch_live(service.url) == b"{}"
    assert len(service.request_times) == 3


def test_waits_grow_between_retries():
    with recorded_service([(503, b""), (503, b""), (503, b""), (200, b"{}")]) as service:
        fetch_live(service.url, backoff_seconds=0.1)
    times = service.request_times
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert gaps[2] >= 0.4 and gaps[1] >= 0.2  # backoff 0.1 × 2, × 4 (the first retry at once)


def test_a_short_retry_after_from_the_service_is_respected():
    with recorded_service([(429, b"", {"Retry-After": "1"}), (200, b"{}")]) as service:
        assert fetch_live(service.url) == b"{}"
    assert service.request_times[1] - service.request_times[0] >= 1.0


def test_a_long_retry_after_is_cut_short(monkeypatch):
    monkeypatch.setattr(http, "MAX_RETRY_AFTER_SECONDS", 0.2)
    with recorded_service([(429, b"", {"Retry-After": "3600"}), (200, b"{}")]) as service:
        assert fetch_live(service.url) == b"{}"
    assert service.request_times[1] - service.request_times[0] < 60


def test_rate_limiting_that_persists_is_a_clear_error():
    with (
        recorded_service([(429, b"")]) as service,
        pytest.raises(ServiceUnavailableError, match="HTTP 429"),
    ):
        fetch_live(service.url, retries=2)
    assert len(service.request_times) == 3


def test_server_errors_are_retried_then_reported():
    with recorded_service([(503, b""), (200, b"{}")]) as service:
        assert fetch_live(service.url) == b"{}"
    with (
        recorded_service([(502, b"")]) as service,
        pytest.raises(ServiceUnavailableError, match="server error \\(HTTP 502\\)"),
    ):
        fetch_live(service.url, retries=1)
    assert len(service.request_times) == 2


def test_a_refused_connection_is_retried_then_reported():
    with socket.socket() as unused:  # a port nobody listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(ServiceUnavailableError, match="network seems to be down"):
        fetch_live(f"http://127.0.0.1:{port}/studies/NCT01220492", retries=1)


def test_a_dropped_connection_from_the_session_is_reported():
    session = FakeSession({"/studies/": requests.ConnectionError("down")})
    with pytest.raises(ServiceUnavailableError, match="network seems to be down"):
        fetch(session)


def test_a_read_timeout_is_reported_without_retrying():
    session = FakeSession({"/studies/": requests.ReadTimeout("slow")})
    with pytest.raises(ServiceUnavailableError, match="did not answer within 15 seconds"):
        fetch(session, timeout=15)
    assert len(session.calls) == 1


def test_a_refused_request_shows_the_services_words_and_is_not_retried():
    with (
        recorded_service([(400, b'{"message": "bad field"}')]) as service,
        pytest.raises(ImporterError, match="HTTP 400.*bad field"),
    ):
        fetch_live(service.url)
    assert len(service.request_times) == 1


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
