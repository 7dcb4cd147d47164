"""Registry results → OutcomeResults marked "registry results (to be confirmed)".

Each outcome measure that matches one of our measures becomes one result per arm (matched by the
arm's label). NA values, shapes we do not record and rows that fail validation are skipped with a
note; a result a curator has verified is never changed.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trials.models import Arm, OutcomeMeasure, OutcomeResult, SourceKind, Trial

from ..importers import ctgov
from ..importers import ctgov_mapping as mapping
from .report import ImportReport, save_validated, unset_nullable_fields

RESULT_FIELDS = (
    "shape",
    "n",
    "mean",
    "sd",
    "median",
    "q1",
    "q3",
    "spread_is_range",
    "events",
    "total",
    "percentage",
    "ci_low",
    "ci_high",
    "unit_reported",
    "statement",
    "registry_version_date",
)


def sync_registry_results(
    trial: Trial,
    study: ctgov.Study,
    report: ImportReport,
    measures: dict[str, OutcomeMeasure],
    reason: str,
    user: AbstractBaseUser | None,
) -> bool:
    """Add or update the trial's registry results; True when anything was written."""
    if not study.outcomes:
        return False
    arms = {arm.label.strip().lower(): arm for arm in trial.arms.all()}
    existing = {
        (
            result.measure_id,
            result.arm_id,
            result.timepoint_label,
            result.is_change_from_baseline,
        ): (result)
        for result in trial.outcome_results.filter(source_kind=SourceKind.REGISTRY_RESULTS)
    }
    seen: set[tuple[Any, ...]] = set()
    changed = False
    for outcome in study.outcomes:
        measure = next(
            (
                measures[name]
                for name in mapping.measure_candidates(outcome.title)
                if name in measures
            ),
            None,
        )
        if measure is None:
            report.unmatched_measures.append(outcome.title)
            continue
        shape, why_not = mapping.result_shape(outcome)
        if len(outcome.rows) != 1:
            why_not = why_not or _("it has %(count)d rows (categories or classes)") % {
                "count": len(outcome.rows)
            }
        if why_not:
            report.notes.append(
                _("Results of '%(title)s' not imported: %(why)s.")
                % {"title": outcome.title, "why": why_not}
            )
            continue
        for value in outcome.rows[0].values:
            arm = arms.get(value.group_title.strip().lower())
            if arm is None or value.value is None:
                report.notes.append(
                    _("'%(title)s', %(group)s: %(why)s; skipped.")
                    % {
                        "title": outcome.title,
                        "group": value.group_title,
                        "why": _("not estimable (NA)")
                        if arm is not None
                        else _("no arm with this label"),
                    }
                )
                continue
            key = (
                measure.pk,
                arm.pk,
                outcome.time_frame[:200],
                mapping.is_change_from_baseline(outcome),
            )
            if key in seen:
                report.notes.append(
                    _("'%(title)s' repeats a measure and timepoint already imported; skipped.")
                    % {"title": outcome.title}
                )
                continue
            seen.add(key)
            changed |= _save_result(
                trial,
                measure,
                arm,
                outcome,
                shape,
                value,
                existing.get(key),
                study,
                report,
                reason,
                user,
            )
    return changed


def _save_result(
    trial: Trial,
    measure: OutcomeMeasure,
    arm: Arm,
    outcome: ctgov.RegistryOutcome,
    shape: str,
    value: ctgov.GroupValue,
    result: OutcomeResult | None,
    study: ctgov.Study,
    report: ImportReport,
    reason: str,
    user: AbstractBaseUser | None,
) -> bool:
    statement = f"ClinicalTrials.gov results: {outcome.title}"
    if outcome.dispersion_type.lower() == "standard error":
        statement += " (SD computed from the registry's standard error × √n)"
    values = mapping.result_fields(outcome, shape, value) | {
        "unit_reported": outcome.unit[:60],
        "statement": statement[:500],
        "registry_version_date": study.last_update_posted,
    }
    if result is not None:
        if result.verified_at is not None:
            return False  # a curator confirmed it: theirs now
        if all(
            getattr(result, name) == values.get(name, getattr(result, name))
            for name in RESULT_FIELDS
        ):
            return False
        for name, new in values.items():
            setattr(result, name, new)
    else:
        result = OutcomeResult(
            trial=trial,
            arm=arm,
            measure=measure,
            timepoint_label=outcome.time_frame[:200],
            is_change_from_baseline=mapping.is_change_from_baseline(outcome),
            source_kind=SourceKind.REGISTRY_RESULTS,
            source_location="ClinicalTrials.gov results",
            **values,
        )
    is_new = result.pk is None
    try:
        # full_clean() fails before any write; the trial, its arm and the measure were just read.
        trusted = ("trial", "arm", "measure", *unset_nullable_fields(result))
        save_validated(result, reason, user, trusted=trusted)
    except ValidationError as error:
        report.notes.append(
            _("'%(title)s', %(group)s: %(errors)s; skipped.")
            % {
                "title": outcome.title,
                "group": value.group_title,
                "errors": " ".join(error.messages),
            }
        )
        return False
    if is_new:
        report.results_created += 1
    else:
        report.results_updated += 1
    return True
