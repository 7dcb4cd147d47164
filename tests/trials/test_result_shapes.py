"""A result's shape follows its measure's kind, and its numbers follow its shape: the form says so
in a curator's words, the database refuses the rest from any writer."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from trials.models import MeasureKind, OutcomeMeasure, OutcomeResult, ResultShape

pytestmark = pytest.mark.django_db


@pytest.fixture
def meld_fall(make_measure) -> OutcomeMeasure:
    return make_measure("MELD fall of 3 points or more", kind=MeasureKind.BINARY, unit="")


def test_a_mean_for_a_yes_no_measure_is_refused_by_the_form(make_trial, meld_fall):
    result = OutcomeResult(
        trial=make_trial(), measure=meld_fall, shape=ResultShape.MEAN_SD, mean=3, sd=1, n=20
    )
    with pytest.raises(ValidationError) as refused:
        result.full_clean()
    message = " ".join(refused.value.message_dict["shape"])
    assert "MELD fall of 3 points or more is a binary measure" in message
    assert "one of: Events out of total; Percentage with 95% CI;" in message


def test_a_mean_for_a_yes_no_measure_is_refused_by_the_database(make_trial, meld_fall):
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeResult.objects.create(
            trial=make_trial(), measure=meld_fall, shape=ResultShape.MEAN_SD, mean=3, sd=1, n=20
        )


def test_a_mean_beside_counted_events_is_refused_by_a_check(make_trial, meld_fall):
    trial = make_trial()
    fields = {"trial": trial, "measure": meld_fall, "shape": ResultShape.EVENTS, "mean": 3}
    with pytest.raises(ValidationError) as refused:
        OutcomeResult(**fields, events=3, total=20).full_clean()
    assert "A mean and SD belong to a result reported as a mean" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeResult.objects.create(**fields, events=3, total=20)


def test_a_yes_no_measures_effect_is_a_ratio_not_a_mean_difference(make_trial, meld_fall):
    fields = {"trial": make_trial(), "measure": meld_fall, "shape": ResultShape.EFFECT}
    result = OutcomeResult(**fields, effect_measure="MD", effect_value=1.2)
    with pytest.raises(ValidationError) as refused:
        result.full_clean()
    assert "its effect is one of: Risk ratio; Odds ratio; Risk difference." in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeResult.objects.create(**fields, effect_measure="MD", effect_value=1.2)
    OutcomeResult.objects.create(**fields, effect_measure="OR", effect_value=2.1)


def test_the_shapes_each_kind_allows_are_stored(make_trial, make_measure, meld_fall):
    trial = make_trial()
    survival = make_measure("Overall survival", kind=MeasureKind.TIME_TO_EVENT, unit="")
    albumin = make_measure()
    rows = [
        (meld_fall, ResultShape.EVENTS, {"events": 3, "total": 20}),
        (meld_fall, ResultShape.PERCENTAGE, {"percentage": 15}),
        (albumin, ResultShape.MEDIAN_IQR, {"median": 30, "q1": 28, "q3": 33}),
        (albumin, ResultShape.BEFORE_AFTER, {"baseline_mean": 28, "mean": 31}),
        (survival, ResultShape.EFFECT, {"effect_measure": "HR", "effect_value": 0.7}),
        (survival, ResultShape.PERCENTAGE, {"percentage": 80}),
    ]
    for measure, shape, numbers in rows:
        OutcomeResult.objects.create(trial=trial, measure=measure, shape=shape, **numbers)
    assert OutcomeResult.objects.filter(trial=trial).count() == len(rows)


def test_a_measure_with_means_cannot_become_a_yes_no_measure(make_trial, make_result):
    result = make_result(make_trial(), mean=35, sd=4, n=20)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeMeasure.objects.filter(pk=result.measure_id).update(kind=MeasureKind.BINARY)
    assert OutcomeMeasure.objects.get(pk=result.measure_id).kind == MeasureKind.CONTINUOUS
