"""Every sourced value of the demo data has provenance, and all provenance points at a value.

The rules are the ones evidence/demo/data/README.md states: which keys of each record are sourced
(they need a page address and an exact short quote in provenance.json), which are our own words
(exempt), and which records are sourced as a whole (an outcome, a registry id, a pooled result).
A key that is in none of the lists fails the test, so a new field gets a decision.
"""

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings

from evidence.demo.load import DEMO_DATA_DIR

SOURCE_KINDS = {
    "primary_publication",
    "registry_record",
    "bibliographic_index",
    "secondary_review_table",
}
ITEM_KEYS = {"url", "quote", "source_kind", "note"}
MAX_QUOTE = 300
# A translation of a value (name_es, plain_summary_es, ...) is our own words, like its original.
_OTHER_LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
TRANSLATED = re.compile(rf".+_({'|'.join(_OTHER_LANGUAGES)})$")


@dataclass(frozen=True)
class Rules:
    """How the keys of one kind of record are sourced."""

    sourced: frozenset[str] = frozenset()  # each non-empty value needs provenance at its path
    own: frozenset[str] = frozenset()  # our own words, identifiers we chose, or flags we derive
    each: frozenset[str] = frozenset()  # lists whose every item needs provenance as a whole
    nested: dict[str, "Rules"] = field(default_factory=dict)  # a record inside this one
    nested_lists: dict[str, "Rules"] = field(default_factory=dict)  # a list of records


