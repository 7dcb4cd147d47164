"""Complete the demo references from quoted sources; write what was added and where it is printed.

A developer script, not run by the app. It reads
- the curated reference set in ../shared/data (its quotes: first authors and years that only a
  review's table gives, which the demo data had left out), and
- the research notes in ../research/reference_fixes.json (bibliographic data, full author names
  and registry records, each value with the page address and an exact quote),
and changes only the references of evidence/demo/data/liver_msc_evidence.json:
- a value is taken only when one of its quotes prints it (checked here: the year, volume, pages,
  DOI... appear in the quote, every author's family and given names appear in it); a value that
  differs from one the demo already holds is reported and left alone;
- values only a review's table gives are named in the reference's ``unverified_fields``;
- an author list that the source ends with "et al." is marked ``authors_complete: false``;
- each trial registry id with a title in a quoted registry page gets a registry-record reference
  (the registry's official title, else its brief title; the sponsor as a group author; the last
  update date; the identifier and the registry's address), linked with the role "registry_record".
Every value it adds is listed with its quotes in evidence/demo/data/reference_sources.json.

    python3 scripts/complete_demo_references.py [path/to/reference_fixes.json]

Running it again changes nothing.
"""

import datetime
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "evidence" / "demo" / "data" / "liver_msc_evidence.json"
SOURCES = ROOT / "evidence" / "demo" / "data" / "reference_sources.json"
SHARED = ROOT.parent / "shared" / "data" / "liver_msc_evidence.json"
RESEARCH = ROOT.parent / "research" / "reference_fixes.json"

FIELDS = ("journal", "journal_abbreviation", "year", "volume", "issue", "pages", "doi", "pmid")
FIELDS += ("pmcid", "issn")
# NLM abbreviations of the journals the completions add (as the reference set's labels print them).
ABBREVIATIONS = {
    "Journal of Gastroenterology and Hepatology": "J Gastroenterol Hepatol",
    "PLoS One": "PLoS One",
}
REGISTRY_NAMES = {"ctgov": "ClinicalTrials.gov", "umin": "UMIN-CTR", "chictr": "ChiCTR"}
REGISTRY_URLS = {"ctgov": "https://clinicaltrials.gov/study/{id}"}
MONTHS = [datetime.date(2000, month, 1).strftime("%B").lower() for month in range(1, 13)]


def _plain(text: str) -> str:
    text = text.lower().replace("&", "and").replace("\u2010", "-").replace("\u2011", "-")
    return re.sub(r"[\s\-.,;:/|()\[\]{}=]+", " ", text).strip()


def _date_forms(value: str) -> list[str]:
    day = datetime.date.fromisoformat(value)
    month = MONTHS[day.month - 1]
    return [value, f"{month} {day.day} {day.year}", f"{month[:3]} {day.day} {day.year}"]


def backs(value: object, quotes: list[dict]) -> bool:
    """Whether a quote prints the value (words compared without case and punctuation)."""
    texts = [_plain(q["quote"]) for q in quotes]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        forms = [_plain(form) for form in _date_forms(value)]
        return any(form in text for form in forms for text in texts)
    wanted = _plain(str(value))
    return bool(wanted) and any(f" {wanted} " in f" {text} " for text in texts)


def backs_author(author: dict, quotes: list[dict]) -> bool:
    """Family and given names both printed (spaces and hyphens aside, any order)."""
    texts = [re.sub(r"[\s\-]", "", q["quote"].lower()) for q in quotes]
    parts = [author["family"], *author.get("given", "").split()]
    return all(
        any(re.sub(r"[\s\-.]", "", part.lower()) in text for text in texts)
        for part in parts
        if part
    )


def _source(quotes: list[dict], *, unverified: bool = False) -> list[dict]:
    kept = [{k: q[k] for k in ("url", "quote", "source_kind") if k in q} for q in quotes]
    return [q | {"supports": "unverified"} for q in kept] if unverified else kept


