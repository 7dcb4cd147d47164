"""A trial's version and updated_at follow every write to it and to its rows, by database
triggers (trials.models.trial_version), whoever writes."""

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from evidence.models import TrialReference
from trials.models import RegistryId, RiskOfBiasAssessment, Trial

pytestmark = pytest.mark.django_db


def _stored(trial: Trial) -> tuple[int, datetime.datetime]:
    return Trial.objects.values_list("version", "updated_at").get(pk=trial.pk)


def _backdated(trial: Trial) -> tuple[int, datetime.datetime]:
    Trial.objects.filter(pk=trial.pk).update(updated_at=timezone.now() - datetime.timedelta(days=9))
    return _stored(trial)


def _assert_marked(trial: Trial, before: tuple[int, datetime.datetime], writes: int = 1) -> None:
    version, updated_at = _stored(trial)
    assert version == before[0] + writes
    assert updated_at > before[1] + datetime.timedelta(days=8)


def test_an_arm_inserted_changed_and_deleted_marks_its_trial_each_time(make_trial, make_arm):
    trial = make_trial()
    before = _backdated(trial)
    arm = make_arm(trial)
    _assert_marked(trial, before)
    before = _backdated(trial)
    arm.participants_count = 21
    arm.save()
    _assert_marked(trial, before)
    before = _backdated(trial)
    arm.delete()
    _assert_marked(trial, before)


def test_results_registry_ids_reference_links_and_assessments_mark_their_trial(
    make_trial, make_result, make_reference, make_measure
):
    trial = make_trial()
    writes: list[Callable[[], object]] = [
        lambda: make_result(trial, mean=35, sd=4, n=20),
        lambda: RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT01220492"),
        lambda: make_reference(trial),  # its link to the trial is the row written
        lambda: RiskOfBiasAssessment.objects.create(trial=trial, measure=make_measure()),
        lambda: TrialReference.objects.filter(trial=trial).delete(),  # a queryset delete too
    ]
    for write in writes:
        before = _backdated(trial)
        write()
        _assert_marked(trial, before)


def test_a_condition_link_added_or_removed_marks_the_trial(make_trial, make_condition):
    trial = make_trial()
    condition = make_condition()
    before = _backdated(trial)
    trial.conditions.add(condition)
    _assert_marked(trial, before)
    before = _backdated(trial)
    trial.conditions.remove(condition)
    _assert_marked(trial, before)


def test_a_row_moved_to_another_trial_marks_both(make_trial, make_arm):
    first, second = make_trial(), make_trial()
    arm = make_arm(first)
    before = {trial.pk: _backdated(trial) for trial in (first, second)}
    arm.trial = second
    arm.save()
    for trial in (first, second):
        _assert_marked(trial, before[trial.pk])


def test_a_trial_read_before_its_rows_were_written_cannot_lower_its_version(make_trial, make_arm):
    trial = make_trial()
    stale = Trial.objects.get(pk=trial.pk)
    start = stale.version
    make_arm(trial)
    make_arm(trial)
    stale.enrollment = 41
    stale.save()  # holds the version it was read at
    assert _stored(trial)[0] == start + 3


def test_an_older_version_written_back_is_raised_above_the_stored_one(make_trial):
    trial = make_trial()
    trial.save()
    trial.save()
    stored = _stored(trial)[0]
    Trial.objects.filter(pk=trial.pk).update(version=1)  # a restored revision holds an old one
    assert _stored(trial)[0] == stored + 1


def test_bookkeeping_updates_leave_the_version_alone(make_trial):
    trial = make_trial()
    before = _stored(trial)
    Trial.objects.filter(pk=trial.pk).update(registry_synced_at=timezone.now())
    trial.save(update_fields=["registry_synced_at"])
    assert _stored(trial) == before
