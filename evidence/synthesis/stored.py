"""Pooled results of a condition from the stored per-trial comparisons (evidence.models.effects).

Writing: trial_effects_refresh() computes the comparisons of the trials the triggers marked
stale with the very functions a live synthesis uses (from_curated.trial_effect) and stores them.
Reading: syntheses_for_condition() reads the comparisons used among the condition's published
trials (an index holds only those), then the reasons of the trials left out of the same pooled
results, computes the stale trials afresh, applies the same-study links and pools
(from_curated.assemble, as the live synthesis does). The rows read grow with the trials that
have comparable results, never with every outcome result of the condition.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from functools import reduce
from operator import or_
from typing import Any

from django.apps import AppConfig
from django.db import DatabaseError, connections, transaction
from django.db.models import Q

from evidence.models import TrialEffect, TrialEffectRefresh
from evidence.synthesis.from_curated import (
    COMPUTABLE,
    WINDOWS,
    ArmData,
    EffectValues,
    ExclusionReason,
    StudyRow,
    Synthesis,
    assemble,
    comparable_among,
    default_effect_measure,
    intervention_class_of,
    study_row,
    trial_effect,
    window_for,
)
from trials.models import (
    CellSource,
    Design,
    InterventionClass,
    OutcomeMeasure,
    OutcomeResult,
    Route,
    SameStudyLink,
    Trial,
)

logger = logging.getLogger(__name__)

REFRESH_BATCH = 500  # trials per transaction
STALE_LISTED = 1000  # stale trials a reader lists in its query; more are compared by subquery
_CLASS_ORDER = {value: index for index, value in enumerate(InterventionClass.values)}
_WINDOWS = {window.label: window for window in WINDOWS}

Key = tuple[int, str, str, bool]  # measure, window, class, randomised


# A trial's comparison: trial, measure, window, class, values or reason, the result shown.
Found = tuple[Trial, OutcomeMeasure, str, str, EffectValues | ExclusionReason, OutcomeResult | None]


def trial_effects_of(results: Iterable[OutcomeResult]) -> list[Found]:
    """Every trial's comparison (or reason) per measure, window and class it gave, from loaded
    comparable results: what syntheses_from pools, trial by trial; with the treated result
    whose timepoint label is shown."""
    groups: dict[tuple[int, int, str], list[OutcomeResult]] = defaultdict(list)
    for result in results:
        window = window_for(result.timepoint_weeks)
        if window is not None and result.measure.kind in COMPUTABLE:
            groups[(result.trial_id, result.measure_id, window.label)].append(result)
    found = []
    for rows in groups.values():
        first = rows[0]
        window = window_for(first.timepoint_weeks)
        classes = {intervention_class_of(result) for result in rows} & set(_CLASS_ORDER)
        for intervention_class in sorted(classes, key=_CLASS_ORDER.__getitem__):
            effect = trial_effect(
                first.trial, rows, default_effect_measure(first.measure), window, intervention_class
            )
            shown = None
            if isinstance(effect, EffectValues):
                shown = next(r for r in rows if r.pk == effect.timepoint_result_id)
            found.append(
                (first.trial, first.measure, window.label, intervention_class, effect, shown)
            )
    return found


def _row(found: Found) -> TrialEffect:
    trial, measure, window, cells, effect, _shown = found
    row = TrialEffect(
        trial=trial, measure=measure, window=window, intervention_class=cells, design=trial.design
    )
    if isinstance(effect, ExclusionReason):
        row.exclusion = effect.value
        return row
    row.effect, row.variance = effect.effect, effect.variance
    row.timepoint_weeks = effect.timepoint_weeks
    row.timepoint_result_id = effect.timepoint_result_id
    row.arms = {"experimental": asdict(effect.experimental), "control": asdict(effect.control)}
    row.cell_source_ids, row.route_ids = list(effect.cell_source_ids), list(effect.route_ids)
    row.notes = [list(note) for note in effect.notes]
    return row


def trial_effects_refresh(*, batch: int = REFRESH_BATCH, using: str = "default") -> int:
    """Store afresh the comparisons of every trial marked stale; how many trials were done."""
    done = 0
    while True:
        with transaction.atomic(using=using):
            ids = list(
                TrialEffectRefresh.objects.using(using)
                .select_for_update()
                .order_by("trial_id")
                .values_list("trial_id", flat=True)[:batch]
            )
            if not ids:
                return done
            TrialEffectRefresh.objects.using(using).filter(trial_id__in=ids).delete()
            TrialEffect.objects.using(using).filter(trial_id__in=ids).delete()
            # Drafts too: pages keep to published trials when they read.
            results = comparable_among(OutcomeResult.objects.using(using).filter(trial_id__in=ids))
            rows = [_row(found) for found in trial_effects_of(results)]
            TrialEffect.objects.using(using).bulk_create(rows, batch_size=1000)
        done += len(ids)


def trial_effects_mark_all() -> None:
    """Mark every trial stale (after a load that wrote around the triggers)."""
    TrialEffectRefresh.objects.bulk_create(
        (TrialEffectRefresh(trial_id=pk) for pk in Trial.objects.values_list("pk", flat=True)),
        ignore_conflicts=True,
        batch_size=5000,
    )


# --- Reading ---------------------------------------------------------------------------------


def _key(measure_id: int, window: str, cells: str, design: str) -> Key:
    return (measure_id, window, cells, design == Design.RCT)


def _values(row: TrialEffect) -> EffectValues:
    return EffectValues(
        timepoint_weeks=row.timepoint_weeks,
        timepoint_result_id=row.timepoint_result_id,
        experimental=_arm(row.arms["experimental"]),
        control=_arm(row.arms["control"]),
        effect=row.effect,
        variance=row.variance,
        cell_source_ids=tuple(row.cell_source_ids),
        route_ids=tuple(row.route_ids),
        notes=tuple((code, count) for code, count in row.notes),
        design=row.design,
    )


def _arm(data: dict) -> ArmData:
    return ArmData(**{**data, "converted": tuple(data["converted"])})


def syntheses_for_condition(descendants: list[int]) -> list[Synthesis]:
    """Pooled outcomes of the published trials of a condition and its narrower conditions (pass
    ConditionTree.descendant_ids): equal to from_curated.syntheses_for over those trials.

    At most seven queries: the stale trials, their comparable results (only if any), the
    comparisons used, the reasons of the trials left out of those pooled results, the
    same-study links of the trials used, and the names of the cells and of the routes (the last
    four only when something is pooled)."""
    trials = Trial.objects.published().in_conditions(descendants)
    # Normally none: read first, so the planner never guesses how many (a guess cost seconds).
    stale = list(TrialEffectRefresh.objects.values_list("trial_id", flat=True)[:STALE_LISTED])
    if len(stale) == STALE_LISTED:  # after a bulk load: compared in the database instead
        stale = TrialEffectRefresh.objects.values("trial_id")
    live = []
    if stale:
        live = [
            (trial, measure, _key(measure.pk, window, cells, trial.design), effect, shown)
            for trial, measure, window, cells, effect, shown in trial_effects_of(
                comparable_among(
                    OutcomeResult.objects.filter(trial__in=trials.filter(pk__in=stale))
                )
            )
        ]
    stored = TrialEffect.objects.filter(trial__in=trials).select_related(
        "trial", "measure", "timepoint_result"
    )
    if stale:
        stored = stored.exclude(trial_id__in=stale)
    used = list(stored.filter(exclusion=""))
    keys = {_key(r.measure_id, r.window, r.intervention_class, r.design) for r in used}
    keys |= {key for _t, _m, key, effect, _s in live if isinstance(effect, EffectValues)}
    if not keys:
        return []
    left_out = stored.exclude(exclusion="").filter(
        reduce(
            or_,
            (
                Q(measure_id=measure, window=window, intervention_class=cells)
                & (Q(design=Design.RCT) if randomised else ~Q(design=Design.RCT))
                for measure, window, cells, randomised in keys
            ),
        )
    )
    rows = [
        (
            row.trial,
            row.measure,
            _key(row.measure_id, row.window, row.intervention_class, row.design),
            ExclusionReason(row.exclusion) if row.exclusion else _values(row),
            row.timepoint_result,
        )
        for row in [*used, *left_out]
    ]
    return _pool(live + rows, keys)


def _pool(rows: list, keys: set[Key]) -> list[Synthesis]:
    """Pooled results of the keys with a comparison used, from stored rows and live effects."""
    trial_ids = {trial.pk for trial, _m, key, _e, _r in rows if key in keys}
    links: dict[int, list[SameStudyLink]] = defaultdict(list)
    for link in (
        SameStudyLink.objects.published()
        .filter(other_trial_id__in=trial_ids)
        .select_related("kept_trial")
    ):
        links[link.other_trial_id].append(link)
    used = [effect for _t, _m, _k, effect, _s in rows if isinstance(effect, EffectValues)]
    cell_ids = {pk for effect in used for pk in effect.cell_source_ids}
    route_ids = {pk for effect in used for pk in effect.route_ids}
    cell_sources = {c.pk: str(c) for c in CellSource.objects.filter(pk__in=cell_ids)}
    routes = {r.pk: str(r) for r in Route.objects.filter(pk__in=route_ids)}
    groups: dict[Key, list[tuple[Trial, StudyRow | ExclusionReason]]] = defaultdict(list)
    measures: dict[int, OutcomeMeasure] = {}
    for trial, measure, key, effect, shown in rows:
        if key not in keys:
            continue
        trial.same_study_kept_links = links.get(trial.pk, [])
        measures[measure.pk] = measure
        groups[key].append((trial, _study(effect, trial, shown, cell_sources, routes)))
    found = [
        assemble(
            outcomes,
            measure=measures[key[0]],
            effect_measure=default_effect_measure(measures[key[0]]),
            window=_WINDOWS[key[1]],
            intervention_class=key[2],
        )
        for key, outcomes in groups.items()
    ]
    return sorted(
        (synthesis for synthesis in found if synthesis.studies),
        key=lambda s: (
            _CLASS_ORDER[s.intervention_class],
            s.randomised is not True,
            s.measure.name,
            s.window.target,
        ),
    )


def _study(
    effect: EffectValues | ExclusionReason,
    trial: Trial,
    shown: OutcomeResult | None,
    cell_sources: dict[int, str],
    routes: dict[int, str],
) -> StudyRow | ExclusionReason:
    """A comparison with its names in the active language, as the live synthesis has it."""
    if isinstance(effect, ExclusionReason):
        return effect
    return study_row(
        trial,
        effect,
        timepoint_label=shown.timepoint_label if shown is not None else "",
        cell_sources=cell_sources,
        routes=routes,
    )


def refresh_after_commit(sender: type, **kwargs: Any) -> None:
    """post_save and post_delete of what comparisons derive from: store the trials the triggers
    marked stale once the transaction commits (no computation in the signal itself)."""
    transaction.on_commit(trial_effects_refresh_quietly, using=kwargs.get("using"))


def trial_effects_refresh_quietly() -> None:
    """trial_effects_refresh after a commit; a failure leaves the trials stale (still shown
    right, computed live) and is logged, never raised into the request that saved."""
    try:
        trial_effects_refresh()
    except DatabaseError:
        logger.exception("Could not store the stale trials' comparisons; they stay stale.")


def refresh_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: store the comparisons of the trials marked stale (all, after the migration
    that created the table)."""
    if TrialEffectRefresh._meta.db_table in connections[using].introspection.table_names():
        trial_effects_refresh(using=using)
