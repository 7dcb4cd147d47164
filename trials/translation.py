"""Curated text kept in English and Spanish (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Arm,
    CellSource,
    Condition,
    Country,
    CoverageGap,
    CoverageNote,
    DomainJudgement,
    Etiology,
    OutcomeMeasure,
    OutcomeResult,
    RiskOfBiasAssessment,
    Route,
    SameStudyLink,
    Trial,
)


class VocabularyTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Condition)
class ConditionTranslation(TranslationOptions):
    fields = ("name", "description", "synonyms", "questions")


register([Etiology, CellSource, Route, Country])(VocabularyTranslation)


@register(OutcomeMeasure)
class OutcomeMeasureTranslation(TranslationOptions):
    fields = ("name", "description")


# Every text a visitor reads on a trial page (the official title stays in its own language).
TRIAL_TRANSLATED = (
    "short_title",
    "plain_summary",
    "safety_summary",
    "design_details",
    "condition_text",
    "enrollment_details",
    "follow_up",
    "data_notes",
)
ARM_TRANSLATED = ("label", "cell_description", "dose_text", "interval", "co_intervention")
RESULT_TRANSLATED = ("statement", "timepoint_label", "source_location")


@register(Trial)
class TrialTranslation(TranslationOptions):
    fields = TRIAL_TRANSLATED


@register(Arm)
class ArmTranslation(TranslationOptions):
    fields = ARM_TRANSLATED


@register(OutcomeResult)
class OutcomeResultTranslation(TranslationOptions):
    fields = RESULT_TRANSLATED


@register(RiskOfBiasAssessment)
class RiskOfBiasAssessmentTranslation(TranslationOptions):
    fields = ("overall_reason", "judged_by")


@register(DomainJudgement)
class DomainJudgementTranslation(TranslationOptions):
    fields = ("support",)


@register(SameStudyLink)
class SameStudyLinkTranslation(TranslationOptions):
    fields = ("reason", "kept_reason")


@register(CoverageNote)
class CoverageNoteTranslation(TranslationOptions):
    fields = ("text",)


@register(CoverageGap)
class CoverageGapTranslation(TranslationOptions):
    fields = ("reason",)
