"""What a ClinicalTrials.gov study means in our vocabulary: pure functions over parsed studies.

The registry's codes become our choices (trials.models.choices); per-group outcome values become
the fields of an OutcomeResult. Nothing here reads or writes the database.
"""

import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from evidence.importing.sources.ctgov import ArmGroup, Study
from evidence.importing.sources.ctgov_results import Analysis, GroupValue, RegistryOutcome
from trials.models.choices import (
    ArmRole,
    DateKind,
    DatePrecision,
    Design,
    EffectMeasure,
    EnrollmentKind,
    Masking,
    Phase,
    RecruitmentStatus,
    Registry,
    ResultShape,
    control_role_for,
)
from trials.models.trial import REGISTRY_PATTERNS

STATUSES = {
    "NOT_YET_RECRUITING": RecruitmentStatus.NOT_YET_RECRUITING,
    "RECRUITING": RecruitmentStatus.RECRUITING,
    "ENROLLING_BY_INVITATION": RecruitmentStatus.ENROLLING_BY_INVITATION,
    "ACTIVE_NOT_RECRUITING": RecruitmentStatus.ACTIVE_NOT_RECRUITING,
    "COMPLETED": RecruitmentStatus.COMPLETED,
    "SUSPENDED": RecruitmentStatus.SUSPENDED,
    "TERMINATED": RecruitmentStatus.TERMINATED,
    "WITHDRAWN": RecruitmentStatus.WITHDRAWN,
    "UNKNOWN": RecruitmentStatus.UNKNOWN,
}
PHASES = {
    ("EARLY_PHASE1",): Phase.EARLY_1,
    ("PHASE1",): Phase.PHASE_1,
    ("PHASE1", "PHASE2"): Phase.PHASE_1_2,
    ("PHASE2",): Phase.PHASE_2,
    ("PHASE2", "PHASE3"): Phase.PHASE_2_3,
    ("PHASE3",): Phase.PHASE_3,
    ("PHASE4",): Phase.PHASE_4,
    ("NA",): Phase.NOT_APPLICABLE,
}
MASKINGS = {
    "NONE": Masking.OPEN_LABEL,
    "SINGLE": Masking.SINGLE,
    "DOUBLE": Masking.DOUBLE,
    "TRIPLE": Masking.TRIPLE,
    "QUADRUPLE": Masking.QUADRUPLE,
}
ENROLLMENT_TYPES = {
    "ACTUAL": EnrollmentKind.ACTUAL,
    "ESTIMATED": EnrollmentKind.ESTIMATED,
    "ANTICIPATED": EnrollmentKind.ESTIMATED,  # the registry's older word for the same thing
}
DATE_TYPES = {
    "ACTUAL": DateKind.ACTUAL,
    "ESTIMATED": DateKind.PLANNED,
    "ANTICIPATED": DateKind.PLANNED,  # the registry's older word for the same thing
}
ARM_ROLES = {
    "EXPERIMENTAL": ArmRole.EXPERIMENTAL,
    "ACTIVE_COMPARATOR": ArmRole.ACTIVE_COMPARATOR,
    "PLACEBO_COMPARATOR": ArmRole.PLACEBO,
    "SHAM_COMPARATOR": ArmRole.PLACEBO,
    "NO_INTERVENTION": ArmRole.STANDARD_CARE,
    "OTHER": ArmRole.OTHER,
}
MODELS = {
    "SINGLE_GROUP": "single group assignment",
    "PARALLEL": "parallel assignment",
    "CROSSOVER": "crossover assignment",
    "FACTORIAL": "factorial assignment",
    "SEQUENTIAL": "sequential assignment",
}
# Secondary ids are kept only for registries whose ids we can check; a EudraCT number by its type.
SECONDARY_PREFIXES = {
    Registry.CHICTR: "CHICTR",
    Registry.ISRCTN: "ISRCTN",
    Registry.IRCT: "IRCT",
    Registry.UMIN: "UMIN",
    Registry.CTRI: "CTRI/",
}
# Our field lengths (trials.models): longer registry text is cut, and the report says so.
LIMITS = {
    "title": 500,
    "short_title": 160,
    "acronym": 40,
    "sponsor": 300,
    "condition_text": 300,
    "design_details": 300,
}


@dataclass
class MappedTrial:
    values: dict[str, Any]
    short_title: str = ""
    notes: list[str] = field(default_factory=list)


def _fit(name: str, text: str, notes: list[str]) -> str:
    limit = LIMITS[name]
    if len(text) <= limit:
        return text
    notes.append(
        _("The registry's %(field)s is longer than %(limit)d characters and was shortened.")
        % {"field": name.replace("_", " "), "limit": limit}
    )
    return text[: limit - 1].rstrip() + "…"


