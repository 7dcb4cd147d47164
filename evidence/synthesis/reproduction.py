"""Does a published pooled result reproduce? Our recomputation beside it, and a worded badge.

"reproduces": our estimate lies within REPRODUCE_TOLERANCE of the width of the published 95% CI
from the published estimate (ratios on the log scale) and the two 95% CIs overlap; "differs", with
the reasons we can see (other trials, another timepoint, a fixed-effect model); or "cannot
recompute" (no number, no timepoint, its included studies not yet matched to the trials we hold or
none of them held, an effect measure per-arm data cannot give, or not enough per-arm data).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from evidence.models import PooledResult
from evidence.synthesis import meta
from evidence.synthesis.from_curated import (
    COMPUTABLE,
    Synthesis,
    intervention_class_of,
    synthesise,
    window_for,
)
from trials.formatting import weeks_number
from trials.models import INTERVENTION_CLASS_SHORT, InterventionClass, OutcomeResult

# A published estimate "reproduces" when ours lies within this share of its 95% CI width (ratios
# on the log scale) and the two 95% CIs overlap.
REPRODUCE_TOLERANCE = 0.10


@dataclass(frozen=True)
class Verdict:
    """How our recomputation compares with a published pooled result."""

    badge: str  # "reproduces", "differs" or "cannot recompute"
    reasons: tuple[str, ...]


def compare_with_published(
    *,
    estimate: float | None,
    ci_low: float | None,
    ci_high: float | None,
    studies_count: int | None,
    ours: Synthesis | None,
    timepoint_weeks: float | None = None,
    statistical_model: str = "",
) -> Verdict:
    """The badge beside a published pooled result (pure; the tolerance is stated in the module)."""
    if estimate is None:
        return Verdict("cannot recompute", (_("the review printed no number to compare with"),))
    if ours is None or ours.summary is None:
        return Verdict(
            "cannot recompute", (_("we hold no per-arm data for its trials at this timepoint"),)
        )
    reasons = []
    if studies_count is not None and studies_count != ours.k:
        reasons.append(
            _("other trials: the review pooled %(theirs)d, we could use %(ours)d")
            % {"theirs": studies_count, "ours": ours.k}
        )
    theirs, ours_estimate = (estimate, ci_low, ci_high), ours.summary.estimate
    ours_ci = (ours.summary.ci_low, ours.summary.ci_high)
    if ours.effect_measure in meta.RATIO_MEASURES and all(
        value is None or value > 0 for value in theirs
    ):
        # Ratios are compared on the log scale, where their CIs are symmetric.
        theirs = tuple(None if value is None else math.log(value) for value in theirs)
        ours_estimate, ours_ci = ours.pooled.estimate, (ours.pooled.ci_low, ours.pooled.ci_high)
    estimate, ci_low, ci_high = theirs
    if ci_low is not None and ci_high is not None:
        close = abs(ours_estimate - estimate) <= REPRODUCE_TOLERANCE * (ci_high - ci_low)
        overlap = ours_ci[0] <= ci_high and ci_low <= ours_ci[1]
    else:
        close = overlap = math.isclose(ours_estimate, estimate, rel_tol=REPRODUCE_TOLERANCE)
    if close and overlap:
        return Verdict("reproduces", tuple(reasons))
    used = sorted({study.timepoint_weeks for study in ours.studies})
    if timepoint_weeks is not None and used != [timepoint_weeks]:
        reasons.append(
            _("another timepoint: the review reported %(theirs)s weeks, we used %(ours)s weeks")
            % {
                "theirs": weeks_number(timepoint_weeks),
                "ours": ", ".join(weeks_number(weeks) for weeks in used),
            }
        )
    if "fixed" in statistical_model.lower():
        reasons.append(
            _("another method: the review used a fixed-effect model, we use random effects")
        )
    if not reasons:
        reasons.append(_("another method or timepoint: same trials, different estimate"))
    return Verdict("differs", tuple(reasons))


def recompute(
    published: PooledResult,
    results: Iterable[OutcomeResult],
    *,
    trials_held: int | None,
    list_complete: bool = False,
) -> tuple[Synthesis | None, Verdict]:
    """Our recomputation of one published pooled result from its review's trials' results.

    `trials_held` is how many of the studies in the review's list of included studies we hold,
    None when that list has not been extracted (then nothing is claimed about its trials);
    `list_complete` whether the list is the review's whole list."""
    window = window_for(published.timepoint_weeks)
    measure = published.measure
    if published.estimate is None:
        return None, compare_with_published(
            estimate=None, ci_low=None, ci_high=None, studies_count=None, ours=None
        )
    if trials_held is None:
        return None, Verdict(
            "cannot recompute", (_("we have not yet matched this review's included studies"),)
        )
    if not trials_held:
        reason = (
            _("we hold none of the studies this review included")
            if list_complete
            else _("we hold none of the studies extracted so far from this review's list")
        )
        return None, Verdict("cannot recompute", (reason,))
    if window is None:
        reason = (
            _("the review gave no timepoint to compare at")
            if published.timepoint_weeks is None
            else _("the review's timepoint is outside the windows we pool")
        )
        return None, Verdict("cannot recompute", (reason,))
    if published.effect_measure not in COMPUTABLE.get(measure.kind, ()):
        return None, Verdict(
            "cannot recompute",
            (
                _(
                    "the review reported a %(measure)s, which cannot be computed from the "
                    "per-arm numbers we hold"
                )
                % {"measure": published.get_effect_measure_display().lower()},
            ),
        )
    # Like with like: the review's trials of one class of cells (all designs the review took).
    results = list(results)
    classes = [
        value
        for value in InterventionClass.values
        if any(intervention_class_of(result) == value for result in results)
    ] or [InterventionClass.MSC]
    candidates = [
        synthesise(
            results,
            measure=measure,
            window=window,
            effect_measure=published.effect_measure,
            intervention_class=value,
            randomised=None,
        )
        for value in classes
    ]
    usable = [candidate for candidate in candidates if candidate.studies]
    if len(usable) > 1:
        names = ", ".join(str(INTERVENTION_CLASS_SHORT[c.intervention_class]) for c in usable)
        return None, Verdict(
            "cannot recompute",
            (
                _(
                    "the review's trials we hold gave different kinds of cells (%(classes)s), "
                    "which we never pool together"
                )
                % {"classes": names},
            ),
        )
    ours = usable[0] if usable else candidates[0]
    verdict = compare_with_published(
        estimate=published.estimate,
        ci_low=published.ci_low,
        ci_high=published.ci_high,
        studies_count=published.studies_count,
        ours=ours,
        timepoint_weeks=published.timepoint_weeks,
        statistical_model=published.review.statistical_model,
    )
    if verdict.badge == "cannot recompute" and ours.excluded:
        verdict = Verdict("cannot recompute", (_("not enough per-arm data in the trials we hold"),))
    return ours, verdict
