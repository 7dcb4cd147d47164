"""CSV for spreadsheets: one row per reference, a header row, formulas neutralised."""

import csv
import io
from collections.abc import Iterable, Iterator

from .records import Author, ExportRecord, full_pages

CONTENT_TYPE = "text/csv; charset=utf-8"
EXTENSION = "csv"

# Spreadsheet programs read UTF-8 without guessing only when the file starts with a BOM.
BOM = "\ufeff"
COLUMNS = (
    "Type",
    "Authors",
    "Title",
    "Journal",
    "Journal abbreviation",
    "Year",
    "Volume",
    "Issue",
    "Pages",
    "DOI",
    "PMID",
    "PMCID",
    "Registry ID",
    "Publisher",
    "URL",
    "Trials",
    "Notes",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula is prefixed with an apostrophe."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def _author(author: Author) -> str:
    if author.group:
        return author.group
    return f"{author.family}, {author.given}" if author.given else author.family


def row(record: ExportRecord) -> list[str]:
    values = [
        record.kind,
        "; ".join(_author(author) for author in record.authors),
        record.title,
        record.journal,
        record.journal_abbreviation,
        str(record.year or ""),
        record.volume,
        record.issue,
        full_pages(record.pages),
        record.doi,
        record.pmid,
        record.pmcid,
        record.report_number if record.is_registry_record else "",
        record.publisher,
        record.url,
        "; ".join(record.trials),
        "; ".join(record.notes),
    ]
    return [neutralise(value) for value in values]


def render(records: Iterable[ExportRecord]) -> Iterator[str]:
    """The header row, then one row per record (CRLF line ends, as RFC 4180 says)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield BOM + buffer.getvalue()
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row(record))
        yield buffer.getvalue()
