"""A curator's GRADE rating of one of our pooled results, kept across recomputations.

A pooled result is recomputed from the trials whenever a page is built, so the rating is keyed
by what identifies it, not by a row: the condition whose page shows it (its narrower conditions
included), the outcome measure, the class of cells pooled, the timepoint window and whether the
studies are randomised trials or other controlled studies. Each domain left empty keeps the
software's suggestion (evidence/synthesis/grade.py); a value replaces it, with the reason.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from trials.models import Condition, InterventionClass, OutcomeMeasure
from trials.models.curated import Curated, CuratedQuerySet


class TimeWindow(models.TextChoices):
    """The pooling windows of evidence/synthesis/from_curated.py (a test keeps them equal)."""

    WEEKS_2 = "2 weeks", _("about 2 weeks (1–3)")
    WEEKS_4 = "4 weeks", _("about 4 weeks (3.5–6)")
    WEEKS_12 = "12 weeks", _("about 12 weeks (8–16)")
    WEEKS_24 = "24 weeks", _("about 24 weeks (18–30)")
    WEEKS_48 = "48 weeks", _("about 48 weeks (40–56)")
    YEARS_2 = "2 years", _("about 2 years (90–120 weeks)")


class DesignGroup(models.TextChoices):
    RANDOMISED = "randomised", _("Randomised trials")
    OTHER = "other", _("Other controlled studies (not known to be randomised)")


class Downgrade(models.IntegerChoices):
    NONE = 0, _("No serious concern (0)")
    SERIOUS = 1, _("Serious: down one level (−1)")
    VERY_SERIOUS = 2, _("Very serious: down two levels (−2)")


class Upgrade(models.IntegerChoices):
    NONE = 0, _("None")
    ONE = 1, _("Up one level (+1)")
    TWO = 2, _("Up two levels (+2)")


GRADE_DOMAINS = ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")
DOMAIN_HELP = _("Empty: keep the software's suggestion shown on the page.")


def _downgrade_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, choices=Downgrade, null=True, blank=True, help_text=DOMAIN_HELP
    )


def _reason_field(label: str) -> models.CharField:
    return models.CharField(label, max_length=500, blank=True)


class CertaintyRating(Curated):
    condition = models.ForeignKey(
        Condition,
        verbose_name=_("condition"),
        on_delete=models.PROTECT,
        related_name="certainty_ratings",
        help_text=_("The condition whose page shows the pooled result (narrower ones included)."),
    )
    measure = models.ForeignKey(
        OutcomeMeasure,
        verbose_name=_("outcome"),
        on_delete=models.PROTECT,
        related_name="certainty_ratings",
    )
    intervention_class = models.CharField(
        _("cells pooled"), max_length=30, choices=InterventionClass
    )
    window = models.CharField(_("time window"), max_length=20, choices=TimeWindow)
    design_group = models.CharField(
        _("studies pooled"), max_length=20, choices=DesignGroup, default=DesignGroup.RANDOMISED
    )
    risk_of_bias = _downgrade_field(_("risk of bias"))
    risk_of_bias_reason = _reason_field(_("risk of bias: reason"))
    inconsistency = _downgrade_field(_("inconsistency"))
    inconsistency_reason = _reason_field(_("inconsistency: reason"))
    indirectness = _downgrade_field(_("indirectness"))
    indirectness_reason = _reason_field(_("indirectness: reason"))
    imprecision = _downgrade_field(_("imprecision"))
    imprecision_reason = _reason_field(_("imprecision: reason"))
    publication_bias = _downgrade_field(_("publication bias"))
    publication_bias_reason = _reason_field(_("publication bias: reason"))
    upgrade = models.PositiveSmallIntegerField(
        _("upgrade"),
        choices=Upgrade,
        default=Upgrade.NONE,
        help_text=_(
            "Only for studies not known to be randomised: a large effect or a dose response."
        ),
    )
    upgrade_reason = _reason_field(_("upgrade: reason"))
    objects = CuratedQuerySet.as_manager()

    class Meta:
        verbose_name = _("certainty rating (GRADE)")
        verbose_name_plural = _("certainty ratings (GRADE)")
        ordering = ["condition", "measure", "intervention_class", "window", "design_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "measure", "intervention_class", "window", "design_group"],
                name="%(app_label)s_%(class)s_one_per_pooled_result",
                violation_error_message=_("This pooled result already has a rating."),
            ),
            models.CheckConstraint(
                condition=models.Q(upgrade=0) | models.Q(design_group=DesignGroup.OTHER),
                name="%(app_label)s_%(class)s_upgrade_only_other_studies",
                violation_error_message=_(
                    "Randomised evidence starts high and is not rated up (GRADE)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.condition} · {self.measure} · {self.get_intervention_class_display()} · "
            f"{self.window} · {self.get_design_group_display()}"
        )

    @property
    def key(self) -> tuple[int, int, str, str, bool]:
        """(condition, measure, class, window, randomised): what a pooled result is found by."""
        return (
            self.condition_id,
            self.measure_id,
            self.intervention_class,
            self.window,
            self.design_group == DesignGroup.RANDOMISED,
        )

    def domain_ratings(self) -> dict[str, tuple[int | None, str]]:
        """domain -> (levels down or None, reason in the active language)."""
        return {d: (getattr(self, d), getattr(self, f"{d}_reason")) for d in GRADE_DOMAINS}