REFERENCE = Rules(
    sourced=frozenset(
        {"title", "journal", "journal_abbreviation", "year", "volume", "issue", "pages", "doi"}
        | {"pmid", "authors", "pmcid", "issn", "short_title", "month", "day"}
    ),
    # A registry record's registry, number and address follow from the trial's registry id
    # (sourced there); the completeness flags are ours.
    own=frozenset(
        {"kind", "publisher", "report_number", "url", "authors_complete", "unverified_fields"}
    ),
)
ARM = Rules(
    sourced=frozenset(
        {"role", "cell_source", "cell_description", "donor_type", "route", "dose_text"}
        | {"dose_cells_per_kg_min", "dose_cells_per_kg_max", "dose_cells_total"}
        | {"administrations_count", "interval", "co_intervention", "participants_count"}
    ),
    own=frozenset({"key", "position", "label", "unverified_fields"}),
)
TRIAL = Rules(
    sourced=frozenset(
        {"title", "acronym", "design", "design_details", "masking", "phase"}
        | {"recruitment_status", "countries", "conditions", "condition_text", "etiologies"}
        | {"sponsor", "start_date", "completion_date", "enrollment", "enrollment_kind"}
        | {"enrollment_details", "follow_up", "follow_up_weeks"}
        | {"status_as_of", "start_date_kind", "completion_date_kind"}
    ),
    own=frozenset(
        {"dataset_id", "slug", "short_title", "plain_summary", "clinician_summary"}
        | {"safety_summary", "data_notes", "unverified_fields", "is_title_official"}
    ),
    each=frozenset({"registry_ids", "outcomes"}),
    nested_lists={
        "arms": ARM,
        "references": Rules(own=frozenset({"role"}), nested={"reference": REFERENCE}),
    },
)
REVIEW = Rules(
    sourced=frozenset(
        {"trials", "search_date", "search_date_text", "studies_count", "participants_count"}
        | {"population", "interventions", "statistical_model", "conditions"}
    ),
    own=frozenset(
        {"dataset_id", "slug", "short_title", "findings", "data_notes"}
        | {"included_studies_complete"}
    ),
    # An included study is the review's table row, sourced as a whole (its match basis and
    # note are our words about it).
    each=frozenset({"pooled_results", "included_studies"}),
    nested={"reference": REFERENCE},
)
RECORDS = {"trials": TRIAL, "reviews": REVIEW}


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _sourced_paths(record: dict, rules: Rules, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(path, problem) for every value that needs provenance (problem "") or breaks the rules."""
    for key, value in record.items():
        path = prefix + key
        if key in rules.own or TRANSLATED.fullmatch(key):
            continue
        if key in rules.sourced:
            if not _empty(value):
                yield path, ""
        elif key in rules.each:
            for position, _item in enumerate(value):
                yield f"{path}.{position}", ""
        elif key in rules.nested:
            yield from _sourced_paths(value, rules.nested[key], f"{path}.")
        elif key in rules.nested_lists:
            for position, item in enumerate(value):
                yield from _sourced_paths(item, rules.nested_lists[key], f"{path}.{position}.")
        else:
            yield path, "is neither sourced nor own words: add it to the rules (README and test)"


def _item_problems(item: object) -> list[str]:
    if not isinstance(item, dict) or not ITEM_KEYS >= item.keys() >= ITEM_KEYS - {"note"}:
        return [f"an item needs url, quote and source_kind (and may have a note): {item!r}"]
    problems = []
    if not re.match(r"https?://\S+$", item["url"]):
        problems.append(f"url is not a page address: {item['url']!r}")
    if not isinstance(item["quote"], str) or not 0 < len(item["quote"]) <= MAX_QUOTE:
        problems.append(f"quote is not a short text (1 to {MAX_QUOTE} characters)")
    if item["source_kind"] not in SOURCE_KINDS:
        problems.append(f"source_kind {item['source_kind']!r} is not one of {sorted(SOURCE_KINDS)}")
    return problems


def _provenance_problems(sources: object) -> list[str]:
    if isinstance(sources, dict) and sources.keys() == {"ours"}:
        return [] if isinstance(sources["ours"], str) and sources["ours"].strip() else ["empty"]
    if not isinstance(sources, list) or not sources:
        return ['needs a list of sources, or {"ours": "why these are our words"}']
    return [problem for item in sources for problem in _item_problems(item)]


def provenance_problems(data: dict, provenance: dict) -> list[str]:
    """Everything wrong between the demo data and its provenance, one line each."""
    problems = []
    for kind, rules in RECORDS.items():
        records = {record["dataset_id"]: record for record in data[kind]}
        known = provenance.get(kind, {})
        for dataset_id in known.keys() - records.keys():
            problems.append(f"{kind} {dataset_id}: provenance for a record the data does not hold")
        for dataset_id, record in records.items():
            given = known.get(dataset_id, {})
            needed = set()
            for path, problem in _sourced_paths(record, rules):
                if problem:
                    problems.append(f"{kind} {dataset_id} {path} {problem}")
                    continue
                needed.add(path)
                if path not in given:
                    problems.append(f"{kind} {dataset_id} {path}: sourced value without provenance")
            for path, sources in given.items():
                if path not in needed:
                    problems.append(
                        f"{kind} {dataset_id} {path}: provenance for a field that does not exist "
                        "(or is empty, or is our own words)"
                    )
                problems += [
                    f"{kind} {dataset_id} {path}: {problem}"
                    for problem in _provenance_problems(sources)
                ]
    return problems


def _load(name: str) -> dict:
    return json.loads((DEMO_DATA_DIR / name).read_text(encoding="utf-8"))


def test_every_sourced_value_has_provenance_and_all_provenance_points_at_a_value():
    assert provenance_problems(_load("liver_msc_evidence.json"), _load("provenance.json")) == []


def test_the_check_finds_a_missing_source_a_stray_path_an_unknown_key_and_a_bad_item():
    data, provenance = _load("liver_msc_evidence.json"), _load("provenance.json")
    broken_data, broken = copy.deepcopy(data), copy.deepcopy(provenance)
    trial = broken_data["trials"][1]
    del broken["trials"][trial["dataset_id"]]["enrollment"]
    broken["trials"][trial["dataset_id"]]["arms.0.no_such_field"] = [{"url": "https://x.org"}]
    trial["new_field"] = "a value nobody classified"
    broken["reviews"]["R0"] = {}
    found = provenance_problems(broken_data, broken)
    tid = trial["dataset_id"]
    assert f"trials {tid} enrollment: sourced value without provenance" in found
    stray = f"trials {tid} arms.0.no_such_field: provenance for a field that does not exist"
    assert any(problem.startswith(stray) for problem in found)
    assert any("an item needs url, quote and source_kind" in p for p in found)
    assert any(f"trials {tid} new_field is neither sourced nor own words" in p for p in found)
    assert "reviews R0: provenance for a record the data does not hold" in found
    assert len(found) == 5


def test_every_identifier_is_printed_in_its_own_source():
    """DOIs, PMIDs and registry ids are the data's links to the world: each appears, as printed,
    in the quote or the address of the source given for it."""
    data, provenance = _load("liver_msc_evidence.json"), _load("provenance.json")
    checked = 0
    for kind, key in (("trials", "references"), ("reviews", None)):
        for record in data[kind]:
            given = provenance[kind][record["dataset_id"]]
            links = record[key] if key else [{"reference": record["reference"]}]
            prefix = f"{key}.{{}}.reference" if key else "reference"
            for position, link in enumerate(links):
                for name in ("doi", "pmid"):
                    value = link["reference"][name]
                    if value:
                        sources = given[f"{prefix.format(position)}.{name}"]
                        assert any(
                            value.lower() in (s["quote"] + s["url"]).lower() for s in sources
                        ), (record["dataset_id"], name, value)
                        checked += 1
    for trial in data["trials"]:
        for position, registry_id in enumerate(trial["registry_ids"]):
            sources = provenance["trials"][trial["dataset_id"]][f"registry_ids.{position}"]
            assert any(registry_id["identifier"] in s["quote"] + s["url"] for s in sources)
            checked += 1
    assert checked > 30
