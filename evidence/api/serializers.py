"""What the JSON API returns: published trials, vocabularies, public references and reviews.

Field names follow the site's words (the /trials/ filters, the model fields). Every field carries a
description so that the OpenAPI schema documents it. Serializers never query: the views prefetch.
"""

import math

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evidence.models import PooledResult, Reference, ReferenceAuthor, Review, TrialReference
from trials.models import (
    Arm,
    CellSource,
    Condition,
    Country,
    Etiology,
    OutcomeMeasure,
    OutcomeResult,
    RegistryId,
    Route,
    Trial,
)


def described(**descriptions: str) -> dict[str, dict[str, str]]:
    """`extra_kwargs` that give each named model field its description in the schema."""
    return {name: {"help_text": text} for name, text in descriptions.items()}


# Shared descriptions, so a field means the same thing wherever it appears.
SLUG = _("Stable identifier used in URLs and in the filters of /api/trials/.")
NAME = _("Name in the language of the request (Accept-Language: en or es).")
DESCRIPTION = _("What the term means, in plain language.")
IS_ACTIVE = _("False when curators have retired the term (kept so that old links still work).")


# Vocabularies -------------------------------------------------------------------------------


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
        fields = (*VOCABULARY_FIELDS, "product_kind", "is_msc")
        extra_kwargs = {
            **VOCABULARY_DESCRIPTIONS,
            **described(
                product_kind=_(
                    "Living cells, or a cell-free product such as extracellular vesicles."
                ),
                is_msc=_(
                    "True for mesenchymal stromal cells; false for related cells such as "
                    "bone-marrow mononuclear cells."
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


# References ---------------------------------------------------------------------------------


class ReferenceAuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferenceAuthor
        fields = ("family", "given", "group_name")
        extra_kwargs = described(
            family=_("Family name; empty for a group author."),
            given=_("Given names or initials; may be empty."),
            group_name=_("Name of a collective author; empty for a person."),
        )


REFERENCE_DESCRIPTIONS = described(
    id=_("Stable numeric identifier of the reference."),
    kind=_("What the reference is: journal article, registry record, preprint, ..."),
    title=_("Title of the article or record."),
    short_title=_("Short title; may be empty."),
    journal=_("Full journal name."),
    journal_abbreviation=_("NLM journal abbreviation, e.g. Hepatol Int."),
    publisher=_("Publisher; for a registry record, the registry."),
    year=_("Year of publication."),
    month=_("Month of publication (1-12), or null."),
    day=_("Day of publication, or null."),
    volume=_("Volume."),
    issue=_("Issue."),
    pages=_("Pages, e.g. 1431-1441."),
    doi=_("DOI without a resolver prefix, e.g. 10.1007/s12072-021-10199-2."),
    pmid=_("PubMed identifier."),
    pmcid=_("PubMed Central identifier, e.g. PMC1234567."),
    report_number=_("For a registry record, the registry identifier (e.g. NCT01220492)."),
    issn=_("ISSN of the journal."),
    url=_("Web address of the reference."),
    abstract=_("Abstract, only where we have the right to show it; often empty."),
    language=_("Language of the publication."),
    accessed_date=_("For a web source, the date it was read."),
    publication_types=_("PubMed publication types."),
    updated_at=_("When the reference was last changed."),
)
REFERENCE_FIELDS = (
    "id",
    "api_url",
    "kind",
    "title",
    "short_title",
    "authors",
    "journal",
    "journal_abbreviation",
    "publisher",
    "year",
    "month",
    "day",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "report_number",
    "issn",
    "url",
    "abstract",
    "language",
    "accessed_date",
    "publication_types",
    "updated_at",
)


class ReferenceSerializer(serializers.ModelSerializer):
    """A public reference with its authors in order."""

    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:reference-detail", help_text=_("This reference in the API.")
    )
    authors = ReferenceAuthorSerializer(
        many=True, read_only=True, help_text=_("Authors in the order of the byline.")
    )
    publication_types = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("PubMed publication types.")
    )

    class Meta:
        model = Reference
        fields = REFERENCE_FIELDS
        extra_kwargs = REFERENCE_DESCRIPTIONS


class ReferenceTrialLinkSerializer(serializers.ModelSerializer):
    """A published trial that a reference reports, and how."""

    trial = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=_("Slug of the published trial.")
    )

    class Meta:
        model = TrialReference
        fields = ("trial", "role")
        extra_kwargs = described(
            role=_(
                "What the reference is for this trial: primary results, long-term "
                "follow-up, protocol, registry record, ..."
            )
        )


