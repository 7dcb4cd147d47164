"""Reference exports: pure formatters over plain records, and the registry of formats."""

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


def render_text(name: str, records: Iterable[ExportRecord]) -> str:
    """The whole file as one string (tests, the admin, the benchmark)."""
    return "".join(FORMATS[name][2](records))
