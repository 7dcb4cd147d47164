"""Choice lists shared by the trial models, the filters and the exports."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class CurationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class Design(models.TextChoices):
    """What the sources say about how the groups were formed; never more than they say."""

    RCT = "rct", _("Randomised controlled trial")
    ALLOCATION_NOT_REPORTED = "allocation_not_reported", _("Controlled, allocation not reported")
    NON_RANDOMISED = "non_randomised", _("Non-randomised controlled trial")
    MATCHED_COHORT = "matched_cohort", _("Cohort with matched controls")
    DOSE_COMPARISON = "dose_comparison", _("Dose comparison (no untreated group)")
    SINGLE_ARM = "single_arm", _("Single-arm trial")
    OBSERVATIONAL = "observational", _("Observational study")
    CASE_SERIES = "case_series", _("Case series")


class Phase(models.TextChoices):
    EARLY_1 = "early_1", _("Early phase 1")
    PHASE_1 = "1", _("Phase 1")
    PHASE_1_2 = "1_2", _("Phase 1/2")
    PHASE_2 = "2", _("Phase 2")
    PHASE_2_3 = "2_3", _("Phase 2/3")
    PHASE_3 = "3", _("Phase 3")
    PHASE_4 = "4", _("Phase 4")
    NOT_APPLICABLE = "na", _("Not applicable")


class RecruitmentStatus(models.TextChoices):
    NOT_YET_RECRUITING = "not_yet_recruiting", _("Not yet recruiting")
    RECRUITING = "recruiting", _("Recruiting")
    ENROLLING_BY_INVITATION = "enrolling_by_invitation", _("Enrolling by invitation")
    ACTIVE_NOT_RECRUITING = "active_not_recruiting", _("Active, not recruiting")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    UNKNOWN = "unknown", _("Unknown")


class Masking(models.TextChoices):
    OPEN_LABEL = "open_label", _("Open label")
    SINGLE = "single", _("Single blind")
    DOUBLE = "double", _("Double blind")
    TRIPLE = "triple", _("Triple blind")
    QUADRUPLE = "quadruple", _("Quadruple blind")


class EnrollmentKind(models.TextChoices):
    ACTUAL = "actual", _("Actual")
    ESTIMATED = "estimated", _("Estimated or planned")
    RANDOMISED = "randomised", _("Randomised")
    ANALYSED = "analysed", _("Analysed")


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year")
    MONTH = "month", _("Year and month")
    DAY = "day", _("Full date")


class DateKind(models.TextChoices):
    """Whether a start or completion date happened or was only planned (empty: not stated)."""

    ACTUAL = "actual", _("Actual")
    PLANNED = "planned", _("Planned")


class Registry(models.TextChoices):
    CTGOV = "ctgov", "ClinicalTrials.gov"
    CHICTR = "chictr", "ChiCTR"
    ISRCTN = "isrctn", "ISRCTN"
    EUCTR = "euctr", "EU CTR"
    IRCT = "irct", "IRCT"
    UMIN = "umin", "UMIN-CTR"
    CTRI = "ctri", "CTRI"
    OTHER = "other", _("Other")


class ArmRole(models.TextChoices):
    EXPERIMENTAL = "experimental", _("Experimental")
    ACTIVE_COMPARATOR = "active_comparator", _("Active comparator")
    STANDARD_CARE = "standard_care", _("Standard care")
    PLACEBO = "placebo", _("Placebo")
    OTHER = "other", _("Other")


# The roles of a comparison group: pooling pairs a treated arm only with one of these.
CONTROL_ROLES = frozenset({ArmRole.STANDARD_CARE, ArmRole.PLACEBO, ArmRole.ACTIVE_COMPARATOR})
_PLACEBO_WORDS = re.compile(r"\b(placebo|sham|saline)\b", re.IGNORECASE)
_CONTROL_WORDS = re.compile(
    r"\b(control|controls|standard (medical )?(therapy|treatment|care)|conventional "
    r"(therapy|treatment|care)|comprehensive treatment|supportive (therapy|treatment|care)|"
    r"usual care|SMT|SMC|no intervention)\b",
    re.IGNORECASE,
)
_TREATMENT_WORDS = re.compile(
    r"\b(MSCs?|cells?|stem|exosomes?|vesicles?|secretome|[a-z]*-MSCs?)\b", re.IGNORECASE
)


def control_role_for(label: str) -> str | None:
    """The control role an arm's label says it has ("Control", "SMT", "Conventional
    treatment", "Placebo"...), or None when the label names cells or no comparison group."""
    if _TREATMENT_WORDS.search(label):
        return None
    if _PLACEBO_WORDS.search(label):
        return ArmRole.PLACEBO
    if _CONTROL_WORDS.search(label):
        return ArmRole.STANDARD_CARE
    return None


# Designs without an untreated comparison group: their results cannot be credited to the cells.
UNCONTROLLED_DESIGNS = frozenset({Design.SINGLE_ARM, Design.DOSE_COMPARISON, Design.CASE_SERIES})
# Designs that compare treated people with a group that did not get the cells.
CONTROLLED_DESIGNS = frozenset(
    {Design.RCT, Design.ALLOCATION_NOT_REPORTED, Design.NON_RANDOMISED, Design.MATCHED_COHORT}
)


