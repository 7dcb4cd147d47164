"""Published trials: the list row and the detail with arms, outcomes and references."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evidence.models import Reference, TrialReference
from trials.formatting import status_text
from trials.models import (
    WITHIN_GROUP_CAVEAT,
    Arm,
    DomainJudgement,
    InterventionClass,
    OutcomeResult,
    RecruitmentStatus,
    RegistryId,
    RiskOfBiasAssessment,
    Trial,
    bias_label,
)
from trials.models.freshness import current_status

from .common import (
    CountryRefSerializer,
    MeasureRefSerializer,
    VocabularyRefSerializer,
    described,
)
from .references import (
    REFERENCE_DESCRIPTIONS,
    ReferenceSerializer,
    ReferenceTrialLinkSerializer,
)


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
        read_only=True,
        allow_null=True,
        help_text=_("The reference that reported the result (one of the trial's references)."),
    )
    is_verified = serializers.BooleanField(
        read_only=True, help_text=_("True when a curator checked the number against the source.")
    )
    is_within_group = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "True for a change within one arm (before/after) or any result of a study without "
            "an untreated group (single arm, dose comparison): it cannot be credited to the cells."
        ),
    )
    within_group_caveat = serializers.SerializerMethodField(
        help_text=_("The caveat to show with a within-group result (in the request's language).")
    )

    def to_representation(self, instance: OutcomeResult) -> dict:
        """A result cites a reference only when that reference is one of its own trial's (the
        trial's links are prefetched with it): one linked to a draft only is never shown."""
        data = super().to_representation(instance)
        if instance.reference_id is not None:
            own = {link.reference_id for link in instance.trial.trial_references.all()}
            if instance.reference_id not in own:
                data["reference"] = None
        return data

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
            "is_inconsistent",
            "is_within_group",
            "within_group_caveat",
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
            is_inconsistent=_(
                "True when the source's own numbers disagree; shown as printed, never pooled."
            ),
        )

    @extend_schema_field(OpenApiTypes.STR)
    def get_within_group_caveat(self, result: OutcomeResult) -> str:
        return str(WITHIN_GROUP_CAVEAT) if result.is_within_group else ""


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
        "Design, never more than the sources say: rct, allocation_not_reported (controlled, "
        "randomisation not stated), non_randomised, matched_cohort, dose_comparison (no "
        "untreated group), single_arm, observational or case_series (filter: design)."
    ),
    phase=_("Phase (filter: phase)."),
    start_date_kind=_(
        "Whether the start date is actual or planned; empty when the source does not say."
    ),
    completion_date_kind=_(
        "Whether the completion date is actual or planned (a planned one is not a completion); "
        "empty when the source does not say."
    ),
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
    "intervention_classes",
    "cell_sources",
    "routes",
    "donor_types",
    "design",
    "phase",
    "recruitment_status",
    "reported_status",
    "status_as_of",
    "status_is_stale",
    "status_text",
    "enrollment",
    "enrollment_kind",
    "countries",
    "start_date",
    "start_date_kind",
    "start_year",
    "completion_date",
    "completion_date_kind",
    "has_results",
    "registry_ids",
    "unverified_fields",
    "risk_of_bias",
    "risk_of_bias_assessments",
    "updated_at",
    "last_reviewed_at",
)


class DomainJudgementSerializer(serializers.ModelSerializer):
    class Meta:
        model = DomainJudgement
        fields = ("domain", "judgement", "support")
        extra_kwargs = {
            "domain": {"help_text": _("The tool's domain.")},
            "judgement": {"help_text": _("The judgement, in the tool's own vocabulary.")},
            "support": {"help_text": _("A short quote from the source, or the reason.")},
        }


