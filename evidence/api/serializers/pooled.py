"""Our pooled results (evidence.synthesis) as plain values for the API."""

import math

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from evidence.models import Certainty
from evidence.synthesis.from_curated import ArmData, Synthesis
from evidence.synthesis.grade import DOMAINS, Grade
from evidence.synthesis.wording import REASON_CODES, reason_codes
from trials.models import Condition, InterventionClass

from .common import MeasureRefSerializer


class FiniteFloatField(serializers.FloatField):
    """A float that is null instead of NaN or infinity (JSON has neither)."""

    def to_representation(self, value: float | None) -> float | None:
        if value is None or not math.isfinite(value):
            return None
        return float(value)


def _number(description: str) -> FiniteFloatField:
    return FiniteFloatField(read_only=True, allow_null=True, help_text=description)


class ArmNumbersSerializer(serializers.Serializer):
    participants_count = serializers.IntegerField(
        read_only=True, help_text=_("Participants analysed in the arm (or combined arms).")
    )
    mean = _number(_("Mean in the measure's canonical unit (continuous measures)."))
    sd = _number(_("Standard deviation in the canonical unit (continuous measures)."))
    events = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Participants with the event (binary).")
    )


class PooledStudySerializer(serializers.Serializer):
    trial = serializers.SlugField(read_only=True, help_text=_("Slug of the trial."))
    label = serializers.CharField(read_only=True, help_text=_("The trial's short title."))
    timepoint_weeks = _number(_("Timepoint of the result used, in weeks."))
    timepoint_label = serializers.CharField(
        read_only=True, help_text=_("The trial's own timepoint as reported, e.g. '3 months'.")
    )
    design = serializers.CharField(
        read_only=True, help_text=_("The trial's design (see /api/trials/ 'design').")
    )
    experimental = ArmNumbersSerializer(
        read_only=True, help_text=_("The treated arm (several treated arms combined).")
    )
    control = ArmNumbersSerializer(read_only=True, help_text=_("The control arm or arms."))
    effect = _number(_("The trial's effect (a mean difference, or a log risk ratio)."))
    variance = _number(_("Variance of the effect."))
    weight = _number(_("Weight in the pooled result, percent."))
    conversions = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Standard conversions applied (e.g. mean and SD from median and IQR)."),
    )
    cell_sources = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Cell sources of the treated arm."),
    )
    routes = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Routes of the treated arm.")
    )
    notes = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Notes on the comparison.")
    )


class ExcludedStudySerializer(serializers.Serializer):
    trial = serializers.CharField(read_only=True, help_text=_("Slug of the trial."))
    label = serializers.CharField(read_only=True, help_text=_("The trial's short title."))
    reason = serializers.CharField(read_only=True, help_text=_("Why it could not be pooled."))


CERTAINTY_LEVELS = Certainty.choices
DOWNGRADE_HELP = _("Levels down: 0 no serious concern, 1 serious, 2 very serious.")


class CertaintyDomainSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(
        choices=DOMAINS, read_only=True, help_text=_("The GRADE domain.")
    )
    label = serializers.CharField(read_only=True, help_text=_("The domain's name in words."))
    suggested = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("The software's suggestion, levels down (null: left to the curator)."),
    )
    suggested_reason = serializers.CharField(
        read_only=True, help_text=_("Why the software suggests it, in words.")
    )
    rated = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("A curator's published rating, levels down (null: not rated)."),
    )
    rated_reason = serializers.CharField(
        read_only=True, help_text=_("The curator's reason (empty when not rated).")
    )
    downgrade = serializers.IntegerField(read_only=True, help_text=DOWNGRADE_HELP)


class CertaintySerializer(serializers.Serializer):
    """GRADE certainty of a pooled result: the software's suggestion and a curator's rating."""

    level = serializers.ChoiceField(
        choices=CERTAINTY_LEVELS,
        read_only=True,
        help_text=_("The certainty that applies: the curator's rating, else the suggestion."),
    )
    label = serializers.CharField(read_only=True, help_text=_("The certainty in words."))
    suggested_level = serializers.ChoiceField(
        choices=CERTAINTY_LEVELS,
        read_only=True,
        help_text=_("What the software alone suggests (ratings and upgrades left out)."),
    )
    is_rated = serializers.BooleanField(
        read_only=True, help_text=_("True when a curator's published rating applies.")
    )
    start = serializers.ChoiceField(
        choices=("high", "low"),
        read_only=True,
        help_text=_("Where it starts: high for randomised trials, low for other studies."),
    )
    upgrade = serializers.IntegerField(
        read_only=True, help_text=_("Levels a curator raised it (large effect, dose response).")
    )
    upgrade_reason = serializers.CharField(read_only=True, help_text=_("Why it was raised."))
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=REASON_CODES),
        read_only=True,
        help_text=_("Why it is below high, as codes (the patient sentence says them in words)."),
    )
    domains = CertaintyDomainSerializer(
        many=True, read_only=True, help_text=_("The five GRADE domains.")
    )


def certainty_payload(grade: Grade) -> dict:
    """A Grade as plain values for CertaintySerializer."""
    return {
        "level": grade.certainty,
        "label": grade.label,
        "suggested_level": grade.suggested_certainty,
        "is_rated": grade.is_rated,
        "start": "high" if grade.start == 4 else "low",  # noqa: PLR2004 - GRADE's "high"
        "upgrade": grade.upgrade,
        "upgrade_reason": grade.upgrade_reason,
        "reasons": list(reason_codes(grade)),
        "domains": [
            {
                "domain": domain.domain,
                "label": domain.label,
                "suggested": domain.suggested,
                "suggested_reason": domain.suggested_reason,
                "rated": domain.rated,
                "rated_reason": domain.rated_reason,
                "downgrade": domain.downgrade,
            }
            for domain in grade.domains
        ],
    }


