"""Invariants of the data model: database constraints and the curator-facing clean() rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from trials.models import (
    Arm,
    OutcomeResult,
    Registry,
    RegistryId,
    ResultShape,
    Significance,
    Trial,
)

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> str:
    return " ".join(
        str(message) for messages in error.message_dict.values() for message in messages
    )


def test_negative_sd_is_refused_with_a_message(make_trial, make_result):
    trial = make_trial()
    result = OutcomeResult(
        trial=trial,
        measure=make_result(trial, mean=30, sd=4, n=10).measure,
        shape=ResultShape.MEAN_SD,
        mean=30,
        sd=-1,
        n=10,
        unit_reported="g/L",
    )
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert "standard deviation cannot be negative" in messages_of(error.value)


def test_negative_sd_is_refused_by_the_database(make_trial, make_result):
    result = make_result(make_trial(), mean=30, sd=4, n=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeResult.objects.filter(pk=result.pk).update(sd=-2)


def test_events_above_total_are_refused(make_trial, make_measure):
    result = OutcomeResult(
        trial=make_trial(),
        measure=make_measure(kind="binary", unit=""),
        shape=ResultShape.EVENTS,
        events=12,
        total=10,
    )
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert "more events than participants" in messages_of(error.value)


def test_total_above_arm_size_is_refused(make_trial, make_arm, make_measure):
    trial = make_trial()
    arm = make_arm(trial, participants_count=20)
    result = OutcomeResult(
        trial=trial,
        arm=arm,
        measure=make_measure(kind="binary", unit=""),
        shape=ResultShape.EVENTS,
        events=3,
        total=25,
    )
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert "more than the 20 participants" in messages_of(error.value)


def test_albumin_of_350_g_per_litre_is_implausible(make_trial, make_measure):
    result = OutcomeResult(
        trial=make_trial(),
        measure=make_measure(),
        shape=ResultShape.MEAN_SD,
        mean=350,
        sd=4,
        n=10,
        unit_reported="g/L",
    )
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert "outside the plausible range for Albumin" in messages_of(error.value)


def test_albumin_in_g_per_decilitre_is_converted(make_trial, make_measure):
    result = OutcomeResult(
        trial=make_trial(),
        measure=make_measure(),
        shape=ResultShape.MEAN_SD,
        mean=3.2,
        sd=0.4,
        n=10,
        unit_reported="g/dL",
    )
    result.full_clean()
    result.save()
    assert result.value_canonical == pytest.approx(32.0)
    assert result.sd_canonical == pytest.approx(4.0)


def test_unconvertible_unit_is_refused(make_trial, make_measure):
    result = OutcomeResult(
        trial=make_trial(),
        measure=make_measure(),
        shape=ResultShape.MEAN_SD,
        mean=3.2,
        sd=0.4,
        n=10,
        unit_reported="mmHg",
    )
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert "mmHg cannot be converted to g/L" in messages_of(error.value)


def test_each_shape_names_the_fields_it_needs(make_trial, make_measure):
    result = OutcomeResult(trial=make_trial(), measure=make_measure(), shape=ResultShape.EFFECT)
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert {"effect_measure", "effect_value"} <= set(error.value.message_dict)


def test_significance_without_a_number_is_valid(make_trial, make_measure):
    result = OutcomeResult(
        trial=make_trial(),
        measure=make_measure(),
        shape=ResultShape.SIGNIFICANCE,
        significance="significant",
        favours="experimental",
    )
    result.full_clean()


def test_malformed_nct_number_is_refused(make_trial):
    registry_id = RegistryId(trial=make_trial(), registry=Registry.CTGOV, identifier="NCT123")
    with pytest.raises(ValidationError) as error:
        registry_id.full_clean()
    assert "NCT123 is not a valid ClinicalTrials.gov id" in messages_of(error.value)


def test_registry_id_links_to_the_registry(make_trial):
    registry_id = RegistryId(trial=make_trial(), registry=Registry.CTGOV, identifier="NCT01220492")
    registry_id.full_clean()
    assert registry_id.url == "https://clinicaltrials.gov/study/NCT01220492"


def test_completion_before_start_is_refused(make_trial):
    import datetime

    trial = make_trial(start_date=datetime.date(2012, 5, 1))
    trial.completion_date = datetime.date(2011, 1, 1)
    with pytest.raises(ValidationError) as error:
        trial.full_clean()
    assert "completion date cannot be before the start date" in messages_of(error.value)


def test_completion_before_start_is_refused_by_the_database(make_trial):
    import datetime

    with pytest.raises(IntegrityError), transaction.atomic():
        make_trial(start_date=datetime.date(2012, 5, 1), completion_date=datetime.date(2011, 1, 1))


def test_partial_dates_display_as_reported(make_trial):
    import datetime

    trial = make_trial(start_date=datetime.date(2008, 11, 1), start_date_precision="month")
    assert trial.start_display == "2008-11"


def test_a_date_kind_without_its_date_is_refused(make_trial):
    trial = make_trial()
    trial.completion_date_kind = "planned"
    with pytest.raises(ValidationError) as error:
        trial.full_clean(validate_constraints=False)  # clean() repeats it, for the importer
    assert "completion date is actual or planned only" in messages_of(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_trial(start_date_kind="actual")


def test_published_hides_drafts(make_trial):
    make_trial(status="draft")
    shown = make_trial()
    assert list(Trial.objects.published()) == [shown]


def test_dose_range_must_be_ordered(make_trial):
    arm = Arm(
        trial=make_trial(),
        label="MSC",
        role="experimental",
        dose_cells_per_kg_min=1e6,
        dose_cells_per_kg_max=1e5,
    )
    with pytest.raises(ValidationError) as error:
        arm.full_clean()
    assert "lowest dose must not be above the highest" in messages_of(error.value)


def test_saving_a_result_marks_its_trial_updated(make_trial, make_result):
    trial = make_trial()
    before = Trial.objects.get(pk=trial.pk).updated_at
    make_result(trial, mean=30, sd=4, n=10)
    assert Trial.objects.get(pk=trial.pk).updated_at > before


def test_editing_or_deleting_an_arm_or_a_result_marks_its_trial_updated(
    make_trial, make_arm, make_result
):
    trial = make_trial()

    def updated() -> object:
        return Trial.objects.get(pk=trial.pk).updated_at

    arm = make_arm(trial)
    result = make_result(trial, arm=arm, mean=30, sd=4, n=10)
    for change in (lambda: arm.save(), result.delete, arm.delete):
        before = updated()
        change()
        assert updated() > before


# One violating value per check constraint of the models whose clean() repeats them in Python
# (importers skip Django's one query per constraint and rely on clean()).
RESULT_CONSTRAINTS = {
    "trials_outcomeresult_sd_not_negative": {"sd": -1},
    "trials_outcomeresult_baseline_sd_not_negative": {"baseline_sd": -0.5},
    "trials_outcomeresult_events_within_total": {"events": 11, "total": 10},
    "trials_outcomeresult_ci_ordered": {"ci_low": 2.0, "ci_high": 1.0},
    "trials_outcomeresult_timepoint_not_negative": {"timepoint_weeks": -1},
    "trials_outcomeresult_percentage_range": {"percentage": 100.5},
    # Each number belongs to the shapes that report it (these rows are "significance" only).
    "trials_outcomeresult_mean_only_for_means": {"mean": 3},
    "trials_outcomeresult_median_only_for_medians": {"q3": 3},
    "trials_outcomeresult_baseline_only_for_before_after": {"baseline_sd": 1},
    "trials_outcomeresult_events_only_for_counts": {"total": 20},
    "trials_outcomeresult_percentage_only_for_proportions": {"percentage": 30},
    "trials_outcomeresult_effect_only_for_effects": {"effect_measure": "OR"},
    "trials_outcomeresult_ci_only_with_an_estimate": {"ci_high": 1.0},
}


def test_every_result_check_constraint_is_listed_here():
    names = {constraint.name for constraint in OutcomeResult._meta.constraints}
    assert names == set(RESULT_CONSTRAINTS)


@pytest.mark.parametrize("name", sorted(RESULT_CONSTRAINTS))
def test_each_result_check_constraint_refuses_the_row_with_its_message(
    name, make_trial, make_measure
):
    result = OutcomeResult(
        trial=make_trial(),
        measure=make_measure(kind="binary", unit=""),
        shape=ResultShape.SIGNIFICANCE,
        significance=Significance.NOT_SIGNIFICANT,
        **RESULT_CONSTRAINTS[name],
    )
    constraint = next(c for c in OutcomeResult._meta.constraints if c.name == name)
    with pytest.raises(ValidationError) as error:
        result.full_clean()  # what the admin and the importers run
    assert str(constraint.violation_error_message) in messages_of(error.value)
    # and the database refuses the same row when validation is bypassed
    with pytest.raises(IntegrityError), transaction.atomic():
        result.save()


def test_clean_repeats_the_trial_check_constraint(make_trial):
    assert [c.name for c in Trial._meta.constraints] == [
        "trials_trial_completion_after_start",
        "trials_trial_start_kind_needs_date",  # test_a_date_kind_without_its_date_is_refused
        "trials_trial_completion_kind_needs_date",
    ]
    trial = make_trial()
    trial.start_date, trial.completion_date = datetime.date(2020, 5, 1), datetime.date(2020, 4, 1)
    with pytest.raises(ValidationError) as error:
        trial.full_clean(validate_constraints=False)
    assert "completion_date" in error.value.message_dict


def test_in_conditions_gives_each_trial_once_however_many_conditions_match(
    make_trial, make_condition, make_result
):
    broad, narrow = make_condition("Cirrhosis"), make_condition("Decompensated cirrhosis")
    both, neither = make_trial(), make_trial()
    both.conditions.add(broad, narrow)
    make_result(both)
    found = Trial.objects.in_conditions([broad.pk, narrow.pk])
    assert list(found) == [both]
    assert list(Trial.objects.with_results()) == [both]
    assert list(Trial.objects.with_results(present=False)) == [neither]
