"""Curated text kept in English and Spanish (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import PooledResult, Review


@register(Review)
class ReviewTranslation(TranslationOptions):
    fields = ("findings",)


@register(PooledResult)
class PooledResultTranslation(TranslationOptions):
    fields = ("statement",)
