"""Choice lists shared by the trial models, the filters and the exports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CurationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class Design(models.TextChoices):
    RCT = "rct", _("Randomised controlled trial")
    NON_RANDOMISED = "non_randomised", _("Non-randomised controlled trial")
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


class DonorType(models.TextChoices):
    AUTOLOGOUS = "autologous", _("Autologous (the patient's own cells)")
    ALLOGENEIC = "allogeneic", _("Allogeneic (from a donor)")


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
