"""Systematic reviews and the pooled results they published."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trials.models import Condition, EffectMeasure, OutcomeMeasure, Trial
from trials.models.curated import Curated, CuratedQuerySet

from .references import Reference


class Certainty(models.TextChoices):
    HIGH = "high", _("High")
    MODERATE = "moderate", _("Moderate")
    LOW = "low", _("Low")
    VERY_LOW = "very_low", _("Very low")


class ReviewQuerySet(CuratedQuerySet):
    def for_conditions(
        self, *, related_ids: list[int], trials: models.QuerySet
    ) -> "ReviewQuerySet":
        """Published reviews of these conditions (the page's condition, its broader and narrower
        ones), or that included one of these trials; newest first, with their references."""
        matching = Q(conditions__in=related_ids) | Q(trials__in=trials.values("pk"))
        ids = self.published().filter(matching).values("pk")
        return (
            self.published()
            .filter(pk__in=ids)
            .select_related("reference")
            .order_by("-reference__year", "pk")
        )


class Review(Curated):
    reference = models.OneToOneField(
        Reference, verbose_name=_("reference"), on_delete=models.PROTECT, related_name="review"
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    short_title = models.CharField(_("short title"), max_length=200, blank=True)
    trials = models.ManyToManyField(
        Trial,
        verbose_name=_("included trials we hold"),
        blank=True,
        related_name="reviews",
        help_text=_("Kept equal to the trials its included studies are matched to."),
    )
    conditions = models.ManyToManyField(
        Condition,
        verbose_name=_("conditions studied"),
        blank=True,
        related_name="reviews",
        help_text=_(
            "The conditions of the review's population, as its abstract states them; its page "
            "is then shown on those conditions' pages (besides those of the trials it included)."
        ),
    )
    included_studies_complete = models.BooleanField(
        _("list of included studies complete"),
        default=False,
        help_text=_(
            "Tick when the included studies below are the review's whole list; leave it unticked "
            "while only part of its table has been extracted."
        ),
    )
    search_date = models.DateField(_("search date"), null=True, blank=True)
    search_date_text = models.CharField(_("search date as reported"), max_length=100, blank=True)
    studies_count = models.PositiveIntegerField(_("studies included"), null=True, blank=True)
    participants_count = models.PositiveIntegerField(
        _("participants included"), null=True, blank=True
    )
    population = models.CharField(_("population"), max_length=300, blank=True)
    interventions = models.CharField(_("interventions"), max_length=300, blank=True)
    statistical_model = models.CharField(_("statistical model"), max_length=200, blank=True)
    findings = models.TextField(_("findings in plain words"), blank=True)
    data_notes = models.TextField(_("notes on the data"), blank=True)
    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-reference__year", "pk"]

    def __str__(self) -> str:
        return self.short_title or self.reference.title


class PooledResult(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="pooled_results"
    )
    measure = models.ForeignKey(
        OutcomeMeasure,
        verbose_name=_("measure"),
        on_delete=models.PROTECT,
        related_name="pooled_results",
    )
    timepoint_weeks = models.FloatField(_("timepoint (weeks)"), null=True, blank=True)
    timepoint_label = models.CharField(_("timepoint as reported"), max_length=100, blank=True)
    effect_measure = models.CharField(_("effect measure"), max_length=3, choices=EffectMeasure)
    estimate = models.FloatField(_("estimate"), null=True, blank=True)
    ci_low = models.FloatField(_("95% CI lower"), null=True, blank=True)
    ci_high = models.FloatField(_("95% CI upper"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    i2 = models.FloatField(_("I² (%)"), null=True, blank=True)
    p_value = models.CharField(_("p-value as reported"), max_length=40, blank=True)
    studies_count = models.PositiveIntegerField(_("studies"), null=True, blank=True)
    participants_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    certainty = models.CharField(
        _("certainty (GRADE)"), max_length=10, choices=Certainty, blank=True
    )
    statement = models.CharField(_("what was reported"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("pooled result")
        verbose_name_plural = _("pooled results")
        ordering = ["review", "measure", "timepoint_weeks", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ci_low__isnull=True)
                | Q(ci_high__isnull=True)
                | Q(ci_low__lte=F("ci_high")),
                name="%(app_label)s_%(class)s_ci_ordered",
                violation_error_message=_("The lower CI limit must not be above the upper one."),
            ),
            models.CheckConstraint(
                condition=Q(i2__isnull=True) | (Q(i2__gte=0) & Q(i2__lte=100)),
                name="%(app_label)s_%(class)s_i2_percentage",
                violation_error_message=_("I² is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.effect_measure} {self.timepoint_label}"
