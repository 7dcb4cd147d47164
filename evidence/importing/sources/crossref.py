"""Crossref /works/{doi} JSON → plain dataclasses (no database, no network)."""

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from evidence.importing.errors import PayloadError
from evidence.importing.sources.hostile import decode_json, refuse_control_characters
from evidence.importing.sources.pubmed import Author

# Crossref work types → evidence.ReferenceKind values; anything else is a journal article.
KINDS = {
    "journal-article": "journal_article",
    "posted-content": "preprint",
    "proceedings-article": "conference_abstract",
}
TAG = re.compile(r"<[^>]+>")


@dataclass
class Work:
    doi: str
    title: str
    kind: str = "journal_article"
    journal: str = ""
    journal_short: str = ""
    publisher: str = ""
    issn: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    language: str = ""
    authors: list[Author] = field(default_factory=list)


def strip_markup(text: str) -> str:
    """Text without JATS/HTML tags or entities, whitespace collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", text)).split()).replace(" :", ":")


def load_work(raw: bytes | str | dict[str, Any]) -> dict[str, Any]:
    """The `message` of a /works/{doi} answer; malformed or truncated JSON raises PayloadError."""
    if isinstance(raw, dict):
        document = raw
    else:
        try:
            document = decode_json(raw, service="Crossref")
        except json.JSONDecodeError as error:
            raise PayloadError(
                _(
                    "The Crossref answer is not valid JSON (%(problem)s at line %(line)d, column "
                    "%(column)d): it may be truncated. Nothing was changed."
                )
                % {"problem": error.msg, "line": error.lineno, "column": error.colno}
            ) from error
        except ValueError as error:
            raise PayloadError(
                _("The Crossref answer is not valid UTF-8 text (%(problem)s).") % {"problem": error}
            ) from error
    if not isinstance(document, dict) or document.get("message-type") != "work":
        raise PayloadError(
            _("The Crossref answer is not a single work (message-type should be 'work').")
        )
    message = document.get("message")
    if not isinstance(message, dict):
        raise PayloadError(_("The Crossref answer has no message object."))
    refuse_control_characters(message, service="Crossref")
    return message


def _first(message: dict[str, Any], key: str) -> str:
    value = message.get(key)
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str) and item.strip()), "")
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise PayloadError(
            _("message.%(key)s should be text in the Crossref answer.") % {"key": key}
        )
    return strip_markup(str(value))


def _date_parts(message: dict[str, Any]) -> tuple[int | None, int | None, int | None]:
    # 'issued' is the citation date; it can be [[null]] when Crossref does not know it.
    for key in ("issued", "published-print", "published-online", "published"):
        holder = message.get(key)
        parts = holder.get("date-parts") if isinstance(holder, dict) else None
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list)):
            continue
        numbers = [part for part in parts[0] if isinstance(part, int)]
        if numbers:
            numbers += [None, None]
            year, month, day = numbers[:3]
            month = month if month and 1 <= month <= 12 else None
            day = day if month and day and 1 <= day <= 31 else None
            return year, month, day
    return None, None, None


def parse_work(message: dict[str, Any]) -> Work:
    """One work → Work; raises PayloadError when the DOI or title is missing."""
    doi = _first(message, "DOI")
    if not doi.startswith("10."):
        raise PayloadError(_("The Crossref work has no DOI."))
    title = _first(message, "title")
    subtitle = _first(message, "subtitle")
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    if not title:
        raise PayloadError(_("The Crossref work %(doi)s has no title.") % {"doi": doi})
    year, month, day = _date_parts(message)
    work = Work(
        doi=doi,
        title=title,
        kind=KINDS.get(_first(message, "type"), "journal_article"),
        journal=_first(message, "container-title"),
        journal_short=_first(message, "short-container-title"),
        publisher=_first(message, "publisher"),
        issn=_first(message, "ISSN"),
        volume=_first(message, "volume"),
        issue=_first(message, "issue"),
        pages=_first(message, "page") or _first(message, "article-number"),
        year=year,
        month=month,
        day=day,
        language=_first(message, "language"),
    )
    authors = message.get("author") or []
    if not isinstance(authors, list):
        raise PayloadError(_("message.author should be a list in the Crossref answer."))
    for author in authors:
        if not isinstance(author, dict):
            raise PayloadError(_("An author in the Crossref answer is not an object."))
        family, name = _first(author, "family"), _first(author, "name")
        if family:
            work.authors.append(Author(family=family, given=_first(author, "given")))
        elif name:
            work.authors.append(Author(group_name=name))
    return work
