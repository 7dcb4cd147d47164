"""Registry results → OutcomeResults marked "registry results (to be confirmed)".

Each outcome measure that matches one of our measures becomes one result per arm (matched by the
arm's label), and each between-arm estimate (hazard ratio, odds ratio …) one result comparing the
experimental arm with the other. NA values, shapes we do not record and rows that fail validation
are skipped with a note; a result a curator has verified is never changed.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from evidence.importing.services.report import ImportReport, save_validated, unset_nullable_fields
from evidence.importing.services.vocabularies import Vocabularies
from evidence.importing.sources import ctgov
from evidence.importing.sources import ctgov_mapping as mapping
from evidence.importing.sources.ctgov_results import RegistryOutcome
from trials.models import Arm, ArmRole, OutcomeResult, SourceKind, Trial

# The fields a refresh compares and updates; arms, measure and timepoint identify the result.
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
    "effect_measure",
    "effect_value",
    "ci_low",
    "ci_high",
    "p_value",
    "unit_reported",
    "statement",
    "registry_version_date",
)


@dataclass
class Candidate:
    """One result the registry gives: for an arm, or for an arm against a comparator."""

    arm: Arm
    comparator: Arm | None
    fields: dict[str, Any]
    label: str  # the group or comparison, for notes


def sync_registry_results(
    trial: Trial,
    study: ctgov.Study,
    report: ImportReport,
    vocabularies: Vocabularies,
    reason: str,
    user: AbstractBaseUser | None,
) -> bool:
    """Add or update the trial's registry results; True when anything was written."""
    if not study.outcomes:
        return False
    measures = vocabularies.measures  # read only for a study with results
    arms = {arm.label.strip().lower(): arm for arm in trial.arms.all()}
    existing = {
        _key(
            result.measure_id,
            result.arm_id,
            result.comparator_arm_id,
            result.timepoint_label,
            result.is_change_from_baseline,
            result.shape,
        ): result
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
        timepoint = outcome.time_frame[:200]
        is_change = mapping.is_change_from_baseline(outcome)
        for candidate in [*_group_values(outcome, arms, report), *_effects(outcome, arms, report)]:
            key = _key(
                measure.pk,
                candidate.arm.pk,
                candidate.comparator.pk if candidate.comparator else None,
                timepoint,
                is_change,
                candidate.fields["shape"],
            )
            if key in seen:
                report.notes.append(
                    _("'%(title)s' repeats a measure and timepoint already imported; skipped.")
                    % {"title": outcome.title}
                )
                continue
            seen.add(key)
            result = existing.get(key) or OutcomeResult(
                trial=trial,
                arm=candidate.arm,
                comparator_arm=candidate.comparator,
                measure=measure,
                timepoint_label=timepoint,
                is_change_from_baseline=is_change,
                source_kind=SourceKind.REGISTRY_RESULTS,
                source_location="ClinicalTrials.gov results",
            )
            fields = candidate.fields | {"registry_version_date": study.last_update_posted}
            changed |= _save_result(result, fields, outcome, candidate, report, reason, user)
    return changed


def _key(*parts: object) -> tuple[object, ...]:
    return parts


def _skip(report: ImportReport, outcome: RegistryOutcome, group: str, why: str) -> None:
    report.notes.append(
        _("'%(title)s', %(group)s: %(why)s; skipped.")
        % {"title": outcome.title, "group": group, "why": why}
    )


def _group_values(
    outcome: RegistryOutcome, arms: dict[str, Arm], report: ImportReport
) -> Iterator[Candidate]:
    if not outcome.rows:
        return
    shape, why_not = mapping.result_shape(outcome)
    if len(outcome.rows) != 1:
        why_not = why_not or _("it has %(count)d rows (categories or classes)") % {
            "count": len(outcome.rows)
        }
    if why_not:
        report.notes.append(
            _("Per-arm results of '%(title)s' not imported: %(why)s.")
            % {"title": outcome.title, "why": why_not}
        )
        return
    statement = f"ClinicalTrials.gov results: {outcome.title}"
    if outcome.dispersion_type.lower() == "standard error":
        statement += " (SD computed from the registry's standard error × √n)"
    for value in outcome.rows[0].values:
        arm = arms.get(value.group_title.strip().lower())
        if arm is None:
            _skip(report, outcome, value.group_title, _("no arm with this label"))
        elif value.value is None:
            _skip(report, outcome, value.group_title, _("not estimable (NA)"))
        else:
            fields = mapping.result_fields(outcome, shape, value) | {
                "unit_reported": outcome.unit[:60],
                "statement": statement[:500],
            }
            yield Candidate(arm, None, fields, value.group_title)


def _effects(
    outcome: RegistryOutcome, arms: dict[str, Arm], report: ImportReport
) -> Iterator[Candidate]:
    for analysis in outcome.analyses:
        label = " / ".join(analysis.group_titles)
        effect_measure = mapping.effect_measure_of(analysis.param_type)
        matched = [arms.get(title.strip().lower()) for title in analysis.group_titles]
        experimental = [arm for arm in matched if arm and arm.role == ArmRole.EXPERIMENTAL]
        if not effect_measure:
            _skip(
                report,
                outcome,
                label,
                _("a %(kind)s is not an effect we record") % {"kind": analysis.param_type or "?"},
            )
        elif analysis.value is None:
            _skip(report, outcome, label, _("not estimable (NA)"))
        elif len(matched) != 2 or None in matched or len(experimental) != 1:
            _skip(report, outcome, label, _("which arm is compared with which is unclear"))
        else:
            comparator = next(arm for arm in matched if arm is not experimental[0])
            # The registry's own words say which way the estimate runs, for the curator to check.
            statement = f"ClinicalTrials.gov results: {outcome.title}: {analysis.param_type}"
            if analysis.comment:
                statement += f", {analysis.comment}"
            fields = mapping.effect_fields(analysis, effect_measure) | {
                "unit_reported": "",
                "statement": statement[:500],
            }
            yield Candidate(experimental[0], comparator, fields, label)


def _save_result(
    result: OutcomeResult,
    fields: dict[str, Any],
    outcome: RegistryOutcome,
    candidate: Candidate,
    report: ImportReport,
    reason: str,
    user: AbstractBaseUser | None,
) -> bool:
    is_new = result.pk is None
    if not is_new:
        if result.verified_at is not None:
            return False  # a curator confirmed it: theirs now
        if all(
            getattr(result, name) == fields.get(name, getattr(result, name))
            for name in RESULT_FIELDS
        ):
            return False
    for name, value in fields.items():
        setattr(result, name, value)
    try:
        # full_clean() fails before any write; the trial, its arms and the measure were just read.
        # Meta.constraints are checked too (a query each), but not those over fields left empty.
        trusted = ("trial", "arm", "comparator_arm", "measure", *unset_nullable_fields(result))
        save_validated(result, reason, user, trusted=trusted)
    except ValidationError as error:
        _skip(report, outcome, candidate.label, " ".join(error.messages))
        return False
    if is_new:
        report.results_created += 1
    else:
        report.results_updated += 1
    return True
