"""Arms of a trial and the outcome results reported for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..units import conversion_factor
from .choices import (
    EFFECTS_BY_KIND,
    RESULT_SHAPES_BY_KIND,
    SHAPE_FIELDS,
    UNCONTROLLED_DESIGNS,
    ArmRole,
    DonorType,
    EffectMeasure,
    Favours,
    MeasureKind,
    ResultShape,
    Significance,
    SourceKind,
    control_role_for,
)
from .trial import Trial
from .vocabularies import CellSource, OutcomeMeasure, Route


class PartOfTrial:
    """No behaviour: migration 0016 names it among the bases of RiskOfBiasAssessment. A trial's
    rows mark it updated through database triggers (trials.models.trial_version)."""


class Arm(models.Model):
    trial = models.ForeignKey(
        Trial, verbose_name=_("trial"), on_delete=models.CASCADE, related_name="arms"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=200)
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=ArmRole,
        help_text=_(
            "Experimental for a group given cells. A comparison group (labelled “Control”, "
            "“Standard medical therapy”, “SMT”, “Conventional treatment”...) is standard care, "
            "placebo or active comparator: only these are compared with the cells when pooling."
        ),
    )
    cell_source = models.ForeignKey(
        CellSource,
        verbose_name=_("cell source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="arms",
    )
    cell_description = models.CharField(
        _("cells as reported"), max_length=300, blank=True, help_text=_("e.g. 'pooled BM-MSC'.")
    )
    donor_type = models.CharField(_("donor type"), max_length=20, choices=DonorType, blank=True)
    route = models.ForeignKey(
        Route,
        verbose_name=_("route"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="arms",
    )
    dose_text = models.CharField(_("dose as reported"), max_length=300, blank=True)
    dose_cells_per_kg_min = models.FloatField(_("cells per kg (lowest)"), null=True, blank=True)
    dose_cells_per_kg_max = models.FloatField(_("cells per kg (highest)"), null=True, blank=True)
    dose_cells_total = models.FloatField(_("total cells per administration"), null=True, blank=True)
    administrations_count = models.PositiveSmallIntegerField(
        _("number of administrations"), null=True, blank=True
    )
    interval = models.CharField(_("interval between administrations"), max_length=200, blank=True)
    co_intervention = models.CharField(_("co-intervention"), max_length=300, blank=True)
    participants_count = models.PositiveIntegerField(
        _("participants randomised or allocated"), null=True, blank=True
    )
    unverified_fields = models.JSONField(
        _("unverified fields"),
        default=list,
        blank=True,
        help_text=_("Fields that only a review's table supports (shown as unverified)."),
    )

    class Meta:
        verbose_name = _("arm")
        verbose_name_plural = _("arms")
        ordering = ["trial", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dose_cells_per_kg_min__isnull=True)
                | Q(dose_cells_per_kg_max__isnull=True)
                | Q(dose_cells_per_kg_min__lte=F("dose_cells_per_kg_max")),
                name="%(app_label)s_%(class)s_dose_range_ordered",
                violation_error_message=_("The lowest dose must not be above the highest dose."),
            ),
            models.CheckConstraint(
                condition=Q(dose_cells_per_kg_min__isnull=True) | Q(dose_cells_per_kg_min__gt=0),
                name="%(app_label)s_%(class)s_dose_positive",
                violation_error_message=_("A dose must be above zero."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        # An arm labelled "Control" or "SMT" with the role "other" can never be compared.
        suggested = control_role_for(self.label)
        if self.role in ("", ArmRole.OTHER) and suggested:
            raise ValidationError(
                {
                    "role": _(
                        "The label “%(label)s” reads as a comparison group: choose “%(role)s” "
                        "(or placebo, or active comparator), so that the cells can be compared "
                        "with it."
                    )
                    % {"label": self.label, "role": ArmRole(suggested).label}
                }
            )


# Said wherever a within-group result is shown (trial page, summaries, pooled views, API).
WITHIN_GROUP_CAVEAT = _(
    "Not compared with an untreated group: this result cannot be credited to the cells."
)


def is_within_group(result: "OutcomeResult", design: str) -> bool:
    """A before/after change in one arm, or any result of a study with no untreated group."""
    if design in UNCONTROLLED_DESIGNS:
        return True
    if result.shape == ResultShape.BEFORE_AFTER:
        return True
    return result.is_change_from_baseline and result.comparator_arm_id is None


def _filled_only_for_shape(
    fields: tuple[str, ...], rule: str, message: str
) -> models.CheckConstraint:
    """A CHECK that these fields stay empty unless the result's shape fills them (SHAPE_FIELDS)."""
    shapes = [shape for shape, filled in SHAPE_FIELDS.items() if fields[0] in filled]
    empty = Q()
    for name in fields:
        empty &= Q(**{name: ""}) if name == "effect_measure" else Q(**{f"{name}__isnull": True})
    return models.CheckConstraint(
        condition=empty | Q(shape__in=shapes),
        name=f"%(app_label)s_%(class)s_{rule}",
        violation_error_message=message,
    )