class RiskOfBiasSerializer(serializers.ModelSerializer):
    outcome = serializers.SlugRelatedField(
        source="measure",
        slug_field="slug",
        read_only=True,
        help_text=_("The outcome measure it holds for; null: every outcome of the trial."),
    )
    domains = DomainJudgementSerializer(
        source="ordered_domains", many=True, read_only=True, help_text=_("In the tool's order.")
    )

    class Meta:
        model = RiskOfBiasAssessment
        fields = ("outcome", "tool", "overall", "overall_reason", "judged_by", "domains")
        extra_kwargs = {
            "tool": {"help_text": _("rob2 (randomised trials) or robins_i (other studies).")},
            "overall": {"help_text": _("The overall judgement, in the tool's vocabulary.")},
            "overall_reason": {"help_text": _("Why, in plain words.")},
            "judged_by": {"help_text": _("Whose judgement it is (our curators, or a review).")},
        }


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
    intervention_classes = serializers.SerializerMethodField(
        help_text=_(
            "Kinds of cells given in any arm: msc, msc_derived_cell_free or other_cells "
            "(filter: intervention_class)."
        )
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
    recruitment_status = serializers.SerializerMethodField(
        help_text=_(
            "Recruitment status as the site shows it (filter: status): 'unknown' when an "
            "ongoing status (not yet recruiting, recruiting, enrolling by invitation, active, "
            "suspended) was not confirmed by the registry within the last two years, as "
            "ClinicalTrials.gov does; empty when none is recorded."
        )
    )
    reported_status = serializers.ChoiceField(
        source="recruitment_status",
        choices=RecruitmentStatus.choices,
        read_only=True,
        allow_blank=True,
        help_text=_("The status as the registry (or publication) last reported it."),
    )
    status_as_of = serializers.CharField(
        source="status_as_of_display",
        read_only=True,
        help_text=_(
            "When the registry last confirmed the reported status, as precise as known: YYYY, "
            "YYYY-MM or YYYY-MM-DD; empty if not recorded."
        ),
    )
    status_is_stale = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "True when the reported status is an ongoing one not confirmed within the last two "
            "years (or never dated): the site then shows it as unknown."
        ),
    )
    status_text = serializers.SerializerMethodField(
        help_text=_(
            "The status in words, in the language of the request, with its date: 'Recruiting, "
            "as of 3 March 2026' or 'Unknown — last confirmed April 2012 as “Recruiting”; check "
            "the registry'."
        )
    )
    start_date = serializers.CharField(
        source="start_display",
        read_only=True,
        help_text=_(
            "Start date as precise as reported: YYYY, YYYY-MM or YYYY-MM-DD; empty if unknown."
        ),
    )
    start_year = serializers.SerializerMethodField(
        help_text=_(
            "Year the trial started, or null when the start date is not known (filters: "
            "start_year_min, start_year_max)."
        )
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
    unverified_fields = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_(
            "Fields whose value only another review's table supports (shown as unverified on "
            "the site), e.g. countries, etiologies, follow_up, enrollment, masking; each arm "
            "lists its own (doses, route, interval...)."
        ),
    )

    risk_of_bias = serializers.SerializerMethodField(
        help_text=_(
            'The risk of bias in words: "not assessed" when no published assessment exists, '
            "else the whole-trial judgement and tool, and whether it differs for some outcomes."
        )
    )
    risk_of_bias_assessments = RiskOfBiasSerializer(
        source="bias_list",
        many=True,
        read_only=True,
        help_text=_("Published risk-of-bias assessments (empty: not assessed)."),
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

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=InterventionClass.choices))
    )
    def get_intervention_classes(self, trial: Trial) -> list[str]:
        values = [arm.cell_source.intervention_class for arm in trial.arms.all() if arm.cell_source]
        return [value for value in InterventionClass.values if value in values]

    @extend_schema_field(VocabularyRefSerializer(many=True))
    def get_routes(self, trial: Trial) -> list[dict[str, str]]:
        return _distinct_terms(arm.route for arm in trial.arms.all())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_donor_types(self, trial: Trial) -> list[str]:
        values = [arm.donor_type for arm in trial.arms.all() if arm.donor_type]
        return list(dict.fromkeys(values))

    @extend_schema_field(
        serializers.ChoiceField(choices=[("", ""), *RecruitmentStatus.choices], allow_blank=True)
    )
    def get_recruitment_status(self, trial: Trial) -> str:
        return current_status(
            trial.recruitment_status,
            trial.status_as_of,
            trial.status_as_of_precision,
            timezone.localdate(),
        )

    @extend_schema_field(OpenApiTypes.STR)
    def get_status_text(self, trial: Trial) -> str:
        return status_text(
            trial.recruitment_status,
            trial.status_as_of,
            trial.status_as_of_precision,
            today=timezone.localdate(),
        )

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_start_year(self, trial: Trial) -> int | None:
        return trial.start_date.year if trial.start_date else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_risk_of_bias(self, trial: Trial) -> str:
        whole = next((a for a in trial.bias_list if a.measure_id is None), None)
        per_outcome = any(a.measure_id is not None for a in trial.bias_list)
        if whole is None:
            return bias_label(None, None, per_outcome=per_outcome)
        return bias_label(whole.overall, whole.tool, per_outcome=per_outcome)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_results(self, trial: Trial) -> bool:
        # Annotated by the view (one EXISTS per row, no extra query).
        return bool(trial.has_results)


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
            "published_at",
            "arms",
            "outcomes",
            "references",
            "reviews",
        )

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_reviews(self, trial: Trial) -> list[str]:
        return [review.slug for review in trial.published_reviews]
