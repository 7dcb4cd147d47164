"""GRADE certainty of our pooled results: two reads, then the pure rules of grade.py.

`grade_synthesis` works on a Synthesis's pooled rows only (the studies' effects, weights and
per-arm numbers), so it gives the same answer however those rows were built or stored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max

from evidence.models import CertaintyRating
from evidence.synthesis import grade
from evidence.synthesis.from_curated import Synthesis
from trials.models import JUDGEMENT_CONCERN, MeasureKind, RiskOfBiasAssessment

Z95 = 1.959964
RatingKey = tuple[int, int, str, str, bool]


@dataclass(frozen=True)
class GradingInputs:
    """What grading needs from the database: each trial's published risk of bias (per trial,
    and per outcome where it differs) and the curators' published ratings by key."""

    concerns: dict[tuple[int, int | None], int | None] = field(default_factory=dict)
    ratings: dict[RatingKey, CertaintyRating] = field(default_factory=dict)


def grading_inputs(trial_ids: Iterable[int], *, condition_ids: Iterable[int] = ()) -> GradingInputs:
    """Two queries at most: the published assessments of these trials, and the published
    ratings of these conditions (none without one: a review's recomputation is not rated)."""
    trial_ids, condition_ids = set(trial_ids), set(condition_ids)
    concerns: dict[tuple[int, int | None], int | None] = {}
    if trial_ids:
        for trial_id, measure_id, overall in (
            RiskOfBiasAssessment.objects.published()
            .filter(trial_id__in=trial_ids)
            .values_list("trial_id", "measure_id", "overall")
        ):
            concerns[(trial_id, measure_id)] = JUDGEMENT_CONCERN.get(overall)
    ratings = {}
    if condition_ids:
        ratings = {
            rating.key: rating
            for rating in CertaintyRating.objects.published().filter(condition_id__in=condition_ids)
        }
    return GradingInputs(concerns, ratings)


def syntheses_trial_ids(syntheses: Iterable[Synthesis]) -> set[int]:
    """The trials pooled in any of these results."""
    return {study.trial_id for synthesis in syntheses for study in synthesis.studies}


def rating_key(synthesis: Synthesis, condition_id: int) -> RatingKey:
    """What a curator's rating of this pooled result is stored under."""
    return (
        condition_id,
        synthesis.measure.pk,
        synthesis.intervention_class,
        synthesis.window.label,
        synthesis.randomised is True,
    )


def _concern(inputs: GradingInputs, trial_id: int, measure_id: int) -> int | None:
    """The outcome's own assessment where there is one, else the whole trial's, else unknown."""
    if (trial_id, measure_id) in inputs.concerns:
        return inputs.concerns[(trial_id, measure_id)]
    return inputs.concerns.get((trial_id, None))


def mid_threshold(synthesis: Synthesis) -> float | None:
    """The measure's minimal important difference on the analysis scale (no effect at 0), or
    None: a mean difference's own value; an event measure's relative change in risk as a log
    risk ratio (25%: a ratio of 0.75, or 1/0.75)."""
    mid = synthesis.measure.important_difference
    if not mid:
        return None
    if synthesis.measure.kind == MeasureKind.BINARY:
        share = mid / 100
        return -math.log(1 - share) if 0 < share < 1 else None
    return mid if synthesis.effect_measure == "MD" else None


def _imprecision(synthesis: Synthesis) -> grade.Suggestion:
    pooled = synthesis.pooled
    measure = synthesis.measure
    mid = measure.important_difference
    binary = measure.kind == MeasureKind.BINARY
    events = None
    threshold = information_size = None
    if binary:
        events = sum(
            (s.experimental.events or 0) + (s.control.events or 0) for s in synthesis.studies
        )
    if mid:
        if binary:
            share = mid / 100
            if 0 < share < 1:
                threshold = -math.log(1 - share)  # e.g. 25%: a risk ratio of 0.75 (or 1/0.75)
                control_n = sum(s.control.n for s in synthesis.studies)
                control_events = sum(s.control.events or 0 for s in synthesis.studies)
                risk = control_events / control_n if control_n else 0
                if 0 < risk < 1:
                    information_size = grade.optimal_information_size_binary(risk, share)
        elif synthesis.effect_measure == "MD":
            threshold = mid
            variances = [
                (arm.sd**2, arm.n)
                for s in synthesis.studies
                for arm in (s.experimental, s.control)
                if arm.sd
            ]
            if variances:
                people = sum(n for _v, n in variances)
                sd = math.sqrt(sum(v * n for v, n in variances) / people)
                information_size = grade.optimal_information_size_continuous(sd, mid)
    return grade.suggest_imprecision(
        estimate=pooled.estimate,
        ci_low=pooled.ci_low,
        ci_high=pooled.ci_high,
        participants=synthesis.participants,
        events=events,
        threshold=threshold,
        information_size=information_size,
    )


def grade_synthesis(
    synthesis: Synthesis, inputs: GradingInputs, *, condition_id: int | None = None
) -> grade.Grade:
    """The certainty of one pooled result (or one study shown as evidence): the suggestions
    from its rows, with the curators' published rating of its key where there is one."""
    pooled = synthesis.pooled
    if pooled is None:
        raise ValueError("a pooled result without studies has no certainty")
    measure_id = synthesis.measure.pk
    weighted = [
        (weight, _concern(inputs, study.trial_id, measure_id))
        for study, weight in zip(synthesis.studies, pooled.weights, strict=True)
    ]
    intervals = [
        (s.effect - Z95 * math.sqrt(s.variance), s.effect + Z95 * math.sqrt(s.variance))
        for s in synthesis.studies
    ]
    suggestions = [
        grade.suggest_risk_of_bias(weighted),
        grade.suggest_inconsistency(pooled.i2 if synthesis.k > 1 else None, intervals),
        grade.suggest_indirectness(),
        _imprecision(synthesis),
        grade.suggest_publication_bias(synthesis.k),
    ]
    total = sum(weight for weight, _concern in weighted)
    unassessed = sum(w for w, c in weighted if c is None) / total if total > 0 else 0.0
    rating = None
    if condition_id is not None:
        rating = inputs.ratings.get(rating_key(synthesis, condition_id))
    if rating is None:
        return grade.grade_from(
            randomised=synthesis.randomised,
            suggestions=suggestions,
            unassessed_share=unassessed,
        )
    return grade.grade_from(
        randomised=synthesis.randomised,
        suggestions=suggestions,
        rated=rating.domain_ratings(),
        upgrade=rating.upgrade,
        upgrade_reason=rating.upgrade_reason,
        is_rated=True,
        unassessed_share=unassessed,
    )


def ratings_version() -> str:
    """Changes whenever a curator's rating is saved (one MAX), for the keys of kept pages."""
    latest = CertaintyRating.objects.aggregate(latest=Max("updated_at"))["latest"]
    return latest.isoformat() if latest else "none"
