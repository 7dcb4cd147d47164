"""Published systematic reviews with the pooled results they published."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evidence.models import PooledResult, Review

from .common import (
    MeasureRefSerializer,
    described,
)
from .references import ReferenceSerializer


class PooledResultSerializer(serializers.ModelSerializer):
    measure = MeasureRefSerializer(read_only=True, help_text=_("What was pooled."))

    class Meta:
        model = PooledResult
        fields = (
            "id",
            "measure",
            "timepoint_weeks",
            "timepoint_label",
            "effect_measure",
            "estimate",
            "ci_low",
            "ci_high",
            "unit",
            "i2",
            "p_value",
            "studies_count",
            "participants_count",
            "certainty",
            "statement",
            "note",
        )
        extra_kwargs = described(
            id=_("Identifier of the pooled result."),
            timepoint_weeks=_("Weeks after the first administration."),
            timepoint_label=_("The timepoint as reported."),
            effect_measure=_("Effect measure: MD, SMD, RR, OR, HR or RD."),
            estimate=_("Pooled estimate as published."),
            ci_low=_("Lower limit of the 95% confidence interval."),
            ci_high=_("Upper limit of the 95% confidence interval."),
            unit=_("Unit of a mean difference; empty for ratios."),
            i2=_("I² heterogeneity, percent."),
            p_value=_("The p-value as reported."),
            studies_count=_("Studies pooled."),
            participants_count=_("Participants pooled."),
            certainty=_("GRADE certainty: high, moderate, low or very_low."),
            statement=_("What was reported, in one sentence."),
            note=_("Curator's note."),
        )


class ReviewSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:review-detail", lookup_field="slug", help_text=_("This review in the API.")
    )
    reference = ReferenceSerializer(read_only=True, help_text=_("The review's publication."))
    trials = serializers.SerializerMethodField(
        help_text=_("Slugs of the included trials that we hold and have published.")
    )
    pooled_results = PooledResultSerializer(
        many=True, read_only=True, help_text=_("The pooled results as the review published them.")
    )

    class Meta:
        model = Review
        fields = (
            "slug",
            "api_url",
            "short_title",
            "reference",
            "trials",
            "search_date",
            "search_date_text",
            "studies_count",
            "participants_count",
            "population",
            "interventions",
            "statistical_model",
            "findings",
            "data_notes",
            "pooled_results",
            "updated_at",
        )
        extra_kwargs = described(
            slug=_("Stable identifier of the review."),
            short_title=_("Short title; may be empty."),
            search_date=_("Date of the review's literature search."),
            search_date_text=_("The search date as reported."),
            studies_count=_("Studies the review included."),
            participants_count=_("Participants the review included."),
            population=_("Population studied."),
            interventions=_("Interventions studied."),
            statistical_model=_("Statistical model used for pooling."),
            findings=_("The findings in plain words (in the language of the request)."),
            data_notes=_("Notes on the data."),
            updated_at=_("When the review was last changed."),
        )

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_trials(self, review: Review) -> list[str]:
        return [trial.slug for trial in review.published_trials]