class Completion:
    def __init__(self, demo: dict) -> None:
        self.demo = demo
        self.sources: dict[str, dict] = {}
        self.problems: list[str] = []

    def reference(self, target: str) -> dict:
        match = re.fullmatch(r"(T\d+)\.references\[(\d+)\]|(R\d+)\.reference", target)
        if not match:
            raise ValueError(target)
        if match.group(1):
            trial = next(t for t in self.demo["trials"] if t["dataset_id"] == match.group(1))
            return trial["references"][int(match.group(2))]["reference"]
        review = next(r for r in self.demo["reviews"] if r["dataset_id"] == match.group(3))
        return review["reference"]

    def record(self, target: str, field: str, value: object, quotes: list[dict], **kw) -> None:
        entry = self.sources.setdefault(target, {})
        entry[field] = {"value": value, "sources": _source(quotes, **kw)}

    def set_field(self, target: str, field: str, value: object, quotes: list[dict], **kw) -> None:
        reference = self.reference(target)
        if not backs(value, quotes):
            self.problems.append(f"{target}.{field}: no quote prints {value!r}; left out")
            return
        current = reference.get(field)
        if current not in (None, "") and str(current).lower() != str(value).lower():
            self.problems.append(f"{target}.{field}: demo {current!r}, source {value!r}; kept")
            return
        reference[field] = value
        self.record(target, field, value, quotes, **kw)
        if kw.get("unverified"):
            self.unverified(target, field)

    def unverified(self, target: str, field: str) -> None:
        reference = self.reference(target)
        fields = reference.setdefault("unverified_fields", [])
        if field not in fields:
            fields.append(field)

    def set_authors(
        self, target: str, authors: list[dict], quotes: list[dict], *, complete: bool, **kw
    ) -> None:
        reference = self.reference(target)
        wanted = [{"family": a["family"], "given": a.get("given", "")} for a in authors]
        unbacked = [a for a in wanted if not backs_author(a, quotes)]
        if unbacked:
            self.problems.append(f"{target}.authors: no quote prints {unbacked}; left out")
            return
        held = reference.get("authors") or []
        if held and [a["family"] for a in held] != [a["family"] for a in wanted[: len(held)]]:
            self.problems.append(f"{target}.authors: families differ from the demo's; kept")
            return
        reference["authors"] = wanted
        reference["authors_complete"] = complete
        self.record(target, "authors", wanted, quotes, **kw)
        if not complete:
            self.record(target, "authors_complete", False, quotes, **kw)
        if kw.get("unverified"):
            self.unverified(target, "authors")


def from_shared(completion: Completion, shared: dict) -> None:
    """First authors and years the demo left out because only a review's table gives them."""
    for trial in shared["trials"]:
        for index, ref in enumerate(trial["references"]):
            target = f"{trial['trial_id']}.references[{index}]"
            provenance = ref.get("provenance", {})
            secondary = set(trial.get("secondary_only_fields", []))
            path = f"references[{index}]"
            held = completion.reference(target)
            if ref.get("year") and not held.get("year"):
                completion.set_field(
                    target,
                    "year",
                    ref["year"],
                    provenance.get("year", []),
                    unverified=f"{path}.year" in secondary,
                )
            first = ref.get("first_author")
            if first and not held.get("authors") and not ref.get("authors"):
                family, _, given = first.rpartition(" ")
                if not (family and re.fullmatch(r"[A-Z]{1,3}", given)):
                    family, given = first, ""
                quotes = provenance.get("first_author", [])
                # The review tables print the full given name ("Liang Peng/2011"); keep it.
                for quote in quotes:
                    match = re.search(rf"\b([A-Z][a-z]+) {re.escape(family)}\b", quote["quote"])
                    if match and (not given or match.group(1).startswith(given)):
                        given = match.group(1)
                completion.set_authors(
                    target,
                    [{"family": family, "given": given}],
                    quotes,
                    complete=False,
                    unverified=f"{path}.first_author" in secondary,
                )


def from_research(completion: Completion, research: dict) -> None:
    for entry in research["incomplete_references"] + research["author_given_names"]:
        target = entry["target"]
        if not re.fullmatch(r"(T\d+)\.references\[\d+\]|R\d+\.reference", target):
            continue
        provenance = entry.get("provenance", {})
        unverified = set(entry.get("unverified_fields", []))
        for field, value in (entry.get("found") or {}).items():
            if field not in FIELDS or value in (None, ""):
                continue
            quotes = provenance.get(field, [])
            if field == "journal_abbreviation" and not backs(value, quotes):
                if ABBREVIATIONS.get(entry["found"].get("journal")) != value:
                    continue
                quotes = provenance.get("journal", [])
                value = ABBREVIATIONS[entry["found"]["journal"]]
                completion.reference(target)[field] = value
                completion.record(target, field, value, quotes)
                continue
            completion.set_field(target, field, value, quotes, unverified=field in unverified)
        authors = entry.get("authors") or []
        if authors and provenance.get("authors"):
            completion.set_authors(
                target,
                authors,
                provenance["authors"],
                complete=not entry.get("authors_incomplete"),
                unverified="authors" in unverified,
            )


