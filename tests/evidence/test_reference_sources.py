"""Every value scripts/complete_demo_references.py added to the demo references is printed by
a quoted page (evidence/demo/data/reference_sources.json), and the demo data holds it."""

import json
import re

import pytest

from evidence.demo.load import DEMO_DATA_DIR
from scripts.complete_demo_references import backs, backs_author

SOURCES = json.loads((DEMO_DATA_DIR / "reference_sources.json").read_text(encoding="utf-8"))
DEMO = json.loads((DEMO_DATA_DIR / "liver_msc_evidence.json").read_text(encoding="utf-8"))


def _reference(target: str) -> dict:
    trial_ref = re.fullmatch(r"(T\d+)\.references\[(\d+)\]", target)
    registry = re.fullmatch(r"(T\d+)\.registry\[(.+)\]", target)
    review = re.fullmatch(r"(R\d+)\.reference", target)
    if review:
        return next(r for r in DEMO["reviews"] if r["dataset_id"] == review.group(1))["reference"]
    trial = next(t for t in DEMO["trials"] if t["dataset_id"] == (trial_ref or registry).group(1))
    if trial_ref:
        return trial["references"][int(trial_ref.group(2))]["reference"]
    return next(
        link["reference"]
        for link in trial["references"]
        if link["reference"].get("report_number") == registry.group(2)
    )


CASES = [
    (target, field, entry)
    for target, fields in SOURCES["references"].items()
    for field, entry in fields.items()
]


@pytest.mark.parametrize(("target", "field", "entry"), CASES, ids=[f"{t}.{f}" for t, f, _ in CASES])
def test_each_added_value_is_printed_by_its_quote_and_held(target, field, entry):
    assert entry["sources"]
    assert all(s["url"].startswith("http") and s["quote"] for s in entry["sources"])
    reference = _reference(target)
    value = entry["value"]
    if field == "authors":
        held = [{k: v for k, v in author.items() if v} for author in reference["authors"]]
        assert held == [{k: v for k, v in author.items() if v} for author in value]
        assert all(
            backs(a["group"], entry["sources"])
            if "group" in a
            else backs_author(a, entry["sources"])
            for a in value
        )
    elif field == "authors_complete":
        # The source names only these first authors ("Jang et al.", a table's first author).
        assert reference["authors_complete"] is False
    elif field.startswith("date"):
        assert backs(value, entry["sources"])
        assert (reference["year"], reference["month"], reference["day"]) == tuple(
            int(part) for part in value.split("-")
        )
    else:
        assert reference[field] == value
        if field != "journal_abbreviation":  # from the reference set's own table of names
            assert backs(value, entry["sources"])
    if any(source.get("supports") == "unverified" for source in entry["sources"]):
        named = {"authors_complete": "authors"}.get(field, field)
        assert named in reference["unverified_fields"]


def test_the_missing_years_and_first_authors_are_filled():
    """The three years and four first authors the sources give (issue 18)."""
    by_trial = {
        t["dataset_id"]: t["references"][0]["reference"] for t in DEMO["trials"] if t["references"]
    }
    assert [by_trial[t]["year"] for t in ("T03", "T09", "T11")] == [2012, 2011, 2013]
    firsts = [by_trial[t]["authors"][0]["family"] for t in ("T05", "T09", "T11", "T14")]
    assert firsts == ["Jang", "Peng", "Spahr", "El-Ansary"]
    assert by_trial["T05"]["authors_complete"] is False  # "Jang et al."
    assert by_trial["T11"]["journal"] == "PLoS One" and by_trial["T11"]["pages"] == "e53719"
