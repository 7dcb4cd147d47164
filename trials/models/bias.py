"""Risk of bias of a trial (or of one of its outcomes), judged with the Cochrane tools.

RoB 2 for randomised trials (Sterne et al., BMJ 2019;366:l4898), ROBINS-I for non-randomised
studies (Sterne et al., BMJ 2016;355:i4919). Each domain gets a judgement in the tool's own
vocabulary and a short support (a quote or a reason); the overall judgement is the curator's.
Nothing here is inferred: a trial without a published assessment is "not assessed".
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import CurationStatus, Design
from .curated import Curated
from .trial import Trial
from .vocabularies import OutcomeMeasure


class BiasTool(models.TextChoices):
    ROB2 = "rob2", _("RoB 2 (randomised trials)")
    ROBINS_I = "robins_i", _("ROBINS-I (non-randomised studies)")


class BiasJudgement(models.TextChoices):
    """Both tools' words: RoB 2 uses the first three, ROBINS-I low and the last four."""

    LOW = "low", _("Low risk of bias")
    SOME_CONCERNS = "some_concerns", _("Some concerns")
    HIGH = "high", _("High risk of bias")
    MODERATE = "moderate", _("Moderate risk of bias")
    SERIOUS = "serious", _("Serious risk of bias")
    CRITICAL = "critical", _("Critical risk of bias")
    NO_INFORMATION = "no_information", _("No information")


class BiasDomain(models.TextChoices):
    """The domains of both tools; four are shared, in their ROBINS-I wording where it differs."""

    RANDOMISATION = "randomisation", _("Bias arising from the randomisation process")
    CONFOUNDING = "confounding", _("Bias due to confounding")
    SELECTION = "selection", _("Bias in selection of participants into the study")
    CLASSIFICATION = "classification", _("Bias in classification of interventions")
    DEVIATIONS = "deviations", _("Bias due to deviations from intended interventions")
    MISSING_DATA = "missing_data", _("Bias due to missing outcome data")
    MEASUREMENT = "measurement", _("Bias in measurement of the outcome")
    REPORTING = "reporting", _("Bias in selection of the reported result")


TOOL_DOMAINS = {
    BiasTool.ROB2: (
        BiasDomain.RANDOMISATION,
        BiasDomain.DEVIATIONS,
        BiasDomain.MISSING_DATA,
        BiasDomain.MEASUREMENT,
        BiasDomain.REPORTING,
    ),
    BiasTool.ROBINS_I: (
        BiasDomain.CONFOUNDING,
        BiasDomain.SELECTION,
        BiasDomain.CLASSIFICATION,
        BiasDomain.DEVIATIONS,
        BiasDomain.MISSING_DATA,
        BiasDomain.MEASUREMENT,
        BiasDomain.REPORTING,
    ),
}
TOOL_JUDGEMENTS = {
    BiasTool.ROB2: (BiasJudgement.LOW, BiasJudgement.SOME_CONCERNS, BiasJudgement.HIGH),
    BiasTool.ROBINS_I: (
        BiasJudgement.LOW,
        BiasJudgement.MODERATE,
        BiasJudgement.SERIOUS,
        BiasJudgement.CRITICAL,
        BiasJudgement.NO_INFORMATION,
    ),
}
# How far each judgement is from "low", on GRADE's scale of concern: 0 no concern, 1 serious,
# 2 very serious, None unknown (used by the certainty suggestion; GRADE handbook 5.2.1).
JUDGEMENT_CONCERN = {
    BiasJudgement.LOW: 0,
    BiasJudgement.SOME_CONCERNS: 1,
    BiasJudgement.MODERATE: 1,
    BiasJudgement.HIGH: 2,
    BiasJudgement.SERIOUS: 2,
    BiasJudgement.CRITICAL: 2,
    BiasJudgement.NO_INFORMATION: None,
}


def tool_for_design(design: str) -> str:
    """The tool a design is assessed with: RoB 2 for randomised trials, else ROBINS-I."""
    return BiasTool.ROB2 if design == Design.RCT else BiasTool.ROBINS_I


class RiskOfBiasQuerySet(models.QuerySet):
    def published(self) -> "RiskOfBiasQuerySet":
        """Assessments the public may see: published, of a published trial."""
        return self.filter(status=CurationStatus.PUBLISHED, trial__status=CurationStatus.PUBLISHED)