class ReferenceDetailSerializer(ReferenceSerializer):
    trials = ReferenceTrialLinkSerializer(
        source="published_links",
        many=True,
        read_only=True,
        help_text=_("The published trials this reference reports."),
    )

    class Meta(ReferenceSerializer.Meta):
        fields = (*REFERENCE_FIELDS, "trials")


# Trials -------------------------------------------------------------------------------------


class RegistryIdSerializer(serializers.ModelSerializer):
    url = serializers.CharField(
        read_only=True, help_text=_("The record's public page at the registry; may be empty.")
    )

    class Meta:
        model = RegistryId
        fields = ("registry", "identifier", "url", "is_inferred")
        extra_kwargs = described(
            registry=_("Which registry holds the record."),
            identifier=_("The record's identifier, e.g. NCT01220492."),
            is_inferred=_(
                "True when the publication does not print this id and the link rests on matching."
            ),
        )


class ArmSerializer(serializers.ModelSerializer):
    cell_source = VocabularyRefSerializer(
        read_only=True, allow_null=True, help_text=_("Cell source given in this arm, or null.")
    )
    route = VocabularyRefSerializer(
        read_only=True, allow_null=True, help_text=_("Route of administration, or null.")
    )
    unverified_fields = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Fields that only a review's table supports (not yet verified)."),
    )

    class Meta:
        model = Arm
        fields = (
            "id",
            "position",
            "label",
            "role",
            "cell_source",
            "cell_description",
            "donor_type",
            "route",
            "dose_text",
            "dose_cells_per_kg_min",
            "dose_cells_per_kg_max",
            "dose_cells_total",
            "administrations_count",
            "interval",
            "co_intervention",
            "participants_count",
            "unverified_fields",
        )
        extra_kwargs = described(
            id=_("Identifier of the arm; outcomes refer to it."),
            position=_("Order of the arm within the trial."),
            label=_("The arm's label as reported."),
            role=_("Experimental, active comparator, standard care, placebo or other."),
            cell_description=_("The cells as reported, e.g. 'pooled BM-MSC'."),
            donor_type=_("Autologous or allogeneic; empty when not given."),
            dose_text=_("Dose as reported."),
            dose_cells_per_kg_min=_("Lowest dose in cells per kg of body weight."),
            dose_cells_per_kg_max=_("Highest dose in cells per kg of body weight."),
            dose_cells_total=_("Total cells per administration."),
            administrations_count=_("Number of administrations."),
            interval=_("Interval between administrations, as reported."),
            co_intervention=_("Co-intervention, e.g. standard medical therapy."),
            participants_count=_("Participants randomised or allocated to the arm."),
        )


class ReferenceSummarySerializer(serializers.ModelSerializer):
    """Just enough of a reference to cite it beside a number."""

    class Meta:
        model = Reference
        fields = ("id", "title", "year", "doi", "pmid")
        extra_kwargs = described(
            id=_("Identifier of the reference (see /api/references/{id}/)."),
            title=REFERENCE_DESCRIPTIONS["title"]["help_text"],
            year=REFERENCE_DESCRIPTIONS["year"]["help_text"],
            doi=REFERENCE_DESCRIPTIONS["doi"]["help_text"],
            pmid=REFERENCE_DESCRIPTIONS["pmid"]["help_text"],
        )