class SynthesisSerializer(serializers.Serializer):
    """A pooled result we computed from the per-arm data of published trials."""

    condition = serializers.SlugField(
        read_only=True, help_text=_("Slug of the condition (its narrower conditions included).")
    )
    measure = MeasureRefSerializer(read_only=True, help_text=_("What was pooled."))
    intervention_class = serializers.ChoiceField(
        choices=InterventionClass.choices,
        read_only=True,
        help_text=_(
            "The one kind of cells pooled: msc, msc_derived_cell_free or other_cells (never mixed)."
        ),
    )
    randomised = serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "True: randomised trials only; false: studies not known to be randomised (allocation "
            "not reported, non-randomised, matched cohorts), never mixed with them."
        ),
    )
    is_single_study = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "True when only one study was used: not a pooled result, and tau2, i2 and q are null "
            "(heterogeneity: not applicable)."
        ),
    )
    timepoint = serializers.CharField(
        read_only=True, help_text=_("The timepoint window, e.g. '12 weeks'.")
    )
    timepoint_weeks = _number(_("The window's target, in weeks."))
    window_low_weeks = _number(_("First week of the window."))
    window_high_weeks = _number(_("Last week of the window."))
    effect_measure = serializers.CharField(
        read_only=True, help_text=_("MD (mean difference) or RR (risk ratio).")
    )
    method = serializers.CharField(
        read_only=True, help_text=_("Random-effects estimator of the between-trial variance.")
    )
    estimate = _number(_("Pooled estimate (a ratio for RR)."))
    # xgettext:no-python-format
    ci_low = _number(_("Lower limit of the 95% confidence interval."))
    # xgettext:no-python-format
    ci_high = _number(_("Upper limit of the 95% confidence interval."))
    prediction_low = _number(_("Lower limit of the 95% prediction interval, or null."))
    prediction_high = _number(_("Upper limit of the 95% prediction interval, or null."))
    p_value = _number(_("p-value of the pooled effect."))
    tau2 = _number(_("Between-trial variance τ² (on the log scale for RR); null for one study."))
    i2 = _number(_("I² heterogeneity, percent; null for one study."))
    q = _number(_("Cochran's Q; null for one study."))
    studies_count = serializers.IntegerField(read_only=True, help_text=_("Trials pooled."))
    participants_count = serializers.IntegerField(
        read_only=True, help_text=_("Participants in the pooled trials.")
    )
    studies = PooledStudySerializer(
        many=True, read_only=True, help_text=_("Each trial's numbers as pooled.")
    )
    excluded = ExcludedStudySerializer(
        many=True, read_only=True, help_text=_("Trials with results that could not be pooled.")
    )
    certainty = CertaintySerializer(
        read_only=True,
        allow_null=True,
        help_text=_(
            "GRADE certainty with its five domains, the reasons and the software's suggestion; "
            "null when no study could be pooled."
        ),
    )


def _arm_numbers(arm: ArmData) -> dict:
    return {"participants_count": arm.n, "mean": arm.mean, "sd": arm.sd, "events": arm.events}


def synthesis_payload(
    condition: Condition, synthesis: Synthesis, grade: Grade | None = None
) -> dict:
    """One computed pooled result as plain values for SynthesisSerializer (with its certainty,
    when graded)."""
    pooled, summary, window = synthesis.pooled, synthesis.summary, synthesis.window
    weights = pooled.weights if pooled else ()
    # One study is not a pooled result: no heterogeneity statistics.
    heterogeneity = pooled if pooled and synthesis.k > 1 else None
    return {
        "condition": condition.slug,
        "measure": synthesis.measure,
        "intervention_class": synthesis.intervention_class,
        "randomised": synthesis.randomised,
        "is_single_study": synthesis.is_single_study,
        "timepoint": window.label,
        "timepoint_weeks": window.target,
        "window_low_weeks": window.low,
        "window_high_weeks": window.high,
        "effect_measure": synthesis.effect_measure,
        "method": pooled.method if pooled else "",
        "estimate": summary.estimate if summary else None,
        "ci_low": summary.ci_low if summary else None,
        "ci_high": summary.ci_high if summary else None,
        "prediction_low": summary.pi_low if summary else None,
        "prediction_high": summary.pi_high if summary else None,
        "p_value": pooled.p if pooled else None,
        "tau2": heterogeneity.tau2 if heterogeneity else None,
        "i2": heterogeneity.i2 if heterogeneity else None,
        "q": heterogeneity.q if heterogeneity else None,
        "certainty": certainty_payload(grade) if grade is not None else None,
        "studies_count": synthesis.k,
        "participants_count": synthesis.participants,
        "studies": [
            {
                "trial": study.slug,
                "label": study.label,
                "timepoint_weeks": study.timepoint_weeks,
                "timepoint_label": study.timepoint_label,
                "design": study.design,
                "experimental": _arm_numbers(study.experimental),
                "control": _arm_numbers(study.control),
                "effect": study.effect,
                "variance": study.variance,
                "weight": weights[index] if index < len(weights) else None,
                "conversions": [
                    *study.experimental.converted,
                    *study.control.converted,
                ],
                "cell_sources": list(study.cell_sources),
                "routes": list(study.routes),
                "notes": list(study.notes),
            }
            for index, study in enumerate(synthesis.studies)
        ],
        "excluded": [
            {"trial": exclusion.slug, "label": exclusion.label, "reason": exclusion.reason}
            for exclusion in synthesis.excluded
        ],
    }
