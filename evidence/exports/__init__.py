"""Reference exports: pure formatters over plain records, and the registry of formats."""

import datetime
from collections.abc import Callable, Iterable, Iterator

from . import bibtex, citations, csljson, csv, ris
from .records import ExportRecord

Renderer = Callable[[Iterable[ExportRecord]], Iterator[str]]

# name: (Content-Type, file extension, renderer yielding the file in pieces)
FORMATS: dict[str, tuple[str, str, Renderer]] = {
    "ris": (ris.CONTENT_TYPE, ris.EXTENSION, ris.render),
    "bibtex": (bibtex.CONTENT_TYPE, bibtex.EXTENSION, bibtex.render),
    "csljson": (csljson.CONTENT_TYPE, csljson.EXTENSION, csljson.render),
    "csv": (csv.CONTENT_TYPE, csv.EXTENSION, csv.render),
    "vancouver": (citations.CONTENT_TYPE, citations.EXTENSION, citations.render_vancouver),
    "apa": (citations.CONTENT_TYPE, citations.EXTENSION, citations.render_apa),
    "ama": (citations.CONTENT_TYPE, citations.EXTENSION, citations.render_ama),
}


def render(name: str, records: Iterable[ExportRecord], *, language: str = "en") -> Iterator[str]:
    """The file in pieces; formatted citations in the given language's terms ("cited", "citado")."""
    if name in citations.STYLES:
        return citations.render_style(records, style=name, language=language)
    return FORMATS[name][2](records)


def render_text(name: str, records: Iterable[ExportRecord], *, language: str = "en") -> str:
    """The whole file as one string (tests, the admin, the benchmark)."""
    return "".join(render(name, records, language=language))


def filename(name: str, stem: str, day: datetime.date) -> str:
    """The download's name: references-2026-11-21.ris."""
    return f"{stem}-{day.isoformat()}.{FORMATS[name][1]}"
