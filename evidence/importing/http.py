"""Fetching from ClinicalTrials.gov, PubMed and Crossref: timeouts, retries and clear errors.

Retries are urllib3's `Retry` on the session's adapters (429, 5xx and failed connections, with
exponential backoff and the service's Retry-After); this module turns what is left into messages
a curator can act on. Every function takes an optional `session` (anything with
requests.Session's `get`), so tests can pass a recorded network; the admin and the commands pass
nothing (a new_session()).
"""

from collections.abc import Iterator
from typing import Any, Protocol
from urllib.parse import quote

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from evidence.importing.errors import (
    ImporterError,
    NotFoundError,
    ServiceUnavailableError,
)
from evidence.importing.sources.ctgov import load_document

USER_AGENT = "liver-msc-evidence/0.1 (curation importer)"
RETRY_STATUSES = frozenset({429, *range(500, 600)})
MAX_RETRY_AFTER_SECONDS = 30.0


class Session(Protocol):
    def get(self, url: str, **kwargs: Any) -> requests.Response: ...


class ImporterRetry(Retry):
    """urllib3's Retry with the service's Retry-After capped: a curator waits for the page."""

    def get_retry_after(self, response: Any) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, MAX_RETRY_AFTER_SECONDS)


def new_session(*, retries: int = 3, backoff_seconds: float = 1.0) -> requests.Session:
    """A requests session that says who we are and retries what may succeed a moment later.

    429 and 5xx answers and failed connections are retried `retries` times, waiting
    backoff_seconds × 2, × 4 … between attempts (or the service's Retry-After, at most
    MAX_RETRY_AFTER_SECONDS); a read timeout is not retried (the service is slow, not away).
    """
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    retry = ImporterRetry(
        total=retries,
        connect=retries,
        read=False,
        status=retries,
        other=0,
        allowed_methods=frozenset({"GET"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff_seconds,
        respect_retry_after_header=True,
        raise_on_status=False,  # the last answer comes back, and is explained below
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def fetch(
    url: str,
    *,
    service: str,
    session: Session | None = None,
    params: dict[str, str] | None = None,
    not_found: str = "",
    timeout: float | None = None,
    retries: int = 3,
) -> bytes:
    """GET url and return the body; raise ImporterError with a message a curator can act on.

    Without a session, a new_session() retries `retries` times.
    """
    session = session or new_session(retries=retries)
    timeout = timeout or settings.IMPORT_TIMEOUT_SECONDS
    try:
        response = session.get(url, params=params, timeout=timeout)
    except requests.ConnectTimeout as error:
        raise ServiceUnavailableError(
            _("Could not connect to %(service)s within %(seconds)g seconds.")
            % {"service": service, "seconds": timeout}
        ) from error
    except requests.Timeout as error:
        raise ServiceUnavailableError(
            _("%(service)s did not answer within %(seconds)g seconds; nothing was changed.")
            % {"service": service, "seconds": timeout}
        ) from error
    except requests.ConnectionError as error:
        raise ServiceUnavailableError(
            _("Could not reach %(service)s: the network seems to be down; nothing was changed.")
            % {"service": service}
        ) from error
    except requests.RequestException as error:
        raise ImporterError(
            _("The request to %(service)s failed: %(error)s") % {"service": service, "error": error}
        ) from error
    return _body(response, service=service, not_found=not_found)


def _body(response: requests.Response, *, service: str, not_found: str) -> bytes:
    """The answer's bytes, or the error it stands for (after any retries)."""
    status = response.status_code
    if status == 404:
        raise NotFoundError(not_found or _("%(service)s: not found.") % {"service": service})
    if status == 429:
        raise ServiceUnavailableError(
            _(
                "%(service)s is limiting how often we may ask (HTTP 429); nothing was "
                "changed. Try again in a minute."
            )
            % {"service": service}
        )
    if status >= 500:
        raise ServiceUnavailableError(
            _("%(service)s answered with a server error (HTTP %(status)s); nothing was changed.")
            % {"service": service, "status": status}
        )
    if status >= 400:
        raise ImporterError(
            _("%(service)s refused the request (HTTP %(status)s): %(body)s")
            % {"service": service, "status": status, "body": _snippet(response.content)}
        )
    return response.content


def _snippet(content: bytes) -> str:
    return content[:200].decode("utf-8", errors="replace").strip()


def ctgov_study(nct_id: str, *, session: Session | None = None, **options: Any) -> bytes:
    """The /studies/{nctId} document of one study."""
    return fetch(
        f"{settings.CTGOV_API_URL}/studies/{quote(nct_id)}",
        service="ClinicalTrials.gov",
        session=session,
        not_found=_("%(id)s was not found on ClinicalTrials.gov.") % {"id": nct_id},
        **options,
    )


def ctgov_search_pages(
    term: str, *, session: Session | None = None, page_size: int = 50, max_pages: int = 10
) -> Iterator[bytes]:
    """The search result pages for term, following nextPageToken up to max_pages."""
    token = ""
    for _page in range(max_pages):
        params = {"query.term": term, "pageSize": str(page_size), "countTotal": "true"}
        if token:
            params["pageToken"] = token
        raw = fetch(
            f"{settings.CTGOV_API_URL}/studies",
            service="ClinicalTrials.gov",
            session=session,
            params=params,
        )
        yield raw
        token = str(load_document(raw).get("nextPageToken") or "")
        if not token:
            return


def pubmed_efetch(pmids: list[str], *, session: Session | None = None, **options: Any) -> bytes:
    """The efetch XML (PubmedArticleSet) for the PMIDs."""
    return fetch(
        settings.PUBMED_EFETCH_URL,
        service="PubMed",
        session=session,
        params={"db": "pubmed", "id": ",".join(pmids), "retmode": "xml"},
        **options,
    )


def crossref_work(doi: str, *, session: Session | None = None, **options: Any) -> bytes:
    """The /works/{doi} JSON of one DOI."""
    return fetch(
        f"{settings.CROSSREF_API_URL}/works/{quote(doi, safe='/')}",
        service="Crossref",
        session=session,
        not_found=_("The DOI %(doi)s was not found on Crossref.") % {"doi": doi},
        **options,
    )
