"""Conditions and the other vocabularies, as the API shows them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from trials.models import (
    CellSource,
    Condition,
    Country,
    Etiology,
    OutcomeMeasure,
    Route,
)

from .common import (
    DESCRIPTION,
    IS_ACTIVE,
    NAME,
    SLUG,
    described,
)

VOCABULARY_FIELDS = ("slug", "name", "description", "is_active")
VOCABULARY_DESCRIPTIONS = described(
    slug=SLUG, name=NAME, description=DESCRIPTION, is_active=IS_ACTIVE
)


class EtiologySerializer(serializers.ModelSerializer):
    class Meta:
        model = Etiology
        fields = VOCABULARY_FIELDS
        extra_kwargs = VOCABULARY_DESCRIPTIONS


class RouteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Route
        fields = VOCABULARY_FIELDS
        extra_kwargs = VOCABULARY_DESCRIPTIONS


class CellSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = CellSource
        fields = (*VOCABULARY_FIELDS, "product_kind", "intervention_class")
        extra_kwargs = {
            **VOCABULARY_DESCRIPTIONS,
            **described(
                product_kind=_(
                    "Living cells, or a cell-free product such as extracellular vesicles."
                ),
                intervention_class=_(
                    "msc (cultured mesenchymal stromal cells), msc_derived_cell_free "
                    "(vesicles, secretome) or other_cells (bone-marrow mononuclear, CD34+/CD133+, "
                    "uncultured fat-derived, unspecified); results are pooled only within one "
                    "class (filter on trials: intervention_class)."
                ),
            ),
        }


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = (*VOCABULARY_FIELDS, "code")
        extra_kwargs = {
            **VOCABULARY_DESCRIPTIONS,
            **described(code=_("ISO 3166-1 alpha-2 code, e.g. CN.")),
        }


class OutcomeMeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeMeasure
        fields = (
            *VOCABULARY_FIELDS,
            "abbreviation",
            "kind",
            "unit",
            "higher_is_better",
            "plausible_min",
            "plausible_max",
            "is_safety",
        )
        extra_kwargs = {
            **VOCABULARY_DESCRIPTIONS,
            **described(
                abbreviation=_("Short name, e.g. MELD; may be empty."),
                kind=_("Continuous, binary or time-to-event."),
                unit=_("The canonical unit values are converted to for comparison, e.g. g/L."),
                higher_is_better=_(
                    "True when a higher value is better (albumin, survival), "
                    "false when lower is better (MELD, bilirubin), null if "
                    "neither."
                ),
                plausible_min=_("Lowest plausible value in the canonical unit (for validation)."),
                plausible_max=_("Highest plausible value in the canonical unit (for validation)."),
                is_safety=_("True for a safety outcome such as serious adverse events."),
            ),
        }


class ConditionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text=_("Slug of the broader condition, or null at the top of the hierarchy."),
    )
    synonyms = serializers.SerializerMethodField(
        help_text=_(
            "Other names of the condition (e.g. NAFLD for MASLD); the trial filter "
            "'condition' also finds them."
        )
    )
    trials_count = serializers.IntegerField(
        read_only=True, help_text=_("Number of published trials tagged with this condition.")
    )

    class Meta:
        model = Condition
        fields = (*VOCABULARY_FIELDS, "parent", "synonyms", "trials_count")
        extra_kwargs = VOCABULARY_DESCRIPTIONS

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_synonyms(self, condition: Condition) -> list[str]:
        return condition.synonym_list
