"""BibTeX: @article for papers, @techreport for registry records, stable unique keys."""

import re
import unicodedata
from collections.abc import Iterable, Iterator

from ..models import ReferenceKind
from .records import REGISTRATION_GENRE, Author, ExportRecord, page_range

CONTENT_TYPE = "application/x-bibtex; charset=utf-8"
EXTENSION = "bib"

ENTRY_TYPES = {
    ReferenceKind.JOURNAL_ARTICLE: "article",
    ReferenceKind.REVIEW: "article",
    ReferenceKind.CONFERENCE_ABSTRACT: "article",
    ReferenceKind.PREPRINT: "article",
    ReferenceKind.REGISTRY_RECORD: "techreport",
    ReferenceKind.WEB_PAGE: "misc",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# TeX's special characters and what stands for them (str.translate: one pass, in C).
_SPECIAL = str.maketrans(
    {
        # A braced group, which BibTeX, biblatex and every importer read as one backslash
        # ("\textbackslash{}" before a letter is read back literally by one of them).
        "\\": r"{\textbackslash}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"{\textasciitilde}",
        "^": r"{\textasciicircum}",
    }
)
# Letters NFKD does not take apart.
_ASCII_FOLD = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L"}
    | {"þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE"}
)
# A TeX special character, or whitespace that is not a single space between words.
_NEEDS_ESCAPING = re.compile(r"[\\{}%&$#_~^\t\n\r\f\v\u00a0\u2028]|  |^\s|\s$")
_URL_UNSAFE = str.maketrans({"\\": "%5C", "{": "%7B", "}": "%7D"})
_NOT_KEY = re.compile(r"[^a-z0-9]")
_STOP_WORDS = frozenset(
    ("a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on")
    + ("or", "the", "to", "with")
)


def escape(value: str) -> str:
    """TeX's special characters escaped; other Unicode kept as UTF-8."""
    if not _NEEDS_ESCAPING.search(value):
        return value  # the common case, decided by one scan in C
    return " ".join(value.split()).translate(_SPECIAL)


def escape_url(value: str) -> str:
    """URLs and DOIs stay verbatim (reference managers read them raw); only braces are encoded."""
    return value.strip().translate(_URL_UNSAFE) if value else value


def protect_title(title: str) -> str:
    """Escape, and brace the words whose case a style or reader must keep: words with capitals
    ({MSC}), and a lower-case word opening a subtitle, which pandoc would otherwise capitalise
    (": {a} pilot study")."""
    words = title.translate(_SPECIAL).split()
    protected = []
    for position, word in enumerate(words):
        capitals = word[1:] if position == 0 else word
        opens_subtitle = position > 0 and words[position - 1].endswith((":", "?", "!"))
        if capitals != capitals.lower() or (opens_subtitle and word[:1].islower()):
            word = f"{{{word}}}"
        protected.append(word)
    return " ".join(protected)


def _ascii_word(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value.translate(_ASCII_FOLD))
    return _NOT_KEY.sub("", folded.encode("ascii", "ignore").decode().lower())


def base_key(record: ExportRecord) -> str:
    """Family name of the first author, year, first significant title word: shi2021mesenchymal."""
    if record.is_registry_record and record.report_number:
        return _ascii_word(record.report_number) or "registration"
    first = record.authors[0] if record.authors else None
    name = ""
    if first is not None:
        name = _ascii_word(first.family) if first.family else _ascii_word(first.group.split()[0])
    words = (_ascii_word(word) for word in record.title.split())
    word = next((w for w in words if w and w not in _STOP_WORDS), "")
    return f"{name or 'anon'}{record.year or ''}{word}"


def _suffix(number: int) -> str:
    """a, b, ..., z, aa, ab, ... for the second, third ... record with the same key."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def _name(author: Author) -> str:
    """One name in BibTeX's grammar. A group, and a person's family name, are braced: BibTeX,
    biblatex, pandoc and citation-js then keep "van der Berg", "Martins Pezzi da Silva" and
    "Álvares-da-Silva" whole as the family name (Citing Medicine files particles with it)."""
    if author.group:
        return f"{{{escape(author.group)}}}"
    family = f"{{{escape(author.family)}}}"
    return f"{family}, {escape(author.export_given)}" if author.given else family


def _names(record: ExportRecord) -> str:
    names = [_name(author) for author in record.authors]
    if names and not record.authors_complete:
        names.append("others")  # BibTeX's own "et al."
    return " and ".join(names)


def fields(record: ExportRecord) -> list[tuple[str, str]]:
    """The entry's (field, already-escaped value) pairs; empty values left out."""
    pairs = [("author", _names(record)), ("title", protect_title(record.title))]
    pairs.append(("shorttitle", escape(record.short_title)))
    if record.is_registry_record:
        pairs += [
            ("institution", escape(record.publisher or record.journal)),
            ("type", REGISTRATION_GENRE),
            ("number", escape(record.report_number)),
        ]
    elif record.kind == ReferenceKind.WEB_PAGE:
        pairs.append(("howpublished", escape(record.publisher or record.journal)))
    else:
        pairs.append(("journal", escape(record.journal)))
        if record.journal_abbreviation:
            pairs.append(("shortjournal", escape(record.journal_abbreviation)))
    pairs.append(("year", str(record.year or "")))
    pairs.append(("volume", escape(record.volume)))
    if not record.is_registry_record:
        pairs.append(("number", escape(record.issue)))
    if record.pages:
        first, last = page_range(record.pages)
        pairs.append(("pages", f"{escape(first)}--{escape(last)}" if last else escape(first)))
    pairs += [
        ("doi", escape_url(record.doi)),
        ("pmid", record.pmid),
        ("pmcid", record.pmcid),
        ("issn", escape(record.issn)),
        ("url", escape_url(record.url)),
        ("urldate", record.accessed_date.isoformat() if record.accessed_date else ""),
        ("language", escape(record.language)),
        ("note", escape("; ".join(record.all_notes()))),
        ("abstract", escape(record.abstract)),
    ]
    return [(name, value) for name, value in pairs if value]


def render_entry(record: ExportRecord, key: str) -> str:
    """One entry, its fields one a line, followed by a blank line."""
    lines = [f"@{ENTRY_TYPES.get(record.kind, 'misc')}{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields(record)]
    if record.month:
        lines.append(f"  month = {MONTHS[record.month - 1]},")
    lines.append("}\n\n")
    return "\n".join(lines)


def render(records: Iterable[ExportRecord]) -> Iterator[str]:
    """The file, one entry at a time; keys unique within it, stable for the same list."""
    used: dict[str, int] = {}
    taken: set[str] = set()
    for record in records:
        base = base_key(record)
        key = base
        while key in taken:
            used[base] = used.get(base, 0) + 1
            key = base + _suffix(used[base])
        taken.add(key)
        yield render_entry(record, key)
