"""CSV for spreadsheets: one row per reference, a header row, formulas neutralised."""

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext_lazy as _

from ..models import ReferenceKind
from .records import Author, ExportRecord, full_pages

CONTENT_TYPE = "text/csv; charset=utf-8"
EXTENSION = "csv"

# Spreadsheet programs read UTF-8 without guessing only when the file starts with a BOM.
BOM = "\ufeff"
# The header and the kinds are words of the page, in its language; the bibliographic data stays
# in the language it was published in.
COLUMNS = (
    _("Type"),
    _("Authors"),
    _("Title"),
    _("Journal"),
    _("Journal abbreviation"),
    _("Year"),
    _("Volume"),
    _("Issue"),
    _("Pages"),
    _("DOI"),
    _("PMID"),
    _("PMCID"),
    _("Registry ID"),
    _("Publisher"),
    _("URL"),
    _("Trials"),
    _("Notes"),
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
    kind = ReferenceKind(record.kind).label if record.kind in ReferenceKind.values else record.kind
    values = [
        str(kind),
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
        "; ".join(record.all_notes()),
    ]
    return [neutralise(value) for value in values]


def render(records: Iterable[ExportRecord]) -> Iterator[str]:
    """The header row, then one row per record (CRLF line ends, as RFC 4180 says)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(column) for column in COLUMNS])
    yield BOM + buffer.getvalue()
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row(record))
        yield buffer.getvalue()
