"""Importing trials from ClinicalTrials.gov API v2: mapping, refresh, errors, on real payloads."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reversion.models import Version

from evidence.importing.errors import PayloadError
from evidence.importing.services import trial_import_ctgov, trials_import_ctgov_document
from evidence.importing.sources import ctgov
from evidence.models import Reference, TrialReference
from tests.evidence import network
from trials.models import (
    Arm,
    Country,
    MeasureKind,
    OutcomeResult,
    RegistryId,
    ResultShape,
    SourceKind,
    Trial,
)
from trials.revisions.history import history_entries

pytestmark = pytest.mark.django_db

PAYLOADS = Path(__file__).parent / "payloads"
LIVER = PAYLOADS / "ctgov_NCT01220492.json"


def load(path: Path) -> dict:
    return json.loads(path.read_bytes())


def database_counts() -> dict[str, int]:
    models = (Trial, RegistryId, Arm, OutcomeResult, Reference, TrialReference)
    counts = {model.__name__: model.objects.count() for model in models}
    counts |= {f"history of {m.__name__}": Version.objects.get_for_model(m).count() for m in models}
    return counts


@pytest.fixture
def china() -> Country:
    return Country.objects.create(name="China", slug="china", code="CN")


@pytest.fixture
def nct00791778(recorded_payloads: Path) -> dict:
    return load(recorded_payloads / "ctgov" / "NCT00791778.json")


def test_liver_trial_arrives_as_a_draft_with_its_registry_fields(make_condition, china):
    cirrhosis = make_condition("Cirrhosis", synonyms="Liver cirrhosis\nHepatic cirrhosis")
    report = trial_import_ctgov(payload=load(LIVER))
    trial = Trial.objects.get()
    assert report.created and trial.status == "draft"
    assert trial.registry_ids.get().identifier == "NCT01220492"
    assert (
        trial.short_title
        == "Umbilical Cord Mesenchymal Stem Cells for Patients With Liver Cirrhosis"
    )
    assert (trial.phase, trial.recruitment_status, trial.sponsor) == (
        "1_2",
        "completed",
        "Beijing 302 Hospital",
    )
    assert list(trial.conditions.all()) == [cirrhosis] and list(trial.countries.all()) == [china]
    assert trial.registry_synced_at is not None


def test_partial_dates_stay_partial():
    trial = trial_import_ctgov(payload=load(LIVER)).instance
    assert (trial.start_date, trial.start_date_precision) == (datetime.date(2009, 5, 1), "month")
    assert trial.start_display == "2009-05" and trial.completion_display == "2016-04"


def test_arms_are_created_as_registered():
    trial = trial_import_ctgov(payload=load(LIVER)).instance
    labels = list(trial.arms.values_list("position", "label", "role"))
    assert labels == [
        (0, "conventional plus MSC treatment", "other"),
        (1, "conventional plus placebo treatment", "placebo"),  # its label says so
    ]


def test_unmatched_conditions_and_unknown_countries_are_listed_for_the_curator():
    report = trial_import_ctgov(payload=load(LIVER))
    assert report.unmatched_conditions == ["Liver Cirrhosis"]
    assert report.unknown_countries == ["China"]
    assert "Liver Cirrhosis" in report.summary()


def test_importing_twice_changes_nothing_and_adds_no_history(china):
    trial_import_ctgov(payload=load(LIVER))
    before = database_counts()
    report = trial_import_ctgov(payload=load(LIVER))
    assert not report.changed and not report.created
    assert database_counts() == before


def test_refresh_keeps_what_a_curator_wrote(make_condition, curator):
    trial = trial_import_ctgov(payload=load(LIVER)).instance
    chosen = make_condition("Decompensated cirrhosis")
    trial.conditions.set([chosen])
    trial.short_title, trial.plain_summary, trial.sponsor = (
        "Curated title",
        "Curated words",
        "Curated",
    )
    trial.save()
    changed = load(LIVER)
    changed["protocolSection"]["statusModule"]["overallStatus"] = "TERMINATED"
    report = trial_import_ctgov(payload=changed, user=curator)
    trial.refresh_from_db()
    assert (trial.short_title, trial.plain_summary, trial.sponsor) == (
        "Curated title",
        "Curated words",
        "Curated",
    )
    assert list(trial.conditions.all()) == [chosen] and trial.recruitment_status == "terminated"
    assert report.changed_fields == ["recruitment_status", "status_as_of", "status_as_of_precision"]
    assert any("sponsor" in kept for kept in report.kept_curator_values)


def test_refresh_shows_in_the_trials_history(curator):
    trial = trial_import_ctgov(payload=load(LIVER)).instance
    changed = load(LIVER)
    changed["protocolSection"]["statusModule"]["overallStatus"] = "TERMINATED"
    trial_import_ctgov(payload=changed, user=curator)
    today = timezone.localdate().isoformat()
    latest, first = Version.objects.get_for_object(trial).select_related("revision")[:2]
    assert latest.revision.comment == f"Refreshed from ClinicalTrials.gov {today}"
    assert latest.revision.user == curator
    assert first.revision.comment == f"Imported from ClinicalTrials.gov {today}"
    newest, _imported = history_entries(Trial, str(trial.pk))
    changed = [f.label for row in newest.rows for f in row.fields]
    assert changed == ["recruitment status", "registry last imported at"]


def test_first_import_of_a_hand_entered_trial_fills_only_empty_fields(make_trial):
    trial = make_trial("A curator's title", sponsor="", enrollment=219, status="in_review")
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT01220492")
    report = trial_import_ctgov(payload=load(LIVER))
    trial.refresh_from_db()
    assert (trial.title, trial.status, trial.enrollment) == ("A curator's title", "in_review", 219)
    assert trial.sponsor == "Beijing 302 Hospital"
    assert not report.created and any("title" in kept for kept in report.kept_curator_values)


def test_status_date_and_date_kinds_are_imported_and_refreshed(recorded_payloads):
    payload = load(recorded_payloads / "ctgov" / "NCT06131398.json")
    trial = trial_import_ctgov(payload=payload).instance
    assert (trial.status_as_of, trial.status_as_of_precision) == (
        datetime.date(2026, 8, 1),
        "month",
    )
    assert (trial.start_date_kind, trial.completion_date_kind) == ("actual", "actual")
    payload["protocolSection"]["statusModule"]["statusVerifiedDate"] = "2026-11"
    report = trial_import_ctgov(payload=payload)
    trial.refresh_from_db()
    assert trial.status_as_of == datetime.date(2026, 11, 1)
    assert "status_as_of" in report.changed_fields


def test_a_curators_status_keeps_its_own_date_on_refresh(recorded_payloads):
    payload = load(recorded_payloads / "ctgov" / "NCT06131398.json")
    trial = trial_import_ctgov(payload=payload).instance
    trial.recruitment_status, trial.status_as_of = "terminated", datetime.date(2026, 9, 15)
    trial.save()
    payload["protocolSection"]["statusModule"]["statusVerifiedDate"] = "2026-11"
    report = trial_import_ctgov(payload=payload)
    trial.refresh_from_db()
    assert (trial.recruitment_status, trial.status_as_of) == (
        "terminated",
        datetime.date(2026, 9, 15),
    )
    assert any("recruitment status" in kept for kept in report.kept_curator_values)


def test_two_phases_become_one_combined_phase(recorded_payloads):
    page = ctgov.load_document(
        (recorded_payloads / "ctgov" / "biomcp_search_phelan_limit5_20260811.json").read_bytes()
    )
    study = next(item for item in page["studies"] if "NCT05105685" in json.dumps(item))
    assert trial_import_ctgov(payload=study).instance.phase == "1_2"


def test_real_record_with_results_maps_design_masking_enrollment_and_ids(nct00791778):
    trial = trial_import_ctgov(payload=nct00791778).instance
    assert (trial.design, trial.masking, trial.phase) == ("rct", "double", "2")
    assert (trial.enrollment, trial.enrollment_kind) == (246, "actual")
    assert (trial.start_display, trial.completion_display) == ("2008-11", "2012-12")
    assert trial.registry_last_updated_date == datetime.date(2015, 9, 28)
    ids = set(trial.registry_ids.values_list("registry", "identifier"))
    assert ids == {("ctgov", "NCT00791778"), ("euctr", "2008-004429-41")}


def test_arm_roles_come_from_the_arm_types(nct00791778):
    trial = trial_import_ctgov(payload=nct00791778).instance
    arms = list(trial.arms.values_list("label", "role", "cell_description"))
    assert arms == [
        (
            "Sorafenib (Nexavar, BAY43-9006)",
            "experimental",
            "Drug: Sorafenib (Nexavar, BAY43-9006)",
        ),
        ("Placebo", "placebo", "Drug: Placebo"),
    ]


def test_countries_come_from_locations_without_a_facility(nct00791778):
    belgium = Country.objects.create(name="Belgium", slug="belgium", code="BE")
    usa = Country.objects.create(name="United States of America", slug="usa", code="US")
    report = trial_import_ctgov(payload=nct00791778)
    assert set(report.instance.countries.all()) == {belgium, usa}
    assert "United States" not in report.unknown_countries and "Canada" in report.unknown_countries


def test_result_pmids_become_minimal_references_linked_to_the_trial(nct00791778):
    trial = trial_import_ctgov(payload=nct00791778).instance
    links = TrialReference.objects.filter(trial=trial).select_related("reference")
    found = {(link.reference.pmid, link.role) for link in links}
    assert found == {("23591401", "primary_results"), ("37185961", "secondary_analysis")}
    assert Reference.objects.get(pmid="23591401").doi == "10.1016/j.ygyno.2013.04.011"


def test_a_pmid_we_hold_is_linked_not_duplicated(nct00791778, make_reference):
    held = make_reference(title="Test reference held", pmid="23591401")
    trial = trial_import_ctgov(payload=nct00791778).instance
    assert TrialReference.objects.get(trial=trial, reference__pmid="23591401").reference == held
    assert Reference.objects.filter(pmid="23591401").count() == 1


@pytest.fixture
def fosi(make_measure):
    return make_measure(
        "FOSI total score",
        abbreviation="FOSI",
        kind=MeasureKind.CONTINUOUS,
        unit="",
        plausible_min=None,
        plausible_max=None,
    )


def test_registry_results_become_outcome_results_to_confirm(nct00791778, fosi):
    trial = trial_import_ctgov(payload=nct00791778).instance
    result = OutcomeResult.objects.get(
        trial=trial,
        arm__label="Placebo",
        timepoint_label="At Cycle 3 (4 weeks per Cycle)",
        is_change_from_baseline=False,
    )
    assert (result.shape, result.mean, result.sd, result.n) == (
        ResultShape.MEAN_SD,
        26.105,
        3.414,
        105,
    )
    assert result.source_kind == SourceKind.REGISTRY_RESULTS and result.verified_at is None
    assert result.registry_version_date == datetime.date(2015, 9, 28)
    assert result.unit_reported == "Scores on a scale"


def test_change_from_baseline_results_are_marked(nct00791778, fosi):
    trial = trial_import_ctgov(payload=nct00791778).instance
    changes = trial.outcome_results.filter(is_change_from_baseline=True)
    assert changes.count() == 6  # cycles 3, 5 and end of treatment, two arms each


def fosi_at_cycle_3(payload: dict) -> dict:
    measures = payload["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"]
    return next(item for item in measures if item["title"] == "FOSI Total Score at Cycle 3")


def test_not_estimable_values_are_skipped_with_a_note(nct00791778, fosi):
    # The registry's "NA" on a mean (here put on one arm's value of a real record).
    fosi_at_cycle_3(nct00791778)["classes"][0]["categories"][0]["measurements"][0]["value"] = "NA"
    report = trial_import_ctgov(payload=nct00791778)
    cycle_3 = report.instance.outcome_results.filter(timepoint_label__startswith="At Cycle 3")
    assert [result.arm.label for result in cycle_3] == ["Placebo"]
    assert any("not estimable (NA)" in note for note in report.notes)


def test_hazard_ratios_become_between_arm_results(nct00791778, make_measure):
    make_measure("Overall survival", abbreviation="OS", kind=MeasureKind.TIME_TO_EVENT, unit="")
    report = trial_import_ctgov(payload=nct00791778)
    result = report.instance.outcome_results.get()
    assert (result.shape, result.effect_measure, result.effect_value) == ("effect", "HR", 1.49)
    assert (result.ci_low, result.ci_high, result.p_value) == (0.69, 3.23, "0.84")
    assert (result.arm.label, result.comparator_arm.label) == (
        "Sorafenib (Nexavar, BAY43-9006)",
        "Placebo",
    )
    assert "Sorafenib compared to Placebo" in result.statement
    assert any("Per-arm results of 'Overall Survival (OS)'" in note for note in report.notes)


def test_unmatched_measures_are_listed_not_created(nct00791778, fosi):
    report = trial_import_ctgov(payload=nct00791778)
    assert "Overall Survival (OS)" in report.unmatched_measures
    assert "FOSI Total Score at Cycle 3" not in report.unmatched_measures


def test_reimporting_results_changes_nothing(nct00791778, fosi):
    trial_import_ctgov(payload=nct00791778)
    before = database_counts()
    report = trial_import_ctgov(payload=nct00791778)
    assert not report.changed and database_counts() == before


def test_a_confirmed_registry_result_is_kept_on_refresh(nct00791778, fosi, curator):
    trial_import_ctgov(payload=nct00791778)
    result = OutcomeResult.objects.filter(mean=26.105).get()
    result.mean, result.verified_at = 26.1, datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    result.save()
    trial_import_ctgov(payload=nct00791778)
    result.refresh_from_db()
    assert result.mean == 26.1


def test_record_without_results_imports(recorded_payloads):
    report = trial_import_ctgov(payload=load(recorded_payloads / "ctgov" / "NCT06131398.json"))
    trial = report.instance
    assert (trial.design, trial.masking, trial.phase) == ("non_randomised", "open_label", "1")
    assert trial.arms.count() == 2 and not trial.outcome_results.exists()


def test_search_page_imports_every_study(recorded_payloads):
    raw = (recorded_payloads / "ctgov" / "biomcp_search_phelan_limit5_20260811.json").read_bytes()
    reports = trials_import_ctgov_document(raw=raw)
    assert len(reports) == 5 and Trial.objects.count() == 5
    assert Trial.objects.get(registry_ids__identifier="NCT01525901").start_display == "2012-02"


def test_missing_nct_number_is_named():
    payload = load(LIVER)
    del payload["protocolSection"]["identificationModule"]["nctId"]
    with pytest.raises(PayloadError, match="nctId"):
        trial_import_ctgov(payload=payload)
    assert not Trial.objects.exists()


def test_a_wrong_type_deep_inside_is_named_and_nothing_is_saved(nct00791778):
    nct00791778["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][4]["classes"] = "x"
    with pytest.raises(PayloadError, match=r"outcomeMeasures\[4\]\.classes"):
        trial_import_ctgov(payload=nct00791778)
    assert database_counts()["Trial"] == 0


def test_bad_study_in_a_search_page_changes_nothing(recorded_payloads):
    page = load(recorded_payloads / "ctgov" / "biomcp_search_phelan_limit5_20260811.json")
    page["studies"][3]["protocolSection"]["statusModule"]["startDateStruct"]["date"] = "2018-13"
    with pytest.raises(PayloadError, match="startDateStruct"):
        trials_import_ctgov_document(raw=json.dumps(page))
    assert not Trial.objects.exists()


REAL_PAYLOADS = (
    "NCT00791778.json",
    "NCT06131398.json",
    "biomcp_search_keytruda_limit3_20260811.json",
    "biomcp_search_phelan_limit5_20260811.json",
    "biomcp_search_phelan_next_20260811.json",
)


@pytest.mark.parametrize("name", REAL_PAYLOADS)
def test_truncated_payloads_give_a_clean_error_and_change_nothing(recorded_payloads, name):
    raw = (recorded_payloads / "ctgov" / name).read_bytes()

    @settings(
        max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(cut=st.integers(min_value=0, max_value=len(raw.rstrip()) - 1))
    def truncated_import_fails_cleanly(cut: int) -> None:
        before = database_counts()
        with pytest.raises(PayloadError, match="not valid"):
            trials_import_ctgov_document(raw=raw[:cut])
        assert database_counts() == before

    truncated_import_fails_cleanly()


def test_command_imports_a_saved_study_twice_without_change(capsys):
    call_command("import_ctgov", "--file", str(LIVER))
    call_command("import_ctgov", "--file", str(LIVER))
    assert Trial.objects.count() == 1 and Version.objects.get_for_model(Trial).count() == 1
    assert "already up to date" in capsys.readouterr().out


def test_command_fetches_live_with_an_injected_network(monkeypatch, nct00791778):
    session = network.install(
        monkeypatch, {"/studies/NCT00791778": json.dumps(nct00791778).encode()}
    )
    call_command("import_ctgov", "NCT00791778")
    assert Trial.objects.filter(registry_ids__identifier="NCT00791778").exists()
    assert session.calls[0][0].endswith("/studies/NCT00791778")


def test_command_says_an_unknown_nct_is_not_found(monkeypatch):
    network.install(monkeypatch, {"/studies/NCT09999999": (404, b'{"message": "not found"}')})
    with pytest.raises(CommandError, match="NCT09999999 was not found"):
        call_command("import_ctgov", "NCT09999999")


def test_command_refuses_something_that_is_not_an_nct_number():
    with pytest.raises(CommandError, match="not an NCT number"):
        call_command("import_ctgov", "12345")


def test_command_says_when_offline_and_changes_nothing(monkeypatch):
    network.install(monkeypatch, {"/studies/": network.requests.ConnectionError("offline")})
    with pytest.raises(CommandError, match="network"):
        call_command("import_ctgov", "NCT01220492", "--retries", "0")
    assert not Trial.objects.exists()


def test_command_follows_next_page_tokens_when_searching(monkeypatch, recorded_payloads):
    folder = recorded_payloads / "ctgov"
    session = network.install(
        monkeypatch,
        {
            "pageToken=": (folder / "biomcp_search_phelan_next_20260811.json").read_bytes(),
            "query.term=": (folder / "biomcp_search_phelan_limit5_20260811.json").read_bytes(),
        },
    )
    call_command("import_ctgov", "--search", "Phelan-McDermid", "--max-pages", "2")
    assert Trial.objects.count() == 10 and len(session.calls) == 2
    assert session.calls[1][1]["pageToken"] == "ZVt07cGHkvI2wRk2CJf6_LLq14bEL8swd7KrgP4dnDeTsPkw"


def test_command_file_that_is_truncated_is_a_command_error(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_bytes(LIVER.read_bytes()[:200])
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_ctgov", "--file", str(broken))


@pytest.mark.parametrize("name", ["liver", "NCT00791778.json"])
def test_an_unchanged_refresh_costs_few_queries_for_a_small_or_large_record(
    recorded_payloads, fosi, django_assert_max_num_queries, name
):
    # NCT00791778 has 59 locations, 2 PMIDs and 24 results measures; the liver record has few.
    path = LIVER if name == "liver" else recorded_payloads / "ctgov" / name
    trials_import_ctgov_document(raw=path.read_bytes())
    with django_assert_max_num_queries(14):
        trials_import_ctgov_document(raw=path.read_bytes())


@pytest.mark.parametrize("name", ["keytruda_limit3", "phelan_limit5"])
def test_refreshing_a_search_page_costs_a_few_queries_per_study(
    recorded_payloads, django_assert_max_num_queries, name
):
    raw = (recorded_payloads / "ctgov" / f"biomcp_search_{name}_20260811.json").read_bytes()
    studies = len(trials_import_ctgov_document(raw=raw))
    with django_assert_max_num_queries(4 + 2 * studies):
        trials_import_ctgov_document(raw=raw)


def test_command_imports_every_study_of_a_saved_search_page(recorded_payloads):
    page = recorded_payloads / "ctgov" / "biomcp_search_keytruda_limit3_20260811.json"
    call_command("import_ctgov", "--file", str(page))
    assert Trial.objects.filter(status="draft").count() == 3


def test_a_result_that_does_not_validate_is_skipped_with_a_note(nct00791778, make_measure):
    make_measure("FOSI total score", abbreviation="FOSI", unit="g/L")  # a deliberate mismatch
    report = trial_import_ctgov(payload=nct00791778)
    assert not report.instance.outcome_results.exists()
    assert any("cannot be converted to g/L" in note for note in report.notes)


def test_an_import_in_a_spanish_session_writes_the_english_fields():
    from django.utils import translation

    with translation.override("es"):
        trial = trial_import_ctgov(payload=load(LIVER)).instance
    trial.refresh_from_db()
    assert (
        trial.short_title_en.startswith("Umbilical Cord Mesenchymal") and not trial.short_title_es
    )