class OutcomeResultSerializer(serializers.ModelSerializer):
    measure = MeasureRefSerializer(
        read_only=True, help_text=_("What was measured, with its canonical unit.")
    )
    arm = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_("Id of the arm (see 'arms'); null for a result about the whole trial."),
    )
    comparator_arm = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_("For a between-arm effect: id of the control arm."),
    )
    reference = ReferenceSummarySerializer(
        read_only=True, allow_null=True, help_text=_("The reference that reported the result.")
    )
    is_verified = serializers.BooleanField(
        read_only=True, help_text=_("True when a curator checked the number against the source.")
    )

    class Meta:
        model = OutcomeResult
        fields = (
            "id",
            "measure",
            "arm",
            "comparator_arm",
            "timepoint_weeks",
            "timepoint_label",
            "shape",
            "is_change_from_baseline",
            "n",
            "mean",
            "sd",
            "median",
            "q1",
            "q3",
            "spread_is_range",
            "baseline_mean",
            "baseline_sd",
            "events",
            "total",
            "percentage",
            "effect_measure",
            "effect_value",
            "ci_low",
            "ci_high",
            "p_value",
            "significance",
            "favours",
            "unit_reported",
            "value_canonical",
            "sd_canonical",
            "statement",
            "reference",
            "source_location",
            "source_kind",
            "registry_version_date",
            "is_verified",
        )
        extra_kwargs = described(
            id=_("Identifier of the result."),
            timepoint_weeks=_("Weeks after the first administration; 0 is baseline."),
            timepoint_label=_("The timepoint as reported."),
            shape=_(
                "How the result was reported: mean_sd, median_iqr, events, percentage, "
                "effect, before_after or significance; says which number fields are set."
            ),
            is_change_from_baseline=_("True when the values are changes from baseline."),
            n=_("Participants analysed."),
            mean=_("Mean, in the unit as reported."),
            sd=_("Standard deviation, in the unit as reported."),
            median=_("Median, in the unit as reported."),
            q1=_("Lower quartile (or minimum when spread_is_range)."),
            q3=_("Upper quartile (or maximum when spread_is_range)."),
            spread_is_range=_("True when q1 and q3 hold the minimum and maximum."),
            baseline_mean=_("Mean at baseline (before/after results)."),
            baseline_sd=_("Standard deviation at baseline."),
            events=_("Participants with the event."),
            total=_("Participants at risk."),
            percentage=_("Percentage, 0 to 100."),
            effect_measure=_("Effect measure of a between-arm effect: MD, SMD, RR, OR, HR, RD."),
            effect_value=_("The reported effect estimate."),
            ci_low=_("Lower limit of the 95% confidence interval."),
            ci_high=_("Upper limit of the 95% confidence interval."),
            p_value=_("The p-value as reported, e.g. '0.03' or '<0.05'."),
            significance=_("Reported as significant or not, when no number was given."),
            favours=_("Which arm the result favours, as reported."),
            unit_reported=_("The unit the source used."),
            value_canonical=_(
                "The mean, median or percentage converted to the measure's canonical unit."
            ),
            sd_canonical=_("The standard deviation converted to the canonical unit."),
            statement=_("What was reported, in one sentence."),
            source_location=_("Where in the source: table, figure or page."),
            source_kind=_(
                "The trial's own publication, registry results, or a review's table "
                "only (unverified)."
            ),
            registry_version_date=_("For registry results: the date of the registry version."),
        )


class TrialReferenceSerializer(serializers.ModelSerializer):
    reference = ReferenceSerializer(read_only=True, help_text=_("The reference."))

    class Meta:
        model = TrialReference
        fields = ("role", "reference")
        extra_kwargs = ReferenceTrialLinkSerializer.Meta.extra_kwargs


