"""From curated per-arm results to pooled effects: the database reads, then evidence.meta.

Rules (DESIGN section 6; Cochrane Handbook chapters 6 and 10):
- like with like: one pooled result per intervention class (MSC; MSC-derived, cell-free; other
  cells), so MSC arms are never pooled with other cells; randomised trials by default, and the
  other controlled studies (allocation not reported, non-randomised, matched cohorts) only as a
  separate group;
- a treated arm of that class is compared with a control arm (standard care, placebo or active
  comparator) of the same trial, for the same measure, on final values in the measure's canonical
  unit; change-from-baseline results are kept apart and not mixed with final values;
- a result a curator marked internally inconsistent is never pooled (its trial is listed as left
  out, with the reason);
- two trials a curator linked as possibly the same study (trials.SameStudyLink) never enter one
  pooled result together: the one the curator chose to keep does, the other is listed as left
  out, naming the kept trial and why it was kept;
- within a timepoint window the result nearest the window's target is used;
- several MSC arms of one trial are combined (Handbook 6.5.2.10): no control is counted twice;
- medians with IQR or range are converted to mean and SD (Wan et al. 2014) and flagged as converted;
- continuous measures pool as mean differences, binary measures as risk ratios, by REML; to
  check a published result we recompute it in the review's own effect measure where per-arm data
  allow (MD or SMD from means; RR, OR or RD from events), never a hazard ratio.
"""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from evidence.synthesis import meta
from trials.models import (
    CONTROL_ROLES,
    ArmRole,
    Design,
    InterventionClass,
    MeasureKind,
    OutcomeMeasure,
    OutcomeResult,
    ResultShape,
    SameStudyLink,
    SourceKind,
    Trial,
)
from trials.templatetags.curated_text import curated_plain

# When one arm has the same result from several sources, the first of these is used.
SOURCE_PREFERENCE = {
    SourceKind.PUBLICATION: 0,
    SourceKind.REGISTRY_RESULTS: 1,
    SourceKind.SECONDARY: 2,
}
SHAPES = (ResultShape.MEAN_SD, ResultShape.MEDIAN_IQR, ResultShape.BEFORE_AFTER, ResultShape.EVENTS)
POOLING_METHOD = "REML"
# The effect measures per-arm data can give, by kind of measure.
COMPUTABLE = {
    MeasureKind.CONTINUOUS: ("MD", "SMD"),
    MeasureKind.BINARY: ("RR", "OR", "RD"),
}


@dataclass(frozen=True)
class Window:
    """A timepoint window: results between low and high weeks, nearest to target preferred."""

    label: str
    target: float
    low: float
    high: float

    def contains(self, weeks: float | None) -> bool:
        return weeks is not None and self.low <= weeks <= self.high


WINDOWS = (
    Window("2 weeks", 2, 1, 3),
    Window("4 weeks", 4, 3.5, 6),
    Window("12 weeks", 12, 8, 16),
    Window("24 weeks", 24, 18, 30),
    Window("48 weeks", 48, 40, 56),
    Window("2 years", 104, 90, 120),
)


def window_for(weeks: float | None) -> Window | None:
    """The standard window a timepoint falls in, if any."""
    return next((window for window in WINDOWS if window.contains(weeks)), None)


@dataclass(frozen=True)
class ArmData:
    """The numbers of one arm (or of combined arms) at one timepoint."""

    n: int
    mean: float | None = None
    sd: float | None = None
    events: int | None = None
    converted: tuple[str, ...] = ()


@dataclass(frozen=True)
class StudyRow:
    """One trial's comparison as used in a pooled result."""

    trial_id: int
    slug: str
    label: str
    timepoint_weeks: float
    experimental: ArmData
    control: ArmData
    effect: float
    variance: float
    cell_sources: tuple[str, ...]
    routes: tuple[str, ...]
    notes: tuple[str, ...] = ()
    design: str = Design.RCT
    timepoint_label: str = ""

    @property
    def is_randomised(self) -> bool:
        return self.design == Design.RCT

    @property
    def participants(self) -> int:
        return self.experimental.n + self.control.n

    @property
    def converted(self) -> bool:
        return bool(self.experimental.converted or self.control.converted)