def _from_registry(value: str | None, quotes: list[dict]) -> bool:
    """A trial's value that registry pages (and only they) print."""
    return bool(value and quotes) and all(q.get("source_kind") == "registry_record" for q in quotes)


def registry_references(completion: Completion, research: dict, shared: dict) -> None:
    """A registry-record reference for each registry id whose title a quoted page prints."""
    shared_trials = {t["trial_id"]: t for t in shared["trials"]}
    found = {entry["registry_id"]: entry for entry in research.get("registry_records", [])}
    for trial in completion.demo["trials"]:
        source_trial = shared_trials[trial["dataset_id"]]
        trial["references"] = [
            link for link in trial["references"] if link["role"] != "registry_record"
        ]
        for registry_id in trial["registry_ids"]:
            identifier, registry = registry_id["identifier"], registry_id["registry"]
            entry = found.get(identifier, {})
            provenance = entry.get("provenance", {})
            title, short_title, title_quotes = "", "", []
            for field in ("official_title", "brief_title"):
                if entry.get(field) and backs(entry[field], provenance.get(field, [])):
                    title, title_quotes = entry[field], provenance[field]
                    break
            trial_title = source_trial.get("provenance", {}).get("title", [])
            if not title and _from_registry(source_trial.get("title"), trial_title):
                title, title_quotes = source_trial["title"], trial_title
            if not title:
                continue  # the exports title it by its identifier and the dashboard says so
            brief = entry.get("brief_title")
            if brief and brief != title and backs(brief, provenance.get("brief_title", [])):
                short_title = brief
            target = f"{trial['dataset_id']}.registry[{identifier}]"
            reference = {
                "kind": "registry_record",
                "title": title,
                "short_title": short_title,
                "publisher": REGISTRY_NAMES.get(registry, ""),
                "report_number": identifier,
                "url": REGISTRY_URLS.get(registry, "").format(id=identifier),
                "journal": "",
                "journal_abbreviation": "",
                "year": None,
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": "",
                "pmid": "",
                "authors": [],
            }
            completion.sources[target] = {"title": {"value": title, "sources": title_quotes}}
            if short_title:
                completion.record(target, "short_title", short_title, provenance["brief_title"])
            sponsor, sponsor_quotes = entry.get("sponsor"), provenance.get("sponsor", [])
            trial_sponsor = source_trial.get("provenance", {}).get("sponsor", [])
            if not sponsor and _from_registry(source_trial.get("sponsor"), trial_sponsor):
                sponsor, sponsor_quotes = source_trial["sponsor"], trial_sponsor
            if trial.get("sponsor") and backs(trial["sponsor"], sponsor_quotes):
                sponsor = trial["sponsor"]
            if sponsor and backs(sponsor, sponsor_quotes):
                reference["authors"] = [{"group": sponsor}]
                completion.record(target, "authors", [{"group": sponsor}], sponsor_quotes)
            for field in ("last_update", "first_posted"):
                value = entry.get(field)
                if value and backs(value, provenance.get(field, [])):
                    day = datetime.date.fromisoformat(value)
                    reference.update(year=day.year, month=day.month, day=day.day)
                    completion.record(target, f"date ({field})", value, provenance[field])
                    break
            trial["references"].append({"role": "registry_record", "reference": reference})


def main() -> None:
    research_path = Path(sys.argv[1]) if len(sys.argv) > 1 else RESEARCH
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    shared = json.loads(SHARED.read_text(encoding="utf-8"))
    research = json.loads(research_path.read_text(encoding="utf-8"))
    completion = Completion(demo)
    from_research(completion, research)
    from_shared(completion, shared)
    registry_references(completion, research, shared)
    DEMO.write_text(json.dumps(demo, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sources = {
        "note": (
            "What scripts/complete_demo_references.py added to the demo references, each value "
            "with the page that prints it and the exact quote. 'supports: unverified' marks a "
            "value only a review's table gives (listed in the reference's unverified_fields)."
        ),
        "references": completion.sources,
    }
    SOURCES.write_text(json.dumps(sources, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for problem in completion.problems:
        print("left alone:", problem)
    print(f"completed {len(completion.sources)} references; sources in {SOURCES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
