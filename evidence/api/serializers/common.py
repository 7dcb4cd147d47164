"""Shared pieces of the API serializers: descriptions, and references to vocabulary terms."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


def described(**descriptions: str) -> dict[str, dict[str, str]]:
    """`extra_kwargs` that give each named model field its description in the schema."""
    return {name: {"help_text": text} for name, text in descriptions.items()}


# Shared descriptions, so a field means the same thing wherever it appears.
SLUG = _("Stable identifier used in URLs and in the filters of /api/trials/.")
NAME = _("Name in the language of the request (Accept-Language: en or es).")
DESCRIPTION = _("What the term means, in plain language.")
IS_ACTIVE = _("False when curators have retired the term (kept so that old links still work).")


class VocabularyRefSerializer(serializers.Serializer):
    """A term of a vocabulary as it appears inside a trial."""

    slug = serializers.SlugField(read_only=True, help_text=SLUG)
    name = serializers.CharField(read_only=True, help_text=NAME)


class CountryRefSerializer(VocabularyRefSerializer):
    code = serializers.CharField(read_only=True, help_text=_("ISO 3166-1 alpha-2 code, e.g. CN."))


class MeasureRefSerializer(VocabularyRefSerializer):
    abbreviation = serializers.CharField(
        read_only=True, help_text=_("Short name, e.g. MELD; may be empty.")
    )
    unit = serializers.CharField(
        read_only=True,
        help_text=_("The measure's canonical unit (empty for scores and counts)."),
    )