@dataclass(frozen=True)
class Exclusion:
    """A trial left out of a pooled result, and why."""

    label: str
    cause: ExclusionReason
    slug: str = ""
    detail: str = ""  # what the cause's words refer to (the trial kept instead, and why)

    @property
    def reason(self) -> str:
        """Why, in words (the active language)."""
        return f"{self.cause.text}: {self.detail}" if self.detail else self.cause.text


@dataclass(frozen=True)
class Synthesis:
    """A pooled result computed by us from the trials we hold."""

    measure: OutcomeMeasure
    effect_measure: str
    window: Window
    studies: tuple[StudyRow, ...]
    excluded: tuple[Exclusion, ...]
    pooled: meta.PooledEstimate | None
    summary: meta.BackTransformed | None
    intervention_class: str = InterventionClass.MSC

    @property
    def k(self) -> int:
        return len(self.studies)

    @property
    def is_single_study(self) -> bool:
        """One study is not a pooled result: no heterogeneity, its own time."""
        return self.k == 1

    @property
    def randomised(self) -> bool | None:
        """True when every study is a randomised trial, False when none is, None when mixed."""
        kinds = {study.is_randomised for study in self.studies}
        return kinds.pop() if len(kinds) == 1 else None

    @property
    def participants(self) -> int:
        return sum(study.participants for study in self.studies)


def arm_data(result: OutcomeResult) -> ArmData | None:
    """The comparable numbers of one result, converting medians where a standard method exists."""
    if result.shape == ResultShape.EVENTS and result.events is not None and result.total:
        return ArmData(n=result.total, events=result.events)
    n = result.n or (result.arm.participants_count if result.arm else None)
    if not n:
        return None
    factor = (
        (result.value_canonical / result.primary_value)
        if result.value_canonical and result.primary_value
        else None
    )
    if result.shape in (ResultShape.MEAN_SD, ResultShape.BEFORE_AFTER):
        if result.mean is None or result.sd is None or factor is None:
            return None
        return ArmData(n=n, mean=result.mean * factor, sd=result.sd * factor)
    if result.shape == ResultShape.MEDIAN_IQR and None not in (result.median, result.q1, result.q3):
        if factor is None:
            return None
        convert = (
            meta.mean_sd_from_median_range
            if result.spread_is_range
            else meta.mean_sd_from_median_iqr
        )
        try:
            conversion = convert(result.median * factor, result.q1 * factor, result.q3 * factor, n)
        except ValueError:
            return None
        return ArmData(n=n, mean=conversion.mean, sd=conversion.sd, converted=(conversion.method,))
    return None


def combine_arms(arms: list[ArmData]) -> ArmData:
    """One group from several (Cochrane Handbook 6.5.2.10, Table 6.5.a), applied pairwise."""
    combined = arms[0]
    for other in arms[1:]:
        n = combined.n + other.n
        if combined.events is not None and other.events is not None:
            combined = ArmData(n=n, events=combined.events + other.events)
            continue
        mean = (combined.n * combined.mean + other.n * other.mean) / n
        variance = (
            (combined.n - 1) * combined.sd**2
            + (other.n - 1) * other.sd**2
            + combined.n * other.n / n * (combined.mean - other.mean) ** 2
        ) / (n - 1)
        combined = ArmData(
            n=n, mean=mean, sd=math.sqrt(variance), converted=combined.converted + other.converted
        )
    return combined


def intervention_class_of(result: OutcomeResult) -> str | None:
    """The class of the cells given in a result's arm, if it is a treated arm with a source."""
    arm = result.arm
    if arm is None or arm.role != ArmRole.EXPERIMENTAL or arm.cell_source is None:
        return None
    return arm.cell_source.intervention_class


