"""CSL-JSON: an array of items valid against the CSL input schema (no unknown keys)."""

import json
from collections.abc import Iterable, Iterator

from ..models import ReferenceKind
from .records import REGISTRATION_GENRE, ExportRecord, full_pages

CONTENT_TYPE = "application/vnd.citationstyles.csl+json"
EXTENSION = "json"

CSL_TYPES = {
    ReferenceKind.JOURNAL_ARTICLE: "article-journal",
    ReferenceKind.REVIEW: "article-journal",
    ReferenceKind.CONFERENCE_ABSTRACT: "paper-conference",
    ReferenceKind.PREPRINT: "article",
    ReferenceKind.REGISTRY_RECORD: "report",
    ReferenceKind.WEB_PAGE: "webpage",
}


def _date_parts(year: int | None, month: int | None, day: int | None) -> dict | None:
    if not year:
        return None
    parts = [year]
    if month:
        parts.append(month)
        if day:
            parts.append(day)
    return {"date-parts": [parts]}


def names(record: ExportRecord) -> list[dict]:
    """CSL names: a group as a literal; a person's family name whole (particles included, as
    Citing Medicine files them) and given names that print every initial ("Y. Y.")."""
    found = []
    for author in record.authors:
        if author.group:
            found.append({"literal": author.group})
        elif author.given:
            found.append({"family": author.family, "given": author.export_given})
        else:
            found.append({"family": author.family})
    return found


def item(record: ExportRecord) -> dict:
    """One CSL item; keys the schema knows only, empty values left out.

    The schema has no mark for an author list that ends in "et al.", so such a record (and one
    that lacks what a citation needs) says so in ``note``, which every CSL reader keeps.
    """
    data = {
        "id": record.id,
        "type": CSL_TYPES.get(record.kind, "document"),
        "title": record.title,
        "title-short": record.short_title,
        "author": names(record),
        "issued": _date_parts(record.year, record.month, record.day),
        "accessed": (
            _date_parts(
                record.accessed_date.year, record.accessed_date.month, record.accessed_date.day
            )
            if record.accessed_date
            else None
        ),
        "URL": record.url,
        "language": record.language,
        "abstract": record.abstract,
        "note": "; ".join(record.all_notes()),
    }
    if record.is_registry_record:
        data |= {
            "publisher": record.publisher or record.journal,
            "number": record.report_number,
            "genre": REGISTRATION_GENRE,
        }
    else:
        data |= {
            "container-title": record.journal,
            "container-title-short": record.journal_abbreviation,
            # The schema's older name for it, which one widely used importer reads instead.
            "journalAbbreviation": record.journal_abbreviation,
            "publisher": record.publisher,
            "volume": record.volume,
            "issue": record.issue,
            "page": full_pages(record.pages),
            "DOI": record.doi,
            "PMID": record.pmid,
            "PMCID": record.pmcid,
            "ISSN": record.issn,
        }
    return {key: value for key, value in data.items() if value}


def items(records: Iterable[ExportRecord]) -> list[dict]:
    return [item(record) for record in records]


def render(records: Iterable[ExportRecord]) -> Iterator[str]:
    """A JSON array, written one item at a time; an empty list gives []."""
    separator = "[\n"
    for record in records:
        yield separator + json.dumps(item(record), ensure_ascii=False)
        separator = ",\n"
    yield "]\n" if separator != "[\n" else "[]\n"