TRIAL_DESCRIPTIONS = described(
    slug=_("Stable identifier; the trial's address on the site and in the API."),
    title=_("Official title."),
    short_title=_("Plain title a patient can scan (in the language of the request)."),
    acronym=_("Acronym; may be empty."),
    design=_(
        "Design: rct, non_randomised, single_arm, observational or case_series (filter: design)."
    ),
    phase=_("Phase (filter: phase)."),
    recruitment_status=_("Recruitment status (filter: status)."),
    enrollment=_("Participants enrolled (filter: enrollment_min)."),
    enrollment_kind=_("What the enrollment counts: actual, estimated, randomised or analysed."),
    updated_at=_("When the trial was last changed."),
    last_reviewed_at=_("When a curator last reviewed the whole record."),
    design_details=_("The design in the authors' own words."),
    masking=_("Masking (blinding)."),
    condition_text=_("The condition as reported."),
    sponsor=_("Sponsor."),
    enrollment_details=_("Enrollment as reported."),
    follow_up=_("Follow-up as reported, e.g. '24 weeks'."),
    follow_up_weeks=_("Follow-up in weeks."),
    plain_summary=_("What the trial did and found, in plain language."),
    clinician_summary=_("Summary for clinicians."),
    safety_summary=_("What was reported about safety."),
    data_notes=_("Doubts and conflicts between sources."),
    published_at=_("When the trial was first published on the site."),
)
TRIAL_LIST_FIELDS = (
    "slug",
    "api_url",
    "site_url",
    "title",
    "short_title",
    "acronym",
    "conditions",
    "etiologies",
    "cell_sources",
    "routes",
    "donor_types",
    "design",
    "phase",
    "recruitment_status",
    "enrollment",
    "enrollment_kind",
    "countries",
    "start_date",
    "start_year",
    "completion_date",
    "has_results",
    "registry_ids",
    "updated_at",
    "last_reviewed_at",
)


class TrialListSerializer(serializers.ModelSerializer):
    """A row of the trial list: what a reader scans for."""

    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:trial-detail",
        lookup_field="slug",
        help_text=_("This trial in the API, with arms, outcomes and references."),
    )
    site_url = serializers.SerializerMethodField(help_text=_("The trial's page on the site."))
    conditions = VocabularyRefSerializer(
        many=True, read_only=True, help_text=_("Conditions studied (filter: condition).")
    )
    etiologies = VocabularyRefSerializer(
        many=True,
        read_only=True,
        help_text=_("Causes of liver disease studied (filter: etiology)."),
    )
    countries = CountryRefSerializer(
        many=True, read_only=True, help_text=_("Countries where it ran (filter: country).")
    )
    cell_sources = serializers.SerializerMethodField(
        help_text=_("Cell sources given in any arm, in arm order (filter: cell_source).")
    )
    routes = serializers.SerializerMethodField(
        help_text=_("Routes of administration in any arm, in arm order (filter: route).")
    )
    donor_types = serializers.SerializerMethodField(
        help_text=_("Donor types in any arm: autologous, allogeneic (filter: donor_type).")
    )
    start_date = serializers.CharField(
        source="start_display",
        read_only=True,
        help_text=_(
            "Start date as precise as reported: YYYY, YYYY-MM or YYYY-MM-DD; empty if unknown."
        ),
    )
    start_year = serializers.SerializerMethodField(
        help_text=_("Year the trial started (filters: start_year_min, start_year_max).")
    )
    completion_date = serializers.CharField(
        source="completion_display",
        read_only=True,
        help_text=_(
            "Completion date as precise as reported: YYYY, YYYY-MM or YYYY-MM-DD; empty if unknown."
        ),
    )
    has_results = serializers.SerializerMethodField(
        help_text=_("True when outcome data is recorded for the trial (filter: has_results).")
    )
    registry_ids = RegistryIdSerializer(
        many=True, read_only=True, help_text=_("Registry records of the trial.")
    )

    class Meta:
        model = Trial
        fields = TRIAL_LIST_FIELDS
        extra_kwargs = TRIAL_DESCRIPTIONS

    @extend_schema_field(OpenApiTypes.URI)
    def get_site_url(self, trial: Trial) -> str:
        request = self.context.get("request")
        path = trial.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(VocabularyRefSerializer(many=True))
    def get_cell_sources(self, trial: Trial) -> list[dict[str, str]]:
        return _distinct_terms(arm.cell_source for arm in trial.arms.all())

    @extend_schema_field(VocabularyRefSerializer(many=True))
    def get_routes(self, trial: Trial) -> list[dict[str, str]]:
        return _distinct_terms(arm.route for arm in trial.arms.all())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_donor_types(self, trial: Trial) -> list[str]:
        values = [arm.donor_type for arm in trial.arms.all() if arm.donor_type]
        return list(dict.fromkeys(values))

    @extend_schema_field(OpenApiTypes.INT)
    def get_start_year(self, trial: Trial) -> int | None:
        return trial.start_date.year if trial.start_date else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_results(self, trial: Trial) -> bool:
        # Annotated by the view (one EXISTS per row, no extra query).
        return bool(trial.api_has_results)