class ExclusionReason(enum.Enum):
    """Why a trial cannot be used in a pooled result (`text` is the note readers see)."""

    NO_TREATED_RESULT = "no_treated_result"
    NO_UNTREATED_GROUP = "no_untreated_group"
    INCONSISTENT = "inconsistent"
    INCOMPLETE = "incomplete"
    MIXED_KINDS = "mixed_kinds"
    EVENTS_NEEDED = "events_needed"
    MEANS_NEEDED = "means_needed"
    NO_EVENTS = "no_events"  # meta.NotEstimable reason codes from here on
    ALL_EVENTS = "all_events"
    NOT_ESTIMABLE = "not_estimable"
    NO_EFFECT = "no_effect"
    SAME_STUDY = "same_study"

    @property
    def text(self) -> str:
        """The exclusion note, in the active language."""
        texts = {
            ExclusionReason.NO_TREATED_RESULT: _("no result for the treated arm at this time"),
            ExclusionReason.NO_UNTREATED_GROUP: _(
                "no untreated comparison group with the same measure: a change within the "
                "treated group cannot be credited to the cells"
            ),
            ExclusionReason.INCONSISTENT: _(
                "a number is internally inconsistent as printed, so it is kept out of pooling"
            ),
            ExclusionReason.INCOMPLETE: _(
                "per-arm numbers incomplete (n, mean and SD, or events and total, are needed)"
            ),
            ExclusionReason.MIXED_KINDS: _(
                "some arms report events and others means: not comparable"
            ),
            ExclusionReason.EVENTS_NEEDED: _("events and totals are needed for this measure"),
            ExclusionReason.MEANS_NEEDED: _("means and SDs are needed for this measure"),
            ExclusionReason.NO_EVENTS: _(
                "no events in either arm, so the trial says nothing about a ratio"
            ),
            ExclusionReason.ALL_EVENTS: _("every participant had the event in both arms"),
            ExclusionReason.NOT_ESTIMABLE: _(
                "the effect cannot be estimated from the reported numbers"
            ),
            ExclusionReason.NO_EFFECT: _(
                "the reported numbers give no effect (for example an SD of zero or too few people)"
            ),
            ExclusionReason.SAME_STUDY: _(
                "may report the same patients as another trial in this result, so only that one "
                "is used"
            ),
        }
        return texts[self]


def _not_estimable(reason: str) -> ExclusionReason:
    known = {ExclusionReason.NO_EVENTS.value, ExclusionReason.ALL_EVENTS.value}
    return ExclusionReason(reason) if reason in known else ExclusionReason.NOT_ESTIMABLE


def _one_result_per_arm(
    results: list[OutcomeResult], window: Window
) -> tuple[dict[int, OutcomeResult], int]:
    """The results at one timepoint (the nearest; the earlier on a tie), one per arm (the
    trial's own publication first), so that a value entered twice counts once; and how many
    results that timepoint had."""
    weeks = min({r.timepoint_weeks for r in results}, key=lambda w: (abs(w - window.target), w))
    at_weeks = [r for r in results if r.timepoint_weeks == weeks]
    by_arm: dict[int, OutcomeResult] = {}
    for result in sorted(at_weeks, key=lambda r: (SOURCE_PREFERENCE.get(r.source_kind, 9), r.pk)):
        by_arm.setdefault(result.arm_id, result)
    return by_arm, len(at_weeks)


def _arms_compared(
    by_arm: dict[int, OutcomeResult], intervention_class: str
) -> tuple[list[OutcomeResult], list[OutcomeResult]] | ExclusionReason:
    """The results of the arms given this class of cells, and of the control arms."""
    experimental = [r for r in by_arm.values() if intervention_class_of(r) == intervention_class]
    control = [r for r in by_arm.values() if r.arm.role in CONTROL_ROLES]
    if not experimental:
        return ExclusionReason.NO_TREATED_RESULT
    if not control:
        return ExclusionReason.NO_UNTREATED_GROUP
    if any(r.is_inconsistent for r in experimental + control):
        return ExclusionReason.INCONSISTENT
    return experimental, control


def _groups(
    experimental: list[OutcomeResult], control: list[OutcomeResult]
) -> tuple[ArmData, ArmData] | ExclusionReason:
    """The treated group and the control group, each arm's numbers combined."""
    experimental_data = [arm_data(r) for r in experimental]
    control_data = [arm_data(r) for r in control]
    if None in experimental_data or None in control_data:
        return ExclusionReason.INCOMPLETE
    if len({d.events is None for d in experimental_data + control_data}) > 1:
        return ExclusionReason.MIXED_KINDS
    return combine_arms(experimental_data), combine_arms(control_data)


