"""Curated text kept in English and Spanish (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import GRADE_DOMAINS, CertaintyRating, Claim, IncludedStudy, PooledResult, Review

REVIEW_TRANSLATED = (
    "short_title",
    "findings",
    "statistical_model",
    "population",
    "interventions",
    "data_notes",
)
POOLED_TRANSLATED = ("statement", "note", "timepoint_label")


@register(Review)
class ReviewTranslation(TranslationOptions):
    fields = REVIEW_TRANSLATED


@register(PooledResult)
class PooledResultTranslation(TranslationOptions):
    fields = POOLED_TRANSLATED


@register(IncludedStudy)
class IncludedStudyTranslation(TranslationOptions):
    fields = ("match_basis", "note")


@register(CertaintyRating)
class CertaintyRatingTranslation(TranslationOptions):
    fields = (*(f"{domain}_reason" for domain in GRADE_DOMAINS), "upgrade_reason")


@register(Claim)
class ClaimTranslation(TranslationOptions):
    fields = ("text", "reason")
