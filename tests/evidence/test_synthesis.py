"""From curated per-arm results to pooled results, subgroups and the reproduction badge."""

import pytest

from evidence.models import PooledResult, Review
from evidence.synthesis import meta
from evidence.synthesis.from_curated import (
    WINDOWS,
    ArmData,
    ExclusionReason,
    combine_arms,
    comparable_results,
    subgroups,
    syntheses_for,
    synthesise,
)
from evidence.synthesis.reproduction import compare_with_published, recompute
from tests.database_rules import rule_lift
from trials.models import CellSource, MeasureKind, ResultShape, Trial
from trials.models.integrity import SHAPE_RULES

pytestmark = pytest.mark.django_db
TWELVE_WEEKS = next(window for window in WINDOWS if window.label == "12 weeks")


@pytest.fixture
def albumin(make_measure):
    return make_measure("Serum albumin", slug="albumin")


@pytest.fixture
def msc(make_vocabulary):
    return make_vocabulary(CellSource, "Bone marrow MSC")


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


@pytest.fixture
def make_published(make_reference, albumin):
    def make(*, effect_measure="MD", weeks=12, estimate=2.0, ci=(-0.5, 4.5), measure=None):
        review = Review.objects.create(
            reference=make_reference(), slug=f"review-{Review.objects.count()}", status="published"
        )
        return PooledResult.objects.create(
            review=review,
            measure=measure or albumin,
            timepoint_weeks=weeks,
            effect_measure=effect_measure,
            estimate=estimate,
            ci_low=ci[0],
            ci_high=ci[1],
            studies_count=1,
        )

    return make


def test_recompute_uses_the_reviews_effect_measure(make_two_arm_trial, make_published):
    make_two_arm_trial((32, 4, 20), (30, 4, 20))
    published = make_published(effect_measure="SMD", estimate=0.49, ci=(-0.14, 1.12))
    ours, verdict = recompute(published, comparable_results(Trial.objects.all()), trials_held=1)
    assert ours.effect_measure == "SMD"
    assert ours.summary.estimate == pytest.approx(meta.hedges_g(32, 4, 20, 30, 4, 20)[0])
    assert verdict.badge == "reproduces"


def test_recompute_cannot_give_a_hazard_ratio(make_two_arm_trial, make_published):
    make_two_arm_trial((32, 4, 20), (30, 4, 20))
    published = make_published(effect_measure="HR", estimate=0.6, ci=(0.4, 0.9))
    ours, verdict = recompute(published, comparable_results(Trial.objects.all()), trials_held=1)
    assert ours is None and verdict.badge == "cannot recompute"
    assert "hazard ratio" in verdict.reasons[0]


def test_recompute_needs_a_timepoint_and_trials(make_published):
    no_time = make_published(weeks=None)
    assert "no timepoint" in recompute(no_time, [], trials_held=1)[1].reasons[0]
    no_trials = make_published()
    assert (
        "none of the studies this review included"
        in (recompute(no_trials, [], trials_held=0, list_complete=True)[1].reasons[0])
    )
    assert "extracted so far" in recompute(no_trials, [], trials_held=0)[1].reasons[0]


def test_recompute_claims_nothing_about_trials_without_a_list(make_two_arm_trial, make_published):
    # W14: without the review's list of included studies we never say we hold none (or any).
    make_two_arm_trial((32, 4, 20), (30, 4, 20))
    results = comparable_results(Trial.objects.all())
    ours, verdict = recompute(make_published(), results, trials_held=None)
    assert ours is None and verdict.badge == "cannot recompute"
    assert verdict.reasons == ("we have not yet matched this review's included studies",)


def test_recompute_names_another_timepoint(make_two_arm_trial, make_published):
    make_two_arm_trial((32, 4, 20), (30, 4, 20), weeks=12)
    published = make_published(weeks=13, estimate=6.0, ci=(5.0, 7.0))
    _ours, verdict = recompute(published, comparable_results(Trial.objects.all()), trials_held=1)
    assert verdict.badge == "differs"
    assert "the review reported 13 weeks, we used 12 weeks" in " ".join(verdict.reasons)


def test_ratios_are_compared_on_the_log_scale(make_trial, make_arm, make_result, make_measure, msc):
    deaths = make_measure("Deaths", kind=MeasureKind.BINARY, unit="", higher_is_better=False)
    trial = make_trial()
    for role, events, cells in (("experimental", 5, msc), ("standard_care", 10, None)):
        make_result(
            trial,
            arm=make_arm(trial, role=role, cell_source=cells),
            measure=deaths,
            shape=ResultShape.EVENTS,
            events=events,
            total=20,
        )
    (ours,) = syntheses_for(Trial.objects.all())
    # Ours is RR 0.50; on the log scale 0.52 lies within 10% of the CI's width (log 0.25 to 1.0).
    verdict = compare_with_published(
        estimate=0.52, ci_low=0.25, ci_high=1.0, studies_count=1, ours=ours
    )
    assert ours.summary.estimate == pytest.approx(0.5)
    assert verdict.badge == "reproduces"


def test_trials_without_events_are_excluded_with_a_readable_reason(
    make_trial, make_arm, make_result, make_measure, msc
):
    deaths = make_measure("Deaths", kind=MeasureKind.BINARY, unit="")
    trial = make_trial()
    for role, cells in (("experimental", msc), ("standard_care", None)):
        arm = make_arm(trial, role=role, cell_source=cells)
        make_result(trial, arm=arm, measure=deaths, shape=ResultShape.EVENTS, events=0, total=20)
    synthesis = synthesise(
        comparable_results(Trial.objects.all()), measure=deaths, window=TWELVE_WEEKS
    )
    (exclusion,) = synthesis.excluded
    assert (exclusion.label, exclusion.slug) == (str(trial), trial.slug)
    assert exclusion.cause is ExclusionReason.NO_EVENTS
    reason = exclusion.reason
    assert reason == ExclusionReason.NO_EVENTS.text and "no events in either arm" in reason


def test_a_value_from_paper_and_registry_counts_once(make_two_arm_trial, make_result, albumin):
    trial = make_two_arm_trial((32, 4, 20), (30, 4, 20))
    treated = trial.arms.get(role="experimental")
    make_result(
        trial, arm=treated, measure=albumin, mean=40, sd=4, n=20, source_kind="registry_results"
    )
    (synthesis,) = syntheses_for(Trial.objects.all())
    (study,) = synthesis.studies
    assert (study.experimental.n, study.experimental.mean) == (20, 32)
    assert "one result per arm used" in study.notes[0]


def test_events_and_means_in_one_trial_are_not_mixed(make_two_arm_trial, make_result, albumin):
    # Events for a measurement are refused since the shapes follow the measure's kind; rows
    # stored before that rule can still hold them.
    rule_lift(SHAPE_RULES[0])
    trial = make_two_arm_trial((32, 4, 20), (30, 4, 20))
    cells = trial.arms.get(role="experimental").cell_source
    other = trial.arms.create(
        label="MSC high dose", role="experimental", participants_count=20, cell_source=cells
    )
    make_result(trial, arm=other, measure=albumin, shape=ResultShape.EVENTS, events=3, total=20)
    synthesis = synthesise(
        comparable_results(Trial.objects.all()), measure=albumin, window=TWELVE_WEEKS
    )
    assert synthesis.studies == ()
    assert "some arms report events and others means" in synthesis.excluded[0].reason