def _effect(
    effect_measure: str, treated: ArmData, untreated: ArmData
) -> meta.EffectSize | ExclusionReason:
    """The trial's effect in this effect measure."""
    if effect_measure in COMPUTABLE[MeasureKind.BINARY]:
        if treated.events is None or untreated.events is None:
            return ExclusionReason.EVENTS_NEEDED
        numbers = (treated.events, treated.n, untreated.events, untreated.n)
    else:
        if treated.mean is None or untreated.mean is None:
            return ExclusionReason.MEANS_NEEDED
        numbers = (treated.mean, treated.sd, treated.n, untreated.mean, untreated.sd, untreated.n)
    try:
        return meta.effect_size(effect_measure, *numbers)
    except meta.NotEstimable as error:
        return _not_estimable(error.reason)
    except ValueError:
        return ExclusionReason.NO_EFFECT


@dataclass(frozen=True)
class EffectValues:
    """One trial's comparison in numbers and ids only, the same in every language: what
    evidence.models.TrialEffect stores, turned into a StudyRow with names when read."""

    timepoint_weeks: float
    timepoint_result_id: int  # the treated result whose timepoint label is shown
    experimental: ArmData
    control: ArmData
    effect: float
    variance: float
    cell_source_ids: tuple[int, ...]
    route_ids: tuple[int, ...]
    notes: tuple[tuple[str, int], ...]  # (code, count) for note_text
    design: str


def note_text(code: str, count: int = 0) -> str:
    """A study's note from its code (EffectValues.notes), in the active language."""
    if code == "treated_arms":
        return _("%(count)d treated arms combined") % {"count": count}
    if code == "one_per_arm":
        return _("one result per arm used (the trial's own publication first)")
    return _("0.5 added to every cell (a zero cell)")


def trial_effect(
    trial: Trial,
    results: list[OutcomeResult],
    effect_measure: str,
    window: Window,
    intervention_class: str,
) -> EffectValues | ExclusionReason:
    """One trial's comparison of one class of cells with its control arms, or why it cannot be."""
    by_arm, results_at_timepoint = _one_result_per_arm(results, window)
    arms = _arms_compared(by_arm, intervention_class)
    if isinstance(arms, ExclusionReason):
        return arms
    experimental, control = arms
    groups = _groups(experimental, control)
    if isinstance(groups, ExclusionReason):
        return groups
    treated, untreated = groups
    size = _effect(effect_measure, treated, untreated)
    if isinstance(size, ExclusionReason):
        return size
    notes = []
    if len(experimental) > 1:
        notes.append(("treated_arms", len(experimental)))
    if len(by_arm) < results_at_timepoint:
        notes.append(("one_per_arm", 0))
    if size.corrected:
        notes.append(("zero_cell", 0))
    return EffectValues(
        timepoint_weeks=experimental[0].timepoint_weeks,
        timepoint_result_id=experimental[0].pk,
        experimental=treated,
        control=untreated,
        effect=size.effect,
        variance=size.variance,
        cell_source_ids=tuple(
            sorted({r.arm.cell_source_id for r in experimental if r.arm.cell_source_id})
        ),
        route_ids=tuple(sorted({r.arm.route_id for r in experimental if r.arm.route_id})),
        notes=tuple(notes),
        design=trial.design,
    )


def study_row(
    trial: Trial,
    values: EffectValues,
    *,
    timepoint_label: str,
    cell_sources: dict[int, str],
    routes: dict[int, str],
) -> StudyRow:
    """A trial's comparison with its names in the active language (the trial's, the cells',
    the routes', the notes')."""
    return StudyRow(
        trial_id=trial.pk,
        slug=trial.slug,
        label=str(trial),
        timepoint_weeks=values.timepoint_weeks,
        experimental=values.experimental,
        control=values.control,
        effect=values.effect,
        variance=values.variance,
        cell_sources=tuple(sorted({cell_sources[pk] for pk in values.cell_source_ids})),
        routes=tuple(sorted({routes[pk] for pk in values.route_ids})),
        notes=tuple(note_text(code, count) for code, count in values.notes),
        design=values.design,
        timepoint_label=timepoint_label,
    )


