"""Curated text kept in English and Spanish (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import CellSource, Condition, Country, Etiology, OutcomeMeasure, Route, Trial


class VocabularyTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Condition)
class ConditionTranslation(TranslationOptions):
    fields = ("name", "description", "synonyms")


register([Etiology, CellSource, Route, Country])(VocabularyTranslation)


@register(OutcomeMeasure)
class OutcomeMeasureTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Trial)
class TrialTranslation(TranslationOptions):
    fields = ("short_title", "plain_summary", "safety_summary")