class OutcomeResultQuerySet(models.QuerySet):
    def published(self) -> "OutcomeResultQuerySet":
        """Results of published trials."""
        return self.filter(trial__status="published")

    def unverified(self) -> "OutcomeResultQuerySet":
        """Results nobody has checked against the source yet."""
        return self.filter(verified_at__isnull=True)


class OutcomeResult(models.Model):
    trial = models.ForeignKey(
        Trial, verbose_name=_("trial"), on_delete=models.CASCADE, related_name="outcome_results"
    )
    arm = models.ForeignKey(
        Arm,
        verbose_name=_("arm"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_results",
        help_text=_("Leave empty for a result about the whole trial."),
    )
    comparator_arm = models.ForeignKey(
        Arm,
        verbose_name=_("compared with arm"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="compared_outcome_results",
        help_text=_("For a between-arm effect: the control arm."),
    )
    measure = models.ForeignKey(
        OutcomeMeasure,
        verbose_name=_("measure"),
        on_delete=models.PROTECT,
        related_name="outcome_results",
    )
    timepoint_weeks = models.FloatField(
        _("timepoint (weeks)"),
        null=True,
        blank=True,
        help_text=_("Weeks after the first administration; 0 is baseline."),
    )
    timepoint_label = models.CharField(_("timepoint as reported"), max_length=200, blank=True)
    shape = models.CharField(_("what was reported"), max_length=20, choices=ResultShape)
    is_change_from_baseline = models.BooleanField(_("change from baseline"), default=False)
    n = models.PositiveIntegerField(_("participants analysed"), null=True, blank=True)
    mean = models.FloatField(_("mean"), null=True, blank=True)
    sd = models.FloatField(_("SD"), null=True, blank=True)
    median = models.FloatField(_("median"), null=True, blank=True)
    q1 = models.FloatField(_("lower quartile or minimum"), null=True, blank=True)
    q3 = models.FloatField(_("upper quartile or maximum"), null=True, blank=True)
    spread_is_range = models.BooleanField(
        _("spread is a range"), default=False, help_text=_("Tick when q1/q3 hold min and max.")
    )
    baseline_mean = models.FloatField(_("baseline mean"), null=True, blank=True)
    baseline_sd = models.FloatField(_("baseline SD"), null=True, blank=True)
    events = models.PositiveIntegerField(_("events"), null=True, blank=True)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    percentage = models.FloatField(_("percentage"), null=True, blank=True)
    effect_measure = models.CharField(
        _("effect measure"), max_length=3, choices=EffectMeasure, blank=True
    )
    effect_value = models.FloatField(_("effect estimate"), null=True, blank=True)
    ci_low = models.FloatField(_("95% CI lower"), null=True, blank=True)
    ci_high = models.FloatField(_("95% CI upper"), null=True, blank=True)
    p_value = models.CharField(
        _("p-value as reported"), max_length=60, blank=True, help_text=_("e.g. '0.03' or '<0.05'.")
    )
    significance = models.CharField(
        _("reported significance"), max_length=20, choices=Significance, blank=True
    )
    favours = models.CharField(_("direction"), max_length=20, choices=Favours, blank=True)
    unit_reported = models.CharField(_("unit as reported"), max_length=60, blank=True)
    value_canonical = models.FloatField(
        _("value in the canonical unit"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The mean, median or percentage converted to the measure's unit."),
    )
    sd_canonical = models.FloatField(_("SD in the canonical unit"), null=True, editable=False)
    statement = models.CharField(
        _("what was reported"),
        max_length=500,
        blank=True,
        help_text=_("One sentence in your own words, e.g. 'Albumin rose in the MSC arm'."),
    )
    reference = models.ForeignKey(
        "evidence.Reference",
        verbose_name=_("reported in"),
        on_delete=models.PROTECT,
        related_name="outcome_results",
        null=True,
        blank=True,
    )
    source_location = models.CharField(
        _("where in the source"),
        max_length=100,
        blank=True,
        help_text=_("Table, figure or page, e.g. 'Table 2' or 'abstract'."),
    )
    source_kind = models.CharField(
        _("source kind"), max_length=20, choices=SourceKind, default=SourceKind.PUBLICATION
    )
    is_inconsistent = models.BooleanField(
        _("internally inconsistent, excluded from pooling"),
        default=False,
        help_text=_(
            "Tick when the source's own numbers do not agree (for example a count and its "
            "percentage). Keep the numbers as printed, say what conflicts in the statement; the "
            "result is shown with a warning and never pooled."
        ),
    )
    registry_version_date = models.DateField(_("registry version date"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verified_outcome_results",
    )
    objects = OutcomeResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome result")
        verbose_name_plural = _("outcome results")
        ordering = ["trial", "measure", "timepoint_weeks", "arm__position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sd__isnull=True) | Q(sd__gte=0),
                name="%(app_label)s_%(class)s_sd_not_negative",
                violation_error_message=_("A standard deviation cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_sd__isnull=True) | Q(baseline_sd__gte=0),
                name="%(app_label)s_%(class)s_baseline_sd_not_negative",
                violation_error_message=_("A standard deviation cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(events__isnull=True)
                | Q(total__isnull=True)
                | Q(events__lte=F("total")),
                name="%(app_label)s_%(class)s_events_within_total",
                violation_error_message=_("There cannot be more events than participants."),
            ),
            models.CheckConstraint(
                condition=Q(ci_low__isnull=True)
                | Q(ci_high__isnull=True)
                | Q(ci_low__lte=F("ci_high")),
                name="%(app_label)s_%(class)s_ci_ordered",
                violation_error_message=_("The lower CI limit must not be above the upper one."),
            ),
            models.CheckConstraint(
                condition=Q(timepoint_weeks__isnull=True) | Q(timepoint_weeks__gte=0),
                name="%(app_label)s_%(class)s_timepoint_not_negative",
                violation_error_message=_("A timepoint cannot be before the first administration."),
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True)
                | (Q(percentage__gte=0) & Q(percentage__lte=100)),
                name="%(app_label)s_%(class)s_percentage_range",
                violation_error_message=_("A percentage lies between 0 and 100."),
            ),
            # Each number belongs to the shapes that report it (SHAPE_FIELDS), so a mean and SD
            # is never stored for a result counted as events (and, with the measure's kind,
            # never for a yes/no measure: trials.models.integrity).
            _filled_only_for_shape(
                ("mean", "sd"),
                "mean_only_for_means",
                _(
                    "A mean and SD belong to a result reported as a mean, or before and after: "
                    "choose that shape or leave them empty."
                ),
            ),
            _filled_only_for_shape(
                ("median", "q1", "q3"),
                "median_only_for_medians",
                _(
                    "A median and its quartiles or range belong to a result reported as a median: "
                    "choose that shape or leave them empty."
                ),
            ),
            _filled_only_for_shape(
                ("baseline_mean", "baseline_sd"),
                "baseline_only_for_before_after",
                _(
                    "A baseline mean belongs to a result reported before and after: choose that "
                    "shape or leave it empty."
                ),
            ),
            _filled_only_for_shape(
                ("events", "total"),
                "events_only_for_counts",
                _(
                    "Events and a total belong to a result reported as events out of a total: "
                    "choose that shape or leave them empty."
                ),
            ),
            _filled_only_for_shape(
                ("percentage",),
                "percentage_only_for_proportions",
                _(
                    "A percentage belongs to a result reported as a percentage or as events out "
                    "of a total: choose one of those shapes or leave it empty."
                ),
            ),
            _filled_only_for_shape(
                ("effect_measure", "effect_value"),
                "effect_only_for_effects",
                _(
                    "An effect measure and estimate belong to a result reported as a between-arm "
                    "effect: choose that shape or leave them empty."
                ),
            ),
            _filled_only_for_shape(
                ("ci_low", "ci_high"),
                "ci_only_with_an_estimate",
                _(
                    "A confidence interval goes with a mean, a percentage or an effect: choose one "
                    "of those shapes or leave it empty."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} · {self.timepoint_label or self.timepoint_weeks}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_within_group(self) -> bool:
        """True when it cannot be credited to the cells (reads the trial's design)."""
        return is_within_group(self, self.trial.design)

    @property
    def primary_value(self) -> float | None:
        """The number a reader sees first: mean, median or percentage."""
        for value in (self.mean, self.median, self.percentage):
            if value is not None:
                return value
        return None

    # Which fields each shape of result needs, in the curator's words.
    REQUIRED_BY_SHAPE = {
        ResultShape.MEAN_SD: ("mean", "sd", "n"),
        ResultShape.MEDIAN_IQR: ("median", "q1", "q3"),
        ResultShape.EVENTS: ("events", "total"),
        ResultShape.PERCENTAGE: ("percentage",),
        ResultShape.EFFECT: ("effect_measure", "effect_value"),
        ResultShape.BEFORE_AFTER: ("baseline_mean", "mean"),
        ResultShape.SIGNIFICANCE: ("significance",),
    }

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for name in self.REQUIRED_BY_SHAPE.get(self.shape, ()):
            if getattr(self, name) in (None, ""):
                errors[name] = _("Needed for a result reported as '%(shape)s'.") % {
                    "shape": self.get_shape_display()
                }
        errors.update(self._kind_errors())
        for arm_field in ("arm", "comparator_arm"):
            arm = getattr(self, arm_field)
            if arm is not None and self.trial_id and arm.trial_id != self.trial_id:
                errors[arm_field] = _("This arm belongs to another trial.")
        if self.reference_id and self.trial_id and not self.cites_own_reference():
            errors["reference"] = _(
                "This paper is not one of this trial's references, so the public page could not "
                "cite it. Choose one of the trial's references, or first add this paper to the "
                "trial's references and save."
            )
        if self.shape == ResultShape.EFFECT and self.comparator_arm is None and self.arm:
            errors["comparator_arm"] = _("Say which arm the effect is compared with.")
        limit = self.arm.participants_count if self.arm else None
        for name in ("total", "n"):
            value = getattr(self, name)
            if limit is not None and value is not None and value > limit:
                errors[name] = _(
                    "%(value)s is more than the %(limit)s participants of this arm."
                ) % {"value": value, "limit": limit}
        errors.update(self._unit_errors())
        if errors:
            raise ValidationError(errors)

    def _kind_errors(self) -> dict[str, str]:
        """The shape and effect measure must be ones the measure's kind allows."""
        if not self.measure_id or not self.shape:
            return {}
        kind = self.measure.kind
        if kind not in RESULT_SHAPES_BY_KIND:
            return {}
        names = {"measure": self.measure.name, "kind": MeasureKind(kind).label.lower()}
        if self.shape not in RESULT_SHAPES_BY_KIND[kind]:
            shapes = RESULT_SHAPES_BY_KIND[kind]
            return {
                "shape": _(
                    "%(measure)s is a %(kind)s measure: report its results as one of: "
                    "%(allowed)s; not as “%(shape)s”."
                )
                % {
                    **names,
                    "allowed": "; ".join(str(ResultShape(s).label) for s in shapes),
                    "shape": self.get_shape_display(),
                }
            }
        if self.effect_measure and self.effect_measure not in EFFECTS_BY_KIND[kind]:
            effects = EFFECTS_BY_KIND[kind]
            return {
                "effect_measure": _(
                    "%(measure)s is a %(kind)s measure: its effect is one of: %(allowed)s."
                )
                % {**names, "allowed": "; ".join(str(EffectMeasure(e).label) for e in effects)}
            }
        return {}

    def cites_own_reference(self) -> bool:
        """True when the cited reference is linked to this result's trial (one query); the
        database holds the same rule (evidence.models.integrity)."""
        return self.trial.trial_references.filter(reference_id=self.reference_id).exists()

    def _unit_errors(self) -> dict[str, str]:
        measure = self.measure if self.measure_id else None
        if measure is None or not measure.unit or self.primary_value is None:
            return {}
        if self.shape not in (
            ResultShape.MEAN_SD,
            ResultShape.MEDIAN_IQR,
            ResultShape.BEFORE_AFTER,
        ):
            return {}
        if not self.unit_reported:
            return {"unit_reported": _("Give the unit the source used.")}
        factor = conversion_factor(self.unit_reported, measure.unit)
        if factor is None:
            return {
                "unit_reported": _("%(unit)s cannot be converted to %(canonical)s.")
                % {"unit": self.unit_reported, "canonical": measure.unit}
            }
        value = self.primary_value * factor
        low, high = measure.plausible_min, measure.plausible_max
        if self.is_change_from_baseline or (low is None and high is None):
            return {}
        if (low is not None and value < low) or (high is not None and value > high):
            return {
                "mean" if self.mean is not None else "median": _(
                    "%(value)s %(unit)s is outside the plausible range for %(measure)s "
                    "(%(low)s to %(high)s %(canonical)s). Check the number and the unit."
                )
                % {
                    "value": self.primary_value,
                    "unit": self.unit_reported,
                    "measure": measure.label,
                    "low": low,
                    "high": high,
                    "canonical": measure.unit,
                }
            }
        return {}

    def save(self, *args, **kwargs) -> None:
        # Normalise only: keep the canonical-unit copy in step with what was reported.
        factor = None
        if self.measure_id and self.measure.unit and self.unit_reported:
            factor = conversion_factor(self.unit_reported, self.measure.unit)
        value = self.primary_value
        self.value_canonical = value * factor if factor is not None and value is not None else None
        self.sd_canonical = self.sd * factor if factor is not None and self.sd is not None else None
        super().save(*args, **kwargs)  # and the trial is marked updated (trial_version)