def _study_row(
    trial: Trial,
    results: list[OutcomeResult],
    effect_measure: str,
    window: Window,
    intervention_class: str,
) -> StudyRow | ExclusionReason:
    """trial_effect with the names read from the loaded results."""
    values = trial_effect(trial, results, effect_measure, window, intervention_class)
    if isinstance(values, ExclusionReason):
        return values
    arms = [r.arm for r in results]
    return study_row(
        trial,
        values,
        timepoint_label=next(
            r.timepoint_label for r in results if r.pk == values.timepoint_result_id
        ),
        cell_sources={arm.cell_source_id: str(arm.cell_source) for arm in arms if arm.cell_source},
        routes={arm.route_id: str(arm.route) for arm in arms if arm.route},
    )


def kept_links(trial: Trial) -> list[SameStudyLink]:
    """The published links that leave this trial out in favour of another (prefetched by
    comparable_results; read here for results loaded another way)."""
    links = getattr(trial, "same_study_kept_links", None)
    if links is None:
        links = list(
            SameStudyLink.objects.published().filter(other_trial=trial).select_related("kept_trial")
        )
    return links


def _one_report_per_study(
    studies: list[StudyRow], trials: dict[int, Trial]
) -> tuple[list[StudyRow], list[Exclusion]]:
    """The studies without those a curator linked as the same study as another one here, and
    the exclusions that name the trial kept and why."""
    pooled_ids = {study.trial_id for study in studies}
    kept, left_out = [], []
    for study in studies:
        link = next(
            (
                link
                for link in kept_links(trials[study.trial_id])
                if link.kept_trial_id in pooled_ids
            ),
            None,
        )
        if link is None:
            kept.append(study)
            continue
        detail = _("%(trial)s is used (%(why)s)") % {
            "trial": str(link.kept_trial),
            "why": curated_plain(link, "kept_reason"),
        }
        left_out.append(Exclusion(study.label, ExclusionReason.SAME_STUDY, study.slug, detail))
    return kept, left_out


def default_effect_measure(measure: OutcomeMeasure) -> str:
    """What we pool a measure as: risk ratios for binary measures, else mean differences."""
    return "RR" if measure.kind == MeasureKind.BINARY else "MD"


def synthesise(
    results: Iterable[OutcomeResult],
    *,
    measure: OutcomeMeasure,
    window: Window,
    effect_measure: str | None = None,
    intervention_class: str = InterventionClass.MSC,
    randomised: bool | None = True,
) -> Synthesis:
    """Pool one measure in one window from loaded results (select_related trial and arm).

    Only trials that gave cells of `intervention_class` take part; `randomised` keeps randomised
    trials (True), the other controlled studies (False) or both (None, to check a review).
    """
    effect_measure = effect_measure or default_effect_measure(measure)
    if effect_measure not in COMPUTABLE.get(measure.kind, ()):
        raise ValueError(f"{effect_measure} cannot be computed for a {measure.kind} measure")
    by_trial: dict[int, list[OutcomeResult]] = defaultdict(list)
    trials: dict[int, Trial] = {}
    for result in results:
        if (
            result.measure_id == measure.pk
            and result.arm_id
            and window.contains(result.timepoint_weeks)
            and (randomised is None or (result.trial.design == Design.RCT) == randomised)
        ):
            by_trial[result.trial_id].append(result)
            trials[result.trial_id] = result.trial
    # A trial takes part only if it gave this class of cells in some arm with this measure.
    by_trial = {
        pk: rows
        for pk, rows in by_trial.items()
        if any(intervention_class_of(r) == intervention_class for r in rows)
    }
    outcomes = [
        (
            trials[trial_id],
            _study_row(
                trials[trial_id], by_trial[trial_id], effect_measure, window, intervention_class
            ),
        )
        for trial_id in by_trial
    ]
    return assemble(
        outcomes,
        measure=measure,
        effect_measure=effect_measure,
        window=window,
        intervention_class=intervention_class,
    )


