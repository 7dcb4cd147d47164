"""From curated per-arm results to pooled results, subgroups and the reproduction badge."""

import pytest

from evidence import meta
from evidence.synthesis import (
    WINDOWS,
    ArmData,
    combine_arms,
    compare_with_published,
    subgroups,
    syntheses_for,
)
from trials.models import CellSource, Trial

pytestmark = pytest.mark.django_db
TWELVE_WEEKS = next(window for window in WINDOWS if window.label == "12 weeks")


@pytest.fixture
def albumin(make_measure):
    return make_measure("Serum albumin", slug="albumin")


@pytest.fixture
def make_two_arm_trial(make_trial, make_arm, make_result, albumin, make_vocabulary):
    def make(msc, control, *, weeks=12, unit="g/L", status="published", source="Bone marrow"):
        trial = make_trial(status=status)
        cells = make_vocabulary(CellSource, source)
        treated = make_arm(
            trial, label="MSC", role="experimental", participants_count=msc[2], cell_source=cells
        )
        untreated = make_arm(
            trial, label="Control", role="standard_care", participants_count=control[2]
        )
        for arm, (mean, sd, n) in ((treated, msc), (untreated, control)):
            make_result(
                trial,
                arm=arm,
                measure=albumin,
                mean=mean,
                sd=sd,
                n=n,
                timepoint_weeks=weeks,
                unit_reported=unit,
            )
        return trial

    return make


def test_two_trials_pool_as_mean_differences(make_two_arm_trial):
    make_two_arm_trial((32, 4, 20), (30, 4, 20))
    make_two_arm_trial((31, 5, 15), (30, 5, 15))
    (synthesis,) = syntheses_for(Trial.objects.all())
    expected = meta.pool([2.0, 1.0], [16 / 20 + 16 / 20, 25 / 15 + 25 / 15], method="REML")
    assert synthesis.k == 2
    assert synthesis.participants == 70
    assert synthesis.summary.estimate == pytest.approx(expected.estimate)


def test_units_are_converted_before_pooling(make_two_arm_trial):
    make_two_arm_trial((3.2, 0.4, 20), (3.0, 0.4, 20), unit="g/dL")
    (synthesis,) = syntheses_for(Trial.objects.all())
    assert synthesis.summary.estimate == pytest.approx(2.0)


def test_drafts_are_never_pooled(make_two_arm_trial):
    make_two_arm_trial((32, 4, 20), (30, 4, 20), status="draft")
    assert syntheses_for(Trial.objects.all()) == []


def test_results_outside_every_window_are_not_pooled(make_two_arm_trial):
    make_two_arm_trial((32, 4, 20), (30, 4, 20), weeks=7)
    assert syntheses_for(Trial.objects.all()) == []


def test_combining_two_arms_follows_the_handbook():
    # Cochrane Handbook 6.5.2.10: N = 20, M = (10*5 + 10*7)/20 = 6,
    # SD² = (9*1 + 9*1 + 10*10/20*4)/19 = 38/19 = 2.
    combined = combine_arms([ArmData(n=10, mean=5, sd=1), ArmData(n=10, mean=7, sd=1)])
    assert (combined.n, combined.mean) == (20, 6)
    assert combined.sd == pytest.approx(2**0.5)


def test_subgroups_by_cell_source(make_two_arm_trial):
    make_two_arm_trial((32, 4, 20), (30, 4, 20), source="Bone marrow")
    make_two_arm_trial((31, 5, 15), (30, 5, 15), source="Umbilical cord")
    (synthesis,) = syntheses_for(Trial.objects.all())
    groups = subgroups(synthesis, "cell_sources")
    assert [(name.split("-")[0], k) for name, _, k in groups] == [
        ("Bone marrow", 1),
        ("Umbilical cord", 1),
    ]
    assert groups[0][1].estimate == pytest.approx(2.0)


def test_badge_reproduces_within_tolerance(make_two_arm_trial):
    make_two_arm_trial((32, 4, 20), (30, 4, 20))
    (ours,) = syntheses_for(Trial.objects.all())
    verdict = compare_with_published(
        estimate=2.05, ci_low=-0.5, ci_high=4.5, studies_count=1, ours=ours
    )
    assert verdict.badge == "reproduces"


def test_badge_differs_and_says_why(make_two_arm_trial):
    make_two_arm_trial((32, 4, 20), (30, 4, 20))
    (ours,) = syntheses_for(Trial.objects.all())
    verdict = compare_with_published(
        estimate=5.0, ci_low=4.0, ci_high=6.0, studies_count=3, ours=ours
    )
    assert verdict.badge == "differs"
    assert "the review pooled 3, we could use 1" in verdict.reasons[0]


def test_badge_cannot_recompute_without_data():
    verdict = compare_with_published(
        estimate=1.9, ci_low=0.7, ci_high=3.1, studies_count=4, ours=None
    )
    assert verdict.badge == "cannot recompute"
    assert compare_with_published(
        estimate=None, ci_low=None, ci_high=None, studies_count=None, ours=None
    ).reasons