class RiskOfBiasAssessment(Curated):
    trial = models.ForeignKey(
        Trial,
        verbose_name=_("trial"),
        on_delete=models.CASCADE,
        related_name="bias_assessments",
    )
    measure = models.ForeignKey(
        OutcomeMeasure,
        verbose_name=_("outcome"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bias_assessments",
        help_text=_(
            "Empty when the judgement holds for every outcome of the trial; choose an outcome "
            "when its risk differs (for example a subjective outcome in an unblinded trial)."
        ),
    )
    tool = models.CharField(
        _("tool"),
        max_length=10,
        choices=BiasTool,
        help_text=_("RoB 2 for randomised trials, ROBINS-I for every other controlled study."),
    )
    overall = models.CharField(_("overall judgement"), max_length=20, choices=BiasJudgement)
    overall_reason = models.TextField(
        _("reason for the overall judgement"),
        blank=True,
        help_text=_("One or two plain sentences: which domains drive it."),
    )
    judged_by = models.CharField(
        _("whose judgement"),
        max_length=300,
        help_text=_(
            "Who made this judgement: “curators of this site”, or the review and table it is "
            "quoted from (for example “Smith 2020 review, Figure 2”)."
        ),
    )
    objects = RiskOfBiasQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk-of-bias assessment")
        verbose_name_plural = _("risk-of-bias assessments")
        ordering = ["trial", "measure__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trial"],
                condition=Q(measure__isnull=True),
                name="%(app_label)s_%(class)s_one_whole_trial",
                violation_error_message=_(
                    "This trial already has an assessment for all its outcomes."
                ),
            ),
            models.UniqueConstraint(
                fields=["trial", "measure"],
                name="%(app_label)s_%(class)s_one_per_outcome",
                violation_error_message=_("This trial already has an assessment for this outcome."),
            ),
        ]

    def __str__(self) -> str:
        scope = self.measure.name if self.measure_id else _("all outcomes")
        return f"{self.trial} ({scope}): {self.get_overall_display()}"

    def clean(self) -> None:
        errors = {}
        if self.overall and self.tool and self.overall not in TOOL_JUDGEMENTS[self.tool]:
            errors["overall"] = _("This judgement is not one of the chosen tool's.")
        if self.tool and self.trial_id and self.tool != tool_for_design(self.trial.design):
            errors["tool"] = _(
                "RoB 2 is for randomised trials and ROBINS-I for every other controlled study; "
                "this trial's design calls for the other tool."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def ordered_domains(self) -> list["DomainJudgement"]:
        """The domains in the tool's order (prefetched rows, no query)."""
        order = {domain: index for index, domain in enumerate(TOOL_DOMAINS[self.tool])}
        return sorted(self.domains.all(), key=lambda row: order.get(row.domain, 99))


class DomainJudgement(models.Model):
    assessment = models.ForeignKey(
        RiskOfBiasAssessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    domain = models.CharField(_("domain"), max_length=20, choices=BiasDomain)
    judgement = models.CharField(_("judgement"), max_length=20, choices=BiasJudgement)
    support = models.CharField(
        _("support for judgement"),
        max_length=500,
        help_text=_("A short quote from the source, or the reason in plain words."),
    )

    class Meta:
        verbose_name = _("domain judgement")
        verbose_name_plural = _("domain judgements")
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"],
                name="%(app_label)s_%(class)s_one_per_domain",
                violation_error_message=_("Each domain is judged once."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_judgement_display()}"

    def clean(self) -> None:
        if not self.assessment_id:
            return
        tool = self.assessment.tool
        errors = {}
        if self.domain and self.domain not in TOOL_DOMAINS.get(tool, ()):
            errors["domain"] = _("This domain is not one of the chosen tool's.")
        if self.judgement and self.judgement not in TOOL_JUDGEMENTS.get(tool, ()):
            errors["judgement"] = _("This judgement is not one of the chosen tool's.")
        if errors:
            raise ValidationError(errors)


def bias_label(overall: str | None, tool: str | None, *, per_outcome: bool) -> str:
    """What a list row says: 'not assessed', 'High risk of bias (RoB 2)', and whether the
    judgement differs for some outcomes (from Trial.objects.for_listing()'s annotations)."""
    if not overall:
        if per_outcome:
            return str(_("assessed for some outcomes only (see the trial page)"))
        return str(NOT_ASSESSED)
    text = _("%(judgement)s (%(tool)s)") % {
        "judgement": BiasJudgement(overall).label,
        "tool": TOOL_SHORT.get(tool, ""),
    }
    if per_outcome:
        text = _("%(text)s; differs for some outcomes") % {"text": text}
    return str(text)


NOT_ASSESSED = _("not assessed")
TOOL_SHORT = {BiasTool.ROB2: "RoB 2", BiasTool.ROBINS_I: "ROBINS-I"}