class DonorType(models.TextChoices):
    AUTOLOGOUS = "autologous", _("Autologous (the patient's own cells)")
    ALLOGENEIC = "allogeneic", _("Allogeneic (from a donor)")


class InterventionClass(models.TextChoices):
    """What kind of product a cell source is: results are pooled only within one class."""

    MSC = "msc", _("MSC")
    MSC_DERIVED_CELL_FREE = (
        "msc_derived_cell_free",
        _("MSC-derived, cell-free (vesicles, secretome)"),
    )
    OTHER_CELLS = (
        "other_cells",
        _(
            "other cells (bone-marrow mononuclear, CD34+/CD133+, uncultured fat-derived, "
            "unspecified)"
        ),
    )


# How a sentence names each class ("24 of MSC, 4 of other cells, 2 of MSC-derived vesicles").
INTERVENTION_CLASS_SHORT = {
    InterventionClass.MSC: _("MSC"),
    InterventionClass.OTHER_CELLS: _("other cells"),
    InterventionClass.MSC_DERIVED_CELL_FREE: _("MSC-derived vesicles"),
}


class ProductKind(models.TextChoices):
    LIVING_CELLS = "living_cells", _("Living cells")
    CELL_FREE = "cell_free", _("Cell-free product")


class MeasureKind(models.TextChoices):
    CONTINUOUS = "continuous", _("Continuous")
    BINARY = "binary", _("Binary")
    TIME_TO_EVENT = "time_to_event", _("Time to event")


class ResultShape(models.TextChoices):
    MEAN_SD = "mean_sd", _("Mean, SD and n")
    MEDIAN_IQR = "median_iqr", _("Median and IQR (or range)")
    EVENTS = "events", _("Events out of total")
    PERCENTAGE = "percentage", _("Percentage with 95% CI")
    EFFECT = "effect", _("Between-arm effect (OR, RR, HR, MD)")
    BEFORE_AFTER = "before_after", _("Before and after in one arm")
    SIGNIFICANCE = "significance", _("Reported as significant or not, no number")


class EffectMeasure(models.TextChoices):
    MD = "MD", _("Mean difference")
    SMD = "SMD", _("Standardised mean difference")
    RR = "RR", _("Risk ratio")
    OR = "OR", _("Odds ratio")
    HR = "HR", _("Hazard ratio")
    RD = "RD", _("Risk difference")


# The shapes a result may take for each kind of measure, and the effects each kind is measured
# by: a yes/no outcome is counted (events out of a total, a percentage, a ratio of risks or odds);
# a measurement is summarised (mean, median, before and after, a difference of means); a time to
# an event is a hazard ratio, a survival percentage or a median time. "Significance" (reported
# as significant or not, with no number) fits every kind. The forms and the database both read it
# (OutcomeResult.clean, trials.models.integrity).
RESULT_SHAPES_BY_KIND = {
    MeasureKind.BINARY: (
        ResultShape.EVENTS,
        ResultShape.PERCENTAGE,
        ResultShape.EFFECT,
        ResultShape.SIGNIFICANCE,
    ),
    MeasureKind.CONTINUOUS: (
        ResultShape.MEAN_SD,
        ResultShape.MEDIAN_IQR,
        ResultShape.BEFORE_AFTER,
        ResultShape.EFFECT,
        ResultShape.SIGNIFICANCE,
    ),
    MeasureKind.TIME_TO_EVENT: (
        ResultShape.EFFECT,
        ResultShape.PERCENTAGE,
        ResultShape.MEDIAN_IQR,
        ResultShape.SIGNIFICANCE,
    ),
}


class Significance(models.TextChoices):
    SIGNIFICANT = "significant", _("Reported as statistically significant")
    NOT_SIGNIFICANT = "not_significant", _("Reported as not statistically significant")


class Favours(models.TextChoices):
    EXPERIMENTAL = "experimental", _("Favours the cell therapy")
    CONTROL = "control", _("Favours the control")
    NEITHER = "neither", _("No difference reported")


class SourceKind(models.TextChoices):
    PUBLICATION = "publication", _("The trial's own publication")
    REGISTRY_RESULTS = "registry_results", _("Registry results (to be confirmed)")
    SECONDARY = "secondary", _("A review's table only (unverified)")


EFFECTS_BY_KIND = {
    MeasureKind.BINARY: (EffectMeasure.RR, EffectMeasure.OR, EffectMeasure.RD),
    MeasureKind.CONTINUOUS: (EffectMeasure.MD, EffectMeasure.SMD),
    MeasureKind.TIME_TO_EVENT: (EffectMeasure.HR,),
}

# The number fields each shape fills (the rest stay empty; n, the p-value, the reported
# significance, the direction and the unit go with any shape). Meta.constraints hold it.
SHAPE_FIELDS = {
    ResultShape.MEAN_SD: ("mean", "sd", "ci_low", "ci_high"),
    ResultShape.MEDIAN_IQR: ("median", "q1", "q3", "spread_is_range"),
    ResultShape.EVENTS: ("events", "total", "percentage"),
    ResultShape.PERCENTAGE: ("percentage", "ci_low", "ci_high"),
    ResultShape.EFFECT: ("effect_measure", "effect_value", "ci_low", "ci_high"),
    ResultShape.BEFORE_AFTER: ("baseline_mean", "baseline_sd", "mean", "sd"),
    ResultShape.SIGNIFICANCE: (),
}
