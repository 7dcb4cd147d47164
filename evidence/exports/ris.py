"""RIS, as Zotero, EndNote and Mendeley read it (see EXPORTS.md): CRLF, TY first, ER last."""

from collections.abc import Iterable, Iterator

from ..models import ReferenceKind
from .records import REGISTRATION_GENRE, Author, ExportRecord, one_line, page_range

CONTENT_TYPE = "application/x-research-info-systems; charset=utf-8"
EXTENSION = "ris"

RIS_TYPES = {
    ReferenceKind.JOURNAL_ARTICLE: "JOUR",
    ReferenceKind.REVIEW: "JOUR",
    ReferenceKind.PREPRINT: "JOUR",
    ReferenceKind.CONFERENCE_ABSTRACT: "ABST",
    ReferenceKind.REGISTRY_RECORD: "RPRT",
    ReferenceKind.WEB_PAGE: "ELEC",
}


def _date(year: int | None, month: int | None, day: int | None) -> str:
    """RIS dates are YYYY/MM/DD/ with empty parts left empty: 2021/12//."""
    if not year:
        return ""
    month_text = f"{month:02d}" if month else ""
    day_text = f"{day:02d}" if month and day else ""
    return f"{year:04d}/{month_text}/{day_text}/"


def group_name(name: str) -> str:
    """A group author as RIS can carry it: without commas."""
    return " ".join(name.replace(",", " ").split())


def _author(author: Author) -> str:
    """'Family, Given': Zotero and citation-js split at the comma, so particles and multi-word
    family names stay whole; a group has no comma and is read as one name."""
    if author.group:
        # RIS reserves the comma for "Family, Given": every reader would split
        # "Pharmicell Co., Ltd." into two names, so a group's commas are left out.
        return group_name(author.group)
    return f"{author.family}, {author.export_given}" if author.given else author.family


def record_lines(record: ExportRecord) -> list[tuple[str, str]]:
    """The (tag, value) pairs of one record, TY first and ER last."""
    registry = record.is_registry_record
    pairs = [("TY", RIS_TYPES.get(record.kind, "GEN"))]
    pairs += [("AU", _author(author)) for author in record.authors]
    pairs.append(("TI", record.title))
    if record.short_title:
        pairs.append(("ST", record.short_title))
    if registry:
        publisher = record.publisher or record.journal
        pairs += [("PB", publisher), ("SN", record.report_number), ("M3", REGISTRATION_GENRE)]
    else:
        # The full name in T2 and JF, the abbreviation in J2; never JO, which Zotero reads
        # as the abbreviation (the full name would be lost).
        pairs += [("T2", record.journal), ("JF", record.journal)]
        pairs.append(("J2", record.journal_abbreviation))
        if record.publisher:
            pairs.append(("PB", record.publisher))
    if record.year:
        pairs.append(("PY", f"{record.year:04d}"))
    if record.month:
        pairs.append(("DA", _date(record.year, record.month, record.day)))
    if not registry:
        first, last = page_range(record.pages)
        pairs += [("VL", record.volume), ("IS", record.issue), ("SP", first), ("EP", last)]
        pairs.append(("SN", record.issn))
    pairs.append(("DO", record.doi))
    # The PMID where each reader looks: AN for EndNote; "PMID: …" in M2, which Zotero files in
    # Extra, where it keeps PubMed ids. The PMCID in C2 (EndNote's and citation-js's field).
    pairs.append(("AN", record.pmid))
    if record.pmid:
        pairs.append(("M2", f"PMID: {record.pmid}"))
    if record.pmcid:
        pairs += [("C2", record.pmcid), ("M2", f"PMCID: {record.pmcid}")]
    if record.accessed_date:
        accessed = record.accessed_date
        pairs.append(("Y2", _date(accessed.year, accessed.month, accessed.day)))
    pairs.append(("UR", record.url))
    if registry:
        pairs.append(("DB", record.publisher))
    pairs.append(("LA", record.language))
    pairs += [("N1", note) for note in record.all_notes()]
    pairs.append(("AB", record.abstract))
    return [(tag, one_line(str(value))) for tag, value in pairs if value] + [("ER", "")]


def render_record(record: ExportRecord) -> str:
    """One record, each line ending in CRLF, followed by a blank line."""
    return "".join(f"{tag}  - {value}\r\n" for tag, value in record_lines(record)) + "\r\n"


def render(records: Iterable[ExportRecord]) -> Iterator[str]:
    """The file, one record at a time (UTF-8 text, no BOM)."""
    for record in records:
        yield render_record(record)
