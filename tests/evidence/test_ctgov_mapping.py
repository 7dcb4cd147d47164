"""Reading ClinicalTrials.gov documents and mapping them to our vocabulary (no database)."""

import datetime
import json
from pathlib import Path

import pytest

from evidence.importing.errors import PayloadError
from evidence.importing.sources import ctgov
from evidence.importing.sources import ctgov_mapping as mapping
from evidence.importing.sources.ctgov_results import Analysis, GroupValue, RegistryOutcome


@pytest.fixture
def nct00791778(recorded_payloads: Path) -> dict:
    return json.loads((recorded_payloads / "ctgov" / "NCT00791778.json").read_bytes())


def test_values_given_as_strings_are_read_as_numbers(nct00791778):
    study = ctgov.parse_study(nct00791778)
    fosi_cycle_3 = next(
        item for item in study.outcomes if item.title == "FOSI Total Score at Cycle 3"
    )
    placebo = fosi_cycle_3.rows[0].values[1]
    assert (placebo.value, placebo.spread, placebo.participants) == (26.105, 3.414, 105)


def test_na_is_read_as_not_estimable(nct00791778):
    study = ctgov.parse_study(nct00791778)
    survival = next(item for item in study.outcomes if item.title == "Overall Survival (OS)")
    assert [value.value for value in survival.rows[0].values] == [None, None]


def test_start_date_without_type_is_read(nct00791778):
    study = ctgov.parse_study(nct00791778)
    assert study.start == ctgov.PartialDate(datetime.date(2008, 11, 1), "month")


def study(**design: object) -> ctgov.Study:
    return ctgov.Study(nct_id="NCT00000000", brief_title="Test study", **design)


@pytest.mark.parametrize(
    ("design", "expected"),
    [
        ({"study_type": "OBSERVATIONAL"}, "observational"),
        ({"study_type": "INTERVENTIONAL", "allocation": "RANDOMIZED"}, "rct"),
        ({"study_type": "INTERVENTIONAL", "allocation": "NON_RANDOMIZED"}, "non_randomised"),
        (
            {
                "study_type": "INTERVENTIONAL",
                "allocation": "NA",
                "intervention_model": "SINGLE_GROUP",
            },
            "single_arm",
        ),
        ({"study_type": "INTERVENTIONAL"}, ""),
    ],
)
def test_design_comes_from_type_allocation_and_model(design, expected):
    assert mapping.design_of(study(**design)) == expected


@pytest.mark.parametrize(
    ("phases", "expected"),
    [
        (["PHASE1", "PHASE2"], "1_2"),
        (["PHASE3", "PHASE2"], "2_3"),
        (["EARLY_PHASE1"], "early_1"),
        (["NA"], "na"),
    ],
)
def test_phases_map_to_one_phase(phases, expected):
    assert mapping.trial_values(study(phases=phases)).values["phase"] == expected


def test_an_impossible_phase_pair_is_left_empty_with_a_note():
    mapped = mapping.trial_values(study(phases=["PHASE1", "PHASE3"]))
    assert mapped.values["phase"] == "" and mapped.notes


def test_secondary_ids_are_kept_only_from_known_registries_when_valid():
    ids = [
        ctgov.SecondaryId("ChiCTR-TEST-0001", "REGISTRY"),
        ctgov.SecondaryId("2008-004429-41", "EUDRACT_NUMBER"),
        ctgov.SecondaryId("2008-004429", "EUDRACT_NUMBER"),
        ctgov.SecondaryId("2008-004429-41", "OTHER"),
        ctgov.SecondaryId("R01 DK000000", "NIH"),
    ]
    assert mapping.secondary_registry_ids(study(secondary_ids=ids)) == [
        ("chictr", "ChiCTR-TEST-0001"),
        ("euctr", "2008-004429-41"),
    ]


def test_measure_names_are_found_inside_registry_titles():
    candidates = mapping.measure_candidates("Change From Baseline in MELD Score (MELD) at Week 24")
    assert {"meld score", "meld"} <= set(candidates)


def test_a_standard_error_becomes_an_sd_and_counts_become_events():
    outcome = RegistryOutcome("PRIMARY", "Test", "MEAN", "Standard Error", "g/L", "Week 1")
    value = GroupValue("Test arm", 10.0, spread=1.0, participants=25)
    assert mapping.result_fields(outcome, "mean_sd", value)["sd"] == 5.0
    counts = RegistryOutcome("PRIMARY", "Test", "COUNT_OF_PARTICIPANTS", "", "", "")
    fields = mapping.result_fields(counts, "events", GroupValue("Test arm", 3.0, participants=20))
    assert (fields["events"], fields["total"]) == (3, 20)


@pytest.mark.parametrize(
    ("param_type", "expected"),
    [
        ("Hazard Ratio (HR)", "HR"),
        ("Odds Ratio (OR)", "OR"),
        ("Risk Ratio (RR)", "RR"),
        ("Mean Difference (Final Values)", "MD"),
        ("Median Difference (Final Values)", ""),
    ],
)
def test_registry_analyses_map_to_our_effect_measures(param_type, expected):
    assert mapping.effect_measure_of(param_type) == expected


def test_a_confidence_interval_other_than_95_percent_is_left_out():
    analysis = Analysis(("A", "B"), "Hazard Ratio (HR)", 0.8, "90", 0.6, 1.1, "0.2")
    fields = mapping.effect_fields(analysis, "HR")
    assert (fields["effect_value"], fields["ci_low"], fields["ci_high"]) == (0.8, None, None)


def test_status_as_of_is_the_status_verified_month_not_the_last_update(nct00791778):
    # The record was last updated 2015-09-28 but its status verified in 2015-06: the registry's
    # "unknown after two years" rule counts from the verified date.
    values = mapping.trial_values(ctgov.parse_study(nct00791778)).values
    assert (values["status_as_of"], values["status_as_of_precision"]) == (
        datetime.date(2015, 6, 1),
        "month",
    )


def test_dates_are_actual_planned_or_not_stated(nct00791778, recorded_payloads):
    old = mapping.trial_values(ctgov.parse_study(nct00791778)).values
    assert (old["start_date_kind"], old["completion_date_kind"]) == ("", "actual")
    payload = json.loads((recorded_payloads / "ctgov" / "NCT06131398.json").read_bytes())
    payload["protocolSection"]["statusModule"]["completionDateStruct"]["type"] = "ESTIMATED"
    new = mapping.trial_values(ctgov.parse_study(payload)).values
    assert (new["start_date_kind"], new["completion_date_kind"]) == ("actual", "planned")


def test_a_status_without_a_verified_date_is_left_undated_with_a_note():
    payload = json.loads(
        (Path(__file__).parent / "payloads" / "ctgov_NCT01220492.json").read_bytes()
    )
    mapped = mapping.trial_values(ctgov.parse_study(payload))
    assert mapped.values["status_as_of"] is None
    assert any("verified" in note for note in mapped.notes)


def test_a_malformed_verified_date_is_named(nct00791778):
    nct00791778["protocolSection"]["statusModule"]["statusVerifiedDate"] = "June 2015"
    with pytest.raises(PayloadError, match="statusModule.statusVerifiedDate"):
        ctgov.parse_study(nct00791778)
