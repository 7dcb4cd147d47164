"""/api/coverage/: what the site holds (counted) and the curated note on what it misses."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class CoverageGapSerializer(serializers.Serializer):
    identifier = serializers.CharField(help_text=_("The missing study's registry id."))
    reason = serializers.CharField(help_text=_("Why we do not hold it, in the request's language."))


class CoverageSerializer(serializers.Serializer):
    studies_held = serializers.IntegerField(
        help_text=_(
            "Published studies the site holds (trials, registry records, cohorts), counted."
        )
    )
    studies_with_registry_id = serializers.IntegerField(
        help_text=_("Of those, how many carry at least one trial registry id.")
    )
    reviews_held = serializers.IntegerField(help_text=_("Published systematic reviews held."))
    checked_on = serializers.DateField(
        allow_null=True,
        help_text=_("The day the set was last checked against the registries (null: not noted)."),
    )
    note = serializers.CharField(
        allow_null=True,
        help_text=_("The curators' note on what the set covers, in the request's language."),
    )
    known_missing = CoverageGapSerializer(
        many=True, help_text=_("Studies known to exist that the site does not hold, and why.")
    )