def _distinct_terms(terms: object) -> list[dict[str, str]]:
    """Vocabulary terms once each, in first-seen order, skipping empty ones."""
    seen: dict[str, dict[str, str]] = {}
    for term in terms:
        if term is not None and term.slug not in seen:
            seen[term.slug] = {"slug": term.slug, "name": term.name}
    return list(seen.values())


class TrialDetailSerializer(TrialListSerializer):
    """One trial with everything the site's trial page shows."""

    arms = ArmSerializer(many=True, read_only=True, help_text=_("Arms in order."))
    outcomes = OutcomeResultSerializer(
        source="outcome_results",
        many=True,
        read_only=True,
        help_text=_(
            "Outcome results per measure, timepoint and arm, with units and the "
            "reference each came from."
        ),
    )
    references = TrialReferenceSerializer(
        source="trial_references",
        many=True,
        read_only=True,
        help_text=_("Publications and registry records of the trial, with their role."),
    )
    reviews = serializers.SerializerMethodField(
        help_text=_("Slugs of the published systematic reviews that include the trial.")
    )
    unverified_fields = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Fields that only a review's table supports (not yet verified)."),
    )

    class Meta(TrialListSerializer.Meta):
        fields = (
            *TRIAL_LIST_FIELDS,
            "design_details",
            "masking",
            "condition_text",
            "sponsor",
            "enrollment_details",
            "follow_up",
            "follow_up_weeks",
            "plain_summary",
            "clinician_summary",
            "safety_summary",
            "data_notes",
            "unverified_fields",
            "published_at",
            "arms",
            "outcomes",
            "references",
            "reviews",
        )

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_reviews(self, trial: Trial) -> list[str]:
        return [review.slug for review in trial.published_reviews]


# Reviews ------------------------------------------------------------------------------------


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


# Our pooled results ---------------------------------------------------------------------------


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
    experimental = ArmNumbersSerializer(
        read_only=True, help_text=_("The MSC arm (several MSC arms combined).")
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
        child=serializers.CharField(), read_only=True, help_text=_("Cell sources of the MSC arm.")
    )
    routes = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Routes of the MSC arm.")
    )
    notes = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Notes on the comparison.")
    )


class ExcludedStudySerializer(serializers.Serializer):
    trial = serializers.CharField(read_only=True, help_text=_("Slug of the trial."))
    label = serializers.CharField(read_only=True, help_text=_("The trial's short title."))
    reason = serializers.CharField(read_only=True, help_text=_("Why it could not be pooled."))


class SynthesisSerializer(serializers.Serializer):
    """A pooled result we computed from the per-arm data of published trials."""

    condition = serializers.SlugField(
        read_only=True, help_text=_("Slug of the condition (its narrower conditions included).")
    )
    measure = MeasureRefSerializer(read_only=True, help_text=_("What was pooled."))
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
    ci_low = _number(_("Lower limit of the 95% confidence interval."))
    ci_high = _number(_("Upper limit of the 95% confidence interval."))
    prediction_low = _number(_("Lower limit of the 95% prediction interval, or null."))
    prediction_high = _number(_("Upper limit of the 95% prediction interval, or null."))
    p_value = _number(_("p-value of the pooled effect."))
    tau2 = _number(_("Between-trial variance τ² (on the log scale for RR)."))
    i2 = _number(_("I² heterogeneity, percent."))
    q = _number(_("Cochran's Q."))
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
