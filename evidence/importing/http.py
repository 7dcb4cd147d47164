"""Fetching from ClinicalTrials.gov, PubMed and Crossref: timeouts, retries and clear errors.

Every function takes an optional `session` (anything with requests.Session's `get`), so tests pass a
fake network and the admin and commands pass nothing (a fresh requests.Session).
"""

import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol
from urllib.parse import quote

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from evidence.importing.errors import (
    ImporterError,
    NotFoundError,
    ServiceUnavailableError,
)
from evidence.importing.sources.ctgov import load_document

USER_AGENT = "liver-msc-evidence/0.1 (curation importer)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_SECONDS = 30.0


class Session(Protocol):
    def get(self, url: str, **kwargs: Any) -> requests.Response: ...


def new_session() -> requests.Session:
    """A requests session that says who we are."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def _retry_delay(attempt: int, backoff_seconds: float, response: Any | None) -> float:
    # Exponential backoff (1, 2, 4 … × backoff); a short numeric Retry-After from the service wins.
    delay = backoff_seconds * 2**attempt
    retry_after = response.headers.get("Retry-After", "") if response is not None else ""
    if retry_after.strip().isdigit():
        delay = max(delay, min(float(retry_after), MAX_RETRY_AFTER_SECONDS))
    return delay


def fetch(
    url: str,
    *,
    service: str,
    session: Session | None = None,
    params: dict[str, str] | None = None,
    not_found: str = "",
    timeout: float | None = None,
    retries: int = 3,
    backoff_seconds: float = 1.0,
    sleep: Callable[[float], None] | None = None,
) -> bytes:
    """GET url and return the body; retry 429, 5xx and connection errors; raise ImporterError."""
    session = session or new_session()
    sleep = sleep or time.sleep
    timeout = timeout or settings.IMPORT_TIMEOUT_SECONDS
    failure: ImporterError | None = None
    for attempt in range(retries + 1):
        response = None
        try:
            response = session.get(url, params=params, timeout=timeout)
        except requests.ConnectTimeout:
            failure = ServiceUnavailableError(
                _("Could not connect to %(service)s within %(seconds)g seconds.")
                % {"service": service, "seconds": timeout}
            )
        except requests.Timeout as error:
            # A read timeout is not retried: the service is slow, not unreachable.
            raise ServiceUnavailableError(
                _("%(service)s did not answer within %(seconds)g seconds; nothing was changed.")
                % {"service": service, "seconds": timeout}
            ) from error
        except requests.ConnectionError:
            failure = ServiceUnavailableError(
                _("Could not reach %(service)s: the network seems to be down; nothing was changed.")
                % {"service": service}
            )
        except requests.RequestException as error:
            raise ImporterError(
                _("The request to %(service)s failed: %(error)s")
                % {"service": service, "error": error}
            ) from error
        else:
            status = response.status_code
            if status == 404:
                raise NotFoundError(
                    not_found or _("%(service)s: not found.") % {"service": service}
                )
            if status == 429:
                failure = ServiceUnavailableError(
                    _(
                        "%(service)s is limiting how often we may ask (HTTP 429); nothing was "
                        "changed. Try again in a minute."
                    )
                    % {"service": service}
                )
            elif status in RETRY_STATUSES or status >= 500:
                failure = ServiceUnavailableError(
                    _(
                        "%(service)s answered with a server error (HTTP %(status)s); nothing "
                        "was changed."
                    )
                    % {"service": service, "status": status}
                )
            elif status >= 400:
                raise ImporterError(
                    _("%(service)s refused the request (HTTP %(status)s): %(body)s")
                    % {"service": service, "status": status, "body": _snippet(response.content)}
                )
            else:
                return response.content
        if attempt < retries:
            sleep(_retry_delay(attempt, backoff_seconds, response))
    assert failure is not None
    raise failure


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