def assemble(
    outcomes: list[tuple[Trial, StudyRow | ExclusionReason]],
    *,
    measure: OutcomeMeasure,
    effect_measure: str,
    window: Window,
    intervention_class: str,
) -> Synthesis:
    """A pooled result from each trial's comparison or reason, whether computed now or read
    from the stored rows (evidence.synthesis.stored): trials in order of their names, the
    same-study links applied (the trials' kept_links), then pooled."""
    studies, excluded = [], []
    trials: dict[int, Trial] = {}
    for trial, row in sorted(outcomes, key=lambda item: (str(item[0]), item[0].pk)):
        trials[trial.pk] = trial
        if isinstance(row, ExclusionReason):
            excluded.append(Exclusion(str(trial), row, trial.slug))
        else:
            studies.append(row)
    studies, same_study = _one_report_per_study(studies, trials)
    excluded += same_study
    pooled = summary = None
    if studies:
        pooled = meta.pool(
            [s.effect for s in studies], [s.variance for s in studies], method=POOLING_METHOD
        )
        summary = meta.back_transform(pooled, effect_measure)
    return Synthesis(
        measure,
        effect_measure,
        window,
        tuple(studies),
        tuple(excluded),
        pooled,
        summary,
        intervention_class,
    )


def comparable_results(trials: QuerySet[Trial]) -> QuerySet[OutcomeResult]:
    """Per-arm final-value results of published trials, with what pooling reads (one query, and
    one for the same-study links)."""
    return comparable_among(
        OutcomeResult.objects.published().filter(trial__in=trials)
    ).prefetch_related(
        Prefetch(
            "trial__same_study_left_out",
            queryset=SameStudyLink.objects.published().select_related("kept_trial"),
            to_attr="same_study_kept_links",
        )
    )


def comparable_among(results: QuerySet[OutcomeResult]) -> QuerySet[OutcomeResult]:
    """The per-arm final-value results among these, with what pooling reads (one query; the
    same-study links are left to the caller)."""
    return (
        results.filter(arm__isnull=False, is_change_from_baseline=False, shape__in=SHAPES)
        .exclude(timepoint_weeks=None)
        .select_related("trial", "arm", "arm__cell_source", "arm__route", "measure")
    )


def syntheses_for(trials: QuerySet[Trial]) -> list[Synthesis]:
    """Every measure × window with at least one usable comparison among these trials."""
    return syntheses_from(comparable_results(trials))


def syntheses_from(results: Iterable[OutcomeResult]) -> list[Synthesis]:
    """Every measure × window with at least one usable comparison among loaded results."""
    groups: dict[tuple[int, str], list[OutcomeResult]] = defaultdict(list)
    measures: dict[int, OutcomeMeasure] = {}
    for result in results:
        window = window_for(result.timepoint_weeks)
        if window is not None:
            groups[(result.measure_id, window.label)].append(result)
            measures[result.measure_id] = result.measure
    found = []
    order = {value: index for index, value in enumerate(InterventionClass.values)}
    for (measure_id, label), group in groups.items():
        if measures[measure_id].kind not in COMPUTABLE:
            continue  # time-to-event measures need hazard ratios, which per-arm data cannot give
        window = next(w for w in WINDOWS if w.label == label)
        classes = {intervention_class_of(result) for result in group} & set(order)
        # One pooled result per class of cells, randomised trials apart from other studies.
        for intervention_class in sorted(classes, key=order.__getitem__):
            for randomised in (True, False):
                synthesis = synthesise(
                    group,
                    measure=measures[measure_id],
                    window=window,
                    intervention_class=intervention_class,
                    randomised=randomised,
                )
                if synthesis.studies:
                    found.append(synthesis)
    return sorted(
        found,
        key=lambda s: (
            order[s.intervention_class],
            s.randomised is not True,
            s.measure.name,
            s.window.target,
        ),
    )


def subgroups(synthesis: Synthesis, attribute: str) -> list[tuple[str, meta.BackTransformed, int]]:
    """Re-pool by cell source or route of the treated arm: (name, pooled summary, studies)."""
    groups: dict[str, list[StudyRow]] = defaultdict(list)
    for study in synthesis.studies:
        names = getattr(study, attribute) or (_("not reported"),)
        groups[" + ".join(names)].append(study)
    found = []
    for name, studies in sorted(groups.items()):
        pooled = meta.pool(
            [s.effect for s in studies], [s.variance for s in studies], method=POOLING_METHOD
        )
        found.append((name, meta.back_transform(pooled, synthesis.effect_measure), len(studies)))
    return found