def design_of(study: Study) -> str:
    """Our design from the study type, allocation and intervention model."""
    if study.study_type == "OBSERVATIONAL":
        return Design.OBSERVATIONAL
    if study.allocation == "RANDOMIZED":
        return Design.RCT
    if study.allocation == "NON_RANDOMIZED":
        return Design.NON_RANDOMISED
    if study.intervention_model == "SINGLE_GROUP":
        return Design.SINGLE_ARM
    if study.intervention_model in ("PARALLEL", "FACTORIAL", "CROSSOVER", "SEQUENTIAL"):
        # Several groups and no allocation given: never assume "non-randomised".
        return Design.ALLOCATION_NOT_REPORTED
    return ""


def design_details_of(study: Study) -> str:
    """The registry's design in words, e.g. 'Interventional, randomized, parallel assignment'."""
    parts = [study.study_type.replace("_", " ").capitalize()] if study.study_type else []
    if study.allocation in ("RANDOMIZED", "NON_RANDOMIZED"):
        parts.append(study.allocation.replace("_", "-").lower())
    if study.intervention_model:
        parts.append(MODELS.get(study.intervention_model, study.intervention_model.lower()))
    if study.masking == "NONE":
        parts.append("open label")
    elif study.masking:
        who = ", ".join(role.replace("_", " ").lower() for role in study.who_masked)
        parts.append(f"{study.masking.lower()} masking" + (f" ({who})" if who else ""))
    return ", ".join(parts)


def trial_values(study: Study) -> MappedTrial:
    """The registry-owned trial fields of a study, with notes on what did not fit."""
    notes: list[str] = []
    phase = PHASES.get(tuple(sorted(study.phases)), "")
    if study.phases and not phase:
        notes.append(
            _("Phases %(phases)s have no single phase here.") % {"phases": ", ".join(study.phases)}
        )
    status = STATUSES.get(study.overall_status, "")
    if study.overall_status and not status:
        notes.append(
            _("Overall status %(status)s is not a recruitment status we record.")
            % {"status": study.overall_status}
        )
    start, completion = study.start, study.completion
    if start and completion and completion.value < start.value:
        notes.append(_("The registry's completion date is before its start date; left out."))
        completion = None
    # ClinicalTrials.gov shows an ongoing status as unknown when its "status verified" date
    # (not the last update) is more than two years old, so that date is the status's "as of".
    verified = study.status_verified
    if status and verified is None:
        notes.append(
            _(
                "The record gives no date on which its status was verified; the status is "
                "shown as unconfirmed."
            )
        )
    values: dict[str, Any] = {
        "title": _fit("title", study.title, notes),
        "acronym": _fit("acronym", study.acronym, notes),
        "recruitment_status": status,
        "status_as_of": verified.value if verified else None,
        "status_as_of_precision": verified.precision if verified else DatePrecision.DAY,
        "phase": phase,
        "design": design_of(study),
        "design_details": _fit("design_details", design_details_of(study), notes),
        "masking": MASKINGS.get(study.masking, ""),
        "enrollment": study.enrollment,
        "enrollment_kind": ENROLLMENT_TYPES.get(study.enrollment_type, "")
        if study.enrollment is not None
        else "",
        "start_date": start.value if start else None,
        "start_date_precision": start.precision if start else DatePrecision.DAY,
        "start_date_kind": DATE_TYPES.get(start.kind, "") if start else "",
        "completion_date": completion.value if completion else None,
        "completion_date_precision": completion.precision if completion else DatePrecision.DAY,
        "completion_date_kind": DATE_TYPES.get(completion.kind, "") if completion else "",
        "sponsor": _fit("sponsor", study.sponsor, notes),
        "condition_text": _fit("condition_text", "; ".join(study.conditions), notes),
        "registry_last_updated_date": study.last_update_posted,
    }
    short_title = study.brief_title if len(study.brief_title) <= LIMITS["short_title"] else ""
    return MappedTrial(values=values, short_title=short_title, notes=notes)


def slug_base(study: Study) -> str:
    """A readable address: the acronym or brief title, then the NCT number."""
    words = slugify(study.acronym or study.brief_title)[:70].rsplit("-", 1)[0].strip("-")
    return f"{words}-{study.nct_id.lower()}" if words else study.nct_id.lower()


def secondary_registry_ids(study: Study) -> list[tuple[str, str]]:
    """(registry, identifier) of secondary ids from registries we know, when they validate."""
    found = []
    for item in study.secondary_ids:
        identifier = item.identifier.strip()
        registry = ""
        if item.kind == "EUDRACT_NUMBER":
            registry = Registry.EUCTR
        else:
            registry = next(
                (
                    code
                    for code, prefix in SECONDARY_PREFIXES.items()
                    if identifier.upper().startswith(prefix)
                ),
                "",
            )
            if identifier.startswith("NCT"):
                registry = Registry.CTGOV
        pattern = REGISTRY_PATTERNS.get(registry)
        valid = pattern and re.fullmatch(pattern[0], identifier) and identifier != study.nct_id
        if valid and (str(registry), identifier) not in found:  # listed twice: linked once
            found.append((str(registry), identifier))
    return found


def arm_role(group: ArmGroup) -> str:
    """Our role from the arm type; an arm typed "other" (or untyped) whose label says it is the
    comparison group ("Control", "Standard medical treatment", "SMT") gets a control role."""
    role = ARM_ROLES.get(group.kind, ArmRole.OTHER)
    if role == ArmRole.OTHER:
        return control_role_for(group.label) or role
    return role


def arm_fields(study: Study, group: ArmGroup, position: int) -> dict[str, Any]:
    """An Arm as registered: label, role from the arm type, cells from its interventions."""
    names = list(group.intervention_names) or [
        intervention.name
        for intervention in study.interventions
        if group.label in intervention.arm_labels
    ]
    return {
        "position": position,
        "label": group.label[:200],
        "role": arm_role(group),
        "cell_description": "; ".join(names)[:300],
    }


def measure_candidates(title: str) -> list[str]:
    """Names a registry outcome title may match: itself, without brackets or timepoint, and the
    bracketed abbreviations, e.g. 'Change From Baseline in MELD Score at Week 24' → 'MELD Score'."""
    text = " ".join(title.split())
    core = re.sub(r"^change (from|since) baseline (in|of) ", "", text, flags=re.IGNORECASE)
    core = re.split(r" (?:at|after|over|during) (?=\S)", core, maxsplit=1)[0]
    candidates = [text, core]
    for item in (text, core):
        candidates.append(re.sub(r"\s*\([^)]*\)", "", item).strip(" ,"))
    candidates.extend(re.findall(r"\(([^)]+)\)", text))
    seen: list[str] = []
    for candidate in candidates:
        key = candidate.strip().lower()
        if key and key not in seen:
            seen.append(key)
    return seen


def is_change_from_baseline(outcome: RegistryOutcome) -> bool:
    return outcome.title.lower().startswith("change")


def result_shape(outcome: RegistryOutcome) -> tuple[str, str]:
    """Our ResultShape for a registry outcome and, when there is none, why (as a note)."""
    dispersion = outcome.dispersion_type.lower()
    if outcome.param_type == "MEAN":
        if dispersion in ("standard deviation", "standard error"):
            return ResultShape.MEAN_SD, ""
    elif outcome.param_type == "MEDIAN":
        if dispersion in ("inter-quartile range", "full range"):
            return ResultShape.MEDIAN_IQR, ""
    elif outcome.param_type == "COUNT_OF_PARTICIPANTS":
        return ResultShape.EVENTS, ""
    elif outcome.param_type == "NUMBER" and "percent" in outcome.unit.lower():
        return ResultShape.PERCENTAGE, ""
    kind = " ".join(part for part in (outcome.param_type.lower(), dispersion) if part)
    return "", _("a %(kind)s result has no matching shape here") % {"kind": kind or "?"}


def result_fields(outcome: RegistryOutcome, shape: str, value: GroupValue) -> dict[str, Any]:
    """The OutcomeResult numbers of one group's value (which is not NA)."""
    n = value.participants
    dispersion = outcome.dispersion_type.lower()
    fields: dict[str, Any] = {"shape": shape, "n": n}
    if shape == ResultShape.MEAN_SD:
        sd = value.spread
        if dispersion == "standard error" and sd is not None:
            # The registry gave a standard error: SD = SE × √n, said so in the statement.
            sd = sd * math.sqrt(n) if n else None
        fields |= {"mean": value.value, "sd": sd}
    elif shape == ResultShape.MEDIAN_IQR:
        fields |= {
            "median": value.value,
            "q1": value.lower,
            "q3": value.upper,
            "spread_is_range": dispersion == "full range",
        }
    elif shape == ResultShape.EVENTS:
        events = value.value
        fields |= {
            "events": int(events) if events is not None and events == int(events) else None,
            "total": n,
        }
    elif shape == ResultShape.PERCENTAGE:
        is_ci = "confidence interval" in dispersion
        fields |= {
            "percentage": value.value,
            "ci_low": value.lower if is_ci else None,
            "ci_high": value.upper if is_ci else None,
        }
    return fields


EFFECT_MEASURES = (
    ("hazard ratio", EffectMeasure.HR),
    ("odds ratio", EffectMeasure.OR),
    ("risk ratio", EffectMeasure.RR),
    ("relative risk", EffectMeasure.RR),
    ("risk difference", EffectMeasure.RD),
    ("mean difference", EffectMeasure.MD),
)


def effect_measure_of(param_type: str) -> str:
    """Our effect measure for a registry analysis' parameter, e.g. 'Hazard Ratio (HR)' → HR."""
    lowered = param_type.lower()
    return next((code for words, code in EFFECT_MEASURES if words in lowered), "")


def effect_fields(analysis: Analysis, effect_measure: str) -> dict[str, Any]:
    """The OutcomeResult numbers of a between-arm estimate; a CI other than 95% is left out."""
    is_95 = analysis.ci_percent in ("", "95")
    return {
        "shape": ResultShape.EFFECT,
        "effect_measure": effect_measure,
        "effect_value": analysis.value,
        "ci_low": analysis.ci_low if is_95 else None,
        "ci_high": analysis.ci_high if is_95 else None,
        "p_value": analysis.p_value[:60],
    }
