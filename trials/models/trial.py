"""The trial, its registry identifiers and the reads every page builds on."""

import datetime
import functools
import operator
import re
from collections.abc import Iterable

import numpy as np
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Count, Exists, F, Func, OuterRef, Q, Sum, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import JSONArray, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..search import (
    ENGLISH_CONFIG,
    FOLD_NAME_FUNCTION,
    SEARCHED_FIELDS,
    SPANISH_CONFIG,
    author_names_in,
    doi_in,
    folded_search_text,
    parse_query,
    pmid_in,
)
from .choices import (
    CONTROLLED_DESIGNS,
    UNCONTROLLED_DESIGNS,
    CurationStatus,
    DateKind,
    DatePrecision,
    Design,
    EnrollmentKind,
    Masking,
    Phase,
    RecruitmentStatus,
    Registry,
)
from .curated import Curated, CuratedQuerySet
from .freshness import (
    ONGOING_STATUSES,
    confirmed_since_cutoff,
    current_status_expression,
    is_status_stale,
    stale_status,
)
from .vocabularies import Condition, Country, Etiology


class JSONList(models.Aggregate):
    """A group's values as one JSON array, as text: SQLite's json_group_array, PostgreSQL's
    jsonb_agg (the order of the items is not defined)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):  # noqa: ANN001, ANN201
        return self.as_sql(
            compiler,
            connection,
            function="JSONB_AGG",
            template="%(function)s(%(distinct)s%(expressions)s)::text",
            **extra_context,
        )


class IdBytes(models.Aggregate):
    """PostgreSQL: the rows' ids as one bytea, eight bytes each, most significant first
    (int8send), in no order; NULL for no rows."""

    function = "STRING_AGG"
    template = "%(function)s(INT8SEND(%(expressions)s), ''::bytea)"
    output_field = models.BinaryField()


def _json_list(rows: models.QuerySet, item: str | Func) -> models.Subquery:
    """The outer trial's related rows as one JSON array: a scalar subquery (NULL for none)."""
    grouped = rows.order_by().values("trial_id").annotate(items=JSONList(item))
    return models.Subquery(grouped.values("items"), output_field=models.TextField())


# The trial's own fields a result row shows (trials.result_rows).
ROW_FIELDS = (
    "pk",
    "slug",
    "title",
    *(f"short_title_{code}" for code, _name in settings.LANGUAGES),
    "design",
    "phase",
    "enrollment",
    "recruitment_status",
    "status_as_of",
    "status_as_of_precision",
    "start_date",
    "start_date_kind",
    "unverified_fields",
)
# Everything a row reads (TrialQuerySet.for_rows): its fields and what for_rows annotates.
ROW_COLUMNS = (
    *ROW_FIELDS,
    "has_results",
    "bias_overall",
    "bias_tool",
    "bias_per_outcome_id",
    "condition_ids",
    "country_ids",
    "arm_rows",
)


def search_query(text: str) -> SearchQuery:
    """The text as a PostgreSQL full-text query: websearch syntax, read as English or Spanish."""
    return SearchQuery(text, config=ENGLISH_CONFIG, search_type="websearch") | SearchQuery(
        text, config=SPANISH_CONFIG, search_type="websearch"
    )


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """A partial date as it was reported: 2008, 2008-11 or 2008-11-03."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


class TrialQuerySet(CuratedQuerySet):
    def search(self, text: str, also: Iterable[models.QuerySet] = ()) -> "TrialQuerySet":
        """Free-text search, accent- and case-insensitive in English and Spanish: ranked full
        text on PostgreSQL, the folded search_text column elsewhere (words, "quoted phrases",
        -excluded, or); a registry id, PMID, DOI or author's family name ("Shi M") finds the
        trials of that record. `also`: querysets of trial ids (values("trial_id")) that match
        too, such as the trials tagged with a condition of that name."""
        text = text.strip()
        if not text:
            return self
        by_identifier = [
            RegistryId.objects.filter(identifier__iexact=text).order_by().values("trial_id"),
            *self._by_reference(text),
            *also,
        ]
        if connection.vendor == "postgresql":
            query = search_query(text)
            # One WHERE clause: the document matches, or the id is one of those the identifiers
            # name. `id = ANY(ARRAY(...))` is computed once (an InitPlan) and can use the
            # primary key, so PostgreSQL ORs two index bitmaps when few trials match, scans the
            # table once when most do, and can test each row as it walks another index (the
            # newest matches, TrialFilter.page_keys). An IN over a UNION joined the table to
            # itself; an OR with EXISTS tested every row of the table.
            named = ArraySubquery(by_identifier[0].union(*by_identifier[1:]))
            # "id = ANY(ARRAY(...))" (a lookup would wrap ANY in parentheses, which is no SQL)
            is_named = Func(
                F("pk"),
                named,
                template="%(expressions)s)",
                arg_joiner=" = ANY(",
                output_field=models.BooleanField(),
            )
            return self.filter(Q(search_vector=query) | Q(is_named)).annotate(
                search_rank=SearchRank(F("search_vector"), query)
            )
        parsed = parse_query(text)
        matches = Q(pk__in=[])
        for terms in parsed.alternatives:
            matches |= Q(*(Q(search_text__contains=term) for term in terms))
        for term in parsed.excluded:
            matches &= ~Q(search_text__contains=term)
        for found in by_identifier:
            matches |= Q(pk__in=found)
        return self.filter(matches).annotate(search_rank=models.Value(1.0))

    def ids(self) -> np.ndarray:
        """The ids of these trials, in no order, as a numpy array (what the facet bitsets are
        built from, in C). On PostgreSQL one value: the ids packed into one bytea (IdBytes),
        which numpy reads without a Python object per id. Iterating 100,000 rows through the
        translation manager took over a second; an array of them, parsed into Python ints and
        looped over, about 100 ms."""
        if connection.vendor == "postgresql":
            packed = self.order_by().aggregate(ids=IdBytes("pk"))["ids"]
            return np.frombuffer(packed or b"", dtype=">i8").astype(np.int64)
        return np.fromiter(self.order_by().values_list("pk", flat=True), dtype=np.int64)

    def _by_reference(self, text: str) -> list[models.QuerySet]:
        """Trial ids whose references have this PMID, DOI or author (only the queries the text
        can be): a reference linked to a published trial is public, so nothing is revealed."""
        links = self.model._meta.get_field("trial_references").related_model.objects.order_by()
        found = []
        if pmid := pmid_in(text):
            found.append(links.filter(reference__pmid=pmid))
        if doi := doi_in(text):
            found.append(links.alias(doi=Lower("reference__doi")).filter(doi=doi))
        if names := author_names_in(text):
            family = Func(F("reference__authors__family"), function=FOLD_NAME_FUNCTION)
            given = Func(F("reference__authors__given"), function=FOLD_NAME_FUNCTION)
            by_name = Q()
            for name in names:
                initial = Q(given__startswith=name.initial) if name.initial else Q()
                by_name |= Q(family=name.family) & initial
            found.append(links.alias(family=family, given=given).filter(by_name))
        return [queryset.values("trial_id") for queryset in found]

    def with_current_status(self, today: datetime.date | None = None) -> "TrialQuerySet":
        """Annotate current_status: the recruitment status, or "unknown" for an ongoing one the
        registry has not confirmed within two years (freshness.current_status)."""
        today = today or timezone.localdate()
        return self.annotate(current_status=current_status_expression(today))

    def in_current_status(
        self, statuses: Iterable[str], today: datetime.date | None = None
    ) -> "TrialQuerySet":
        """Trials whose current status is one of these: "recruiting" only when confirmed within
        two years, "unknown" including the stale ongoing ones (what the status filter and its
        facet count)."""
        today = today or timezone.localdate()
        statuses = set(statuses)
        ongoing = statuses & ONGOING_STATUSES
        condition = Q(recruitment_status__in=statuses - ONGOING_STATUSES)
        if ongoing:
            condition |= Q(recruitment_status__in=ongoing) & confirmed_since_cutoff(today)
        if RecruitmentStatus.UNKNOWN in statuses:
            condition |= stale_status(today)
        return self.filter(condition)

    def key_counts(self, today: datetime.date | None = None) -> dict[str, int | None]:
        """What a condition's key messages count, in one query: the trials; the people (the
        enrolment where it is recorded, and for how many trials); those with a control group and
        those without; those still running (status confirmed within two years) and those whose
        ongoing status the registry has not confirmed for two years."""
        today = today or timezone.localdate()
        running = (
            RecruitmentStatus.NOT_YET_RECRUITING,
            RecruitmentStatus.RECRUITING,
            RecruitmentStatus.ENROLLING_BY_INVITATION,
            RecruitmentStatus.ACTIVE_NOT_RECRUITING,
        )
        return self.order_by().aggregate(
            trials=Count("pk"),
            people=Sum("enrollment"),
            people_recorded=Count("enrollment"),
            controlled=Count("pk", filter=Q(design__in=CONTROLLED_DESIGNS)),
            uncontrolled=Count("pk", filter=Q(design__in=UNCONTROLLED_DESIGNS)),
            running=Count(
                "pk", filter=Q(recruitment_status__in=running) & confirmed_since_cutoff(today)
            ),
            unconfirmed=Count("pk", filter=stale_status(today)),
        )

    def refresh_search_vectors(self) -> int:
        """Recompute what search reads after a bulk write: the folded search_text of every
        trial (in batches) and, on PostgreSQL, the full-text document (one UPDATE)."""
        fields = ["pk", *SEARCHED_FIELDS]
        rows = self.order_by("pk").values_list(*fields)
        trials = [
            Trial(pk=pk, search_text=folded_search_text(list(values)))
            for pk, *values in rows.iterator()
        ]
        Trial.objects.bulk_update(trials, ["search_text"], batch_size=500)
        if connection.vendor == "postgresql":
            self.update(search_vector=search_document())
        return len(trials)

    def in_conditions(self, condition_ids: Iterable[int]) -> "TrialQuerySet":
        """Trials with any of these conditions (one EXISTS: no join, no DISTINCT).

        For a condition with its narrower ones, pass ConditionTree.descendant_ids([pk]).
        """
        through = self.model.conditions.through
        tagged = through.objects.filter(trial_id=OuterRef("pk"), condition_id__in=condition_ids)
        return self.filter(Exists(tagged))

    def _results_of_each(self) -> models.QuerySet:
        # What "has results" means, written once: an outcome result of the outer row's trial.
        result_model = self.model._meta.get_field("outcome_results").related_model
        return result_model.objects.filter(trial=OuterRef("pk")).order_by()

    def registered(self) -> "TrialQuerySet":
        """Trials with a registry id (what the coverage note counts as registered): an EXISTS."""
        registry_ids = self.model._meta.get_field("registry_ids").related_model.objects
        return self.filter(Exists(registry_ids.filter(trial=OuterRef("pk"))))

    def with_results(self, present: bool = True) -> "TrialQuerySet":
        """Trials with outcome data recorded (or, with present=False, without)."""
        exists = Exists(self._results_of_each())
        return self.filter(exists if present else ~exists)

    def with_has_results(self) -> "TrialQuerySet":
        """Annotate has_results: whether any outcome result is recorded (one EXISTS per row)."""
        return self.annotate(has_results=Exists(self._results_of_each()))

    def with_has_results_probe(self) -> "TrialQuerySet":
        """Annotate has_results for the rows shown, as a scalar subquery probed per row:
        PostgreSQL would turn an EXISTS in the select list into a hash of every result in the
        table, whatever the LIMIT."""
        first_result = models.Subquery(self._results_of_each().values("pk")[:1])
        return self.alias(first_result_id=first_result).annotate(
            has_results=models.ExpressionWrapper(
                Q(first_result_id__isnull=False), output_field=models.BooleanField()
            ),
        )

    def for_rows(self) -> "TrialQuerySet":
        """What a result row of the list shows, as plain values, related rows included: one
        query for any number of rows (trials.result_rows renders them).

        condition_ids, country_ids and arm_rows are JSON arrays (text) of the related rows:
        arm_rows as [position, pk, cell_source_id, route_id, unverified_fields]. The names of the
        terms come from the vocabularies held per data version (trials.result_rows)."""
        arm_model = self.model._meta.get_field("arms").related_model
        conditions = Trial.conditions.through.objects.filter(trial_id=OuterRef("pk"))
        countries = Trial.countries.through.objects.filter(trial_id=OuterRef("pk"))
        arms = arm_model.objects.filter(trial_id=OuterRef("pk"))
        arm_row = JSONArray("position", "pk", "cell_source_id", "route_id", "unverified_fields")
        return (
            self.with_has_results_probe()
            .with_bias_summary()
            .annotate(
                condition_ids=_json_list(conditions, "condition_id"),
                country_ids=_json_list(countries, "country_id"),
                arm_rows=_json_list(arms, arm_row),
            )
            .values(*ROW_COLUMNS)
        )

    def for_listing(self) -> "TrialQuerySet":
        """What a row of the list shows: three prefetch queries for any number of rows.

        Each trial gets plain lists (condition_list, country_list, arm_list with cell source
        and route) and has_results; lists spare a template a queryset clone per row.
        """
        arm_model = self.model._meta.get_field("arms").related_model
        return (
            self.with_has_results_probe()
            .with_bias_summary()
            .prefetch_related(
                models.Prefetch("conditions", to_attr="condition_list"),
                models.Prefetch("countries", to_attr="country_list"),
                models.Prefetch(
                    "arms",
                    queryset=arm_model.objects.select_related("cell_source", "route"),
                    to_attr="arm_list",
                ),
            )
        )

    def with_bias_summary(self) -> "TrialQuerySet":
        """Annotate bias_overall, bias_tool (the published whole-trial assessment's) and
        bias_per_outcome_id (a published outcome-specific one, if any): scalar subqueries."""
        model = self.model._meta.get_field("bias_assessments").related_model
        published = model.objects.filter(
            trial=OuterRef("pk"), status=CurationStatus.PUBLISHED
        ).order_by("pk")
        whole = published.filter(measure__isnull=True)
        return self.annotate(
            bias_overall=models.Subquery(whole.values("overall")[:1]),
            bias_tool=models.Subquery(whole.values("tool")[:1]),
            bias_per_outcome_id=models.Subquery(
                published.filter(measure__isnull=False).values("pk")[:1]
            ),
        )

    def with_bias_assessments(self) -> "TrialQuerySet":
        """Prefetch bias_list: the published risk-of-bias assessments with their measure and
        domains (two queries)."""
        model = self.model._meta.get_field("bias_assessments").related_model
        queryset = (
            model.objects.filter(status=CurationStatus.PUBLISHED)
            .select_related("measure")
            .prefetch_related("domains")
        )
        return self.prefetch_related(
            models.Prefetch("bias_assessments", queryset=queryset, to_attr="bias_list")
        )

    def for_detail(self) -> "TrialQuerySet":
        """Everything the trial page shows, references and their ordered authors included."""
        arm_model = self.model._meta.get_field("arms").related_model
        result_model = self.model._meta.get_field("outcome_results").related_model
        # Reverse relations only: trials never imports the evidence app.
        link_model = self.model._meta.get_field("trial_references").related_model
        return (
            self.with_has_results()
            .with_bias_assessments()
            .prefetch_related(
                "conditions",
                "etiologies",
                "countries",
                "registry_ids",
                models.Prefetch(
                    "arms", queryset=arm_model.objects.select_related("cell_source", "route")
                ),
                models.Prefetch(
                    "outcome_results",
                    queryset=result_model.objects.select_related(
                        "measure", "arm", "comparator_arm"
                    ),
                ),
                # evidence's TrialReferenceQuerySet.for_reading: the one reading order of a
                # trial's references, which the exports read too (a reverse relation only).
                models.Prefetch("trial_references", queryset=link_model.objects.for_reading()),
            )
        )


# Weighted so that a word in the title ranks above one in the summary; the Spanish translations
# stemmed as Spanish, so a search from /es/ finds them too.
# Both configurations fold accents before stemming (cordon finds cordón).
SEARCH_PARTS = (
    (("title",), "A", ENGLISH_CONFIG),
    (("short_title_en", "acronym"), "A", ENGLISH_CONFIG),
    (("condition_text_en", "sponsor"), "B", ENGLISH_CONFIG),
    (("plain_summary_en", "clinician_summary"), "C", ENGLISH_CONFIG),
    (("short_title_es",), "A", SPANISH_CONFIG),
    (("condition_text_es",), "B", SPANISH_CONFIG),
    (("plain_summary_es",), "C", SPANISH_CONFIG),
)


# The parts weighted A: a trial's titles and acronym. Ranking matches in these first keeps the best
# matches on the first page when the search ranks only a bounded set (TrialFilter's relevance
# order); on PostgreSQL migration trials 0027 indexes title_document() (GIN), so the trials whose
# titles match are found in the index.
TITLE_PARTS = tuple(part for part in SEARCH_PARTS if part[1] == "A")


def title_document() -> CombinedExpression:
    """The full-text document of the titles alone (unweighted): the expression that migration
    trials 0027 indexes; a query must build it the same way for the index to serve it."""
    vectors = [SearchVector(*names, config=config) for names, _weight, config in TITLE_PARTS]
    return functools.reduce(operator.add, vectors)


def search_document(trial: "Trial | None" = None) -> CombinedExpression:
    """The weighted full-text document: of the table's columns (for a bulk UPDATE), or of one
    trial's own values, which its INSERT or UPDATE can compute in the same statement."""

    def source(name: str) -> str | Value:
        if trial is None:
            return name
        return Value(trial._meta.get_field(name).value_from_object(trial) or "")

    vectors = [
        SearchVector(*map(source, names), weight=weight, config=config)
        for names, weight, config in SEARCH_PARTS
    ]
    return functools.reduce(operator.add, vectors)


# A date said to be actual or planned needs the date (a Meta constraint; clean() repeats it).
DATE_KIND_NEEDS_DATE = {
    "start_date": _(
        "Say whether the start date is actual or planned only when there is a start date."
    ),
    "completion_date": _(
        "Say whether the completion date is actual or planned only when there is a completion date."
    ),
}


class Trial(Curated):
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("The trial's address on the site.")
    )
    title = models.CharField(_("official title"), max_length=500)
    is_title_official = models.BooleanField(
        _("title is the official one"),
        default=True,
        help_text=_(
            "Untick when the official title was not captured and the title is our own "
            "description; pages then say so instead of calling it the official title."
        ),
    )
    short_title = models.CharField(
        _("short title"),
        max_length=160,
        blank=True,
        help_text=_(
            "A plain title a patient can scan, e.g. 'Umbilical-cord MSC in HBV cirrhosis'."
        ),
    )
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    design = models.CharField(_("design"), max_length=30, choices=Design, blank=True)
    design_details = models.CharField(
        _("design as reported"),
        max_length=300,
        blank=True,
        help_text=_("The authors' own words, e.g. 'open-label, 3 arms'."),
    )
    masking = models.CharField(_("masking"), max_length=20, choices=Masking, blank=True)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase, blank=True)
    recruitment_status = models.CharField(
        _("recruitment status"), max_length=30, choices=RecruitmentStatus, blank=True
    )
    status_as_of = models.DateField(
        _("status as of"),
        null=True,
        blank=True,
        help_text=_(
            "When the registry last confirmed the recruitment status: ClinicalTrials.gov's "
            "'status verified' date, or else the last-update date of the registry record we "
            "hold. An ongoing status not confirmed for two years is shown as unknown."
        ),
    )
    status_as_of_precision = models.CharField(
        _("status as of precision"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("ClinicalTrials.gov gives its 'status verified' date as a month only."),
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="trials"
    )
    conditions = models.ManyToManyField(
        Condition, verbose_name=_("conditions"), blank=True, related_name="trials"
    )
    condition_text = models.CharField(_("condition as reported"), max_length=300, blank=True)
    etiologies = models.ManyToManyField(
        Etiology, verbose_name=_("etiologies"), blank=True, related_name="trials"
    )
    sponsor = models.CharField(_("sponsor"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_date_precision = models.CharField(
        _("start date precision"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("For '2008-11' enter 2008-11-01 and choose 'Year and month'."),
    )
    start_date_kind = models.CharField(
        _("start date is"),
        max_length=10,
        choices=DateKind,
        blank=True,
        help_text=_("Actual or planned, as the source says; empty when it does not say."),
    )
    completion_date = models.DateField(_("completion date"), null=True, blank=True)
    completion_date_precision = models.CharField(
        _("completion date precision"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )
    completion_date_kind = models.CharField(
        _("completion date is"),
        max_length=10,
        choices=DateKind,
        blank=True,
        help_text=_(
            "Actual or planned, as the source says; empty when it does not say. A planned "
            "date is never shown as a completion."
        ),
    )
    enrollment = models.PositiveIntegerField(_("enrollment"), null=True, blank=True)
    enrollment_kind = models.CharField(
        _("enrollment counts"), max_length=20, choices=EnrollmentKind, blank=True
    )
    enrollment_details = models.CharField(_("enrollment as reported"), max_length=300, blank=True)
    follow_up = models.CharField(
        _("follow-up"), max_length=200, blank=True, help_text=_("e.g. '24 weeks', '75 months'.")
    )
    follow_up_weeks = models.PositiveIntegerField(_("follow-up in weeks"), null=True, blank=True)
    plain_summary = models.TextField(
        _("plain-language summary"),
        blank=True,
        help_text=_("What the trial did and found, in short plain sentences. No claims of cure."),
    )
    clinician_summary = models.TextField(_("clinician summary"), blank=True)
    safety_summary = models.TextField(_("safety summary"), blank=True)
    data_notes = models.TextField(
        _("notes on the data"),
        blank=True,
        help_text=_("Doubts and conflicts between sources, shown to readers."),
    )
    unverified_fields = models.JSONField(
        _("unverified fields"),
        default=list,
        blank=True,
        help_text=_("Names of fields that only a review's table supports (shown as unverified)."),
    )
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    last_reviewed_at = models.DateTimeField(_("last reviewed at"), null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_trials",
    )
    registry_last_updated_date = models.DateField(
        _("registry record last updated"),
        null=True,
        blank=True,
        help_text=_("Set by the ClinicalTrials.gov importer."),
    )
    registry_synced_at = models.DateTimeField(_("registry last imported at"), null=True, blank=True)
    # Indexed: lists and feeds order by the latest update (the rest is Curated's).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # Optimistic locking: every save of the trial or write to one of its rows raises it (database
    # triggers, trials.models.trial_version); a change form carries the number it was opened at
    # and is refused when the trial has moved on since.
    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    # The searched fields folded (no accents, lower case, one space between words): what
    # SQLite searches; kept on both databases by save() and refresh_search_vectors().
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = TrialQuerySet.as_manager()

    class Meta:
        verbose_name = _("trial")
        verbose_name_plural = _("trials")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(completion_date__isnull=True)
                | Q(completion_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_completion_after_start",
                violation_error_message=_("The completion date cannot be before the start date."),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}_kind": ""}) | Q(**{f"{name}__isnull": False}),
                    name=f"%(app_label)s_%(class)s_{name.split('_')[0]}_kind_needs_date",
                    violation_error_message=message,
                )
                for name, message in DATE_KIND_NEEDS_DATE.items()
            ),
        ]

    def __str__(self) -> str:
        return self.short_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("trials:detail", kwargs={"slug": self.slug})

    @property
    def start_display(self) -> str:
        return format_partial_date(self.start_date, self.start_date_precision)

    @property
    def completion_display(self) -> str:
        return format_partial_date(self.completion_date, self.completion_date_precision)

    @property
    def status_as_of_display(self) -> str:
        return format_partial_date(self.status_as_of, self.status_as_of_precision)

    @property
    def status_is_stale(self) -> bool:
        """An ongoing status not confirmed within two years (shown and counted as unknown)."""
        return is_status_stale(
            self.recruitment_status,
            self.status_as_of,
            self.status_as_of_precision,
            timezone.localdate(),
        )

    def clean(self) -> None:
        if self.start_date and self.completion_date and self.completion_date < self.start_date:
            raise ValidationError(
                {"completion_date": _("The completion date cannot be before the start date.")}
            )
        for name, message in DATE_KIND_NEEDS_DATE.items():
            if getattr(self, f"{name}_kind") and getattr(self, name) is None:
                raise ValidationError({f"{name}_kind": message})
        if self.status == CurationStatus.PUBLISHED and not self.title:
            raise ValidationError({"title": _("A published trial needs a title.")})

    def save(self, *args, **kwargs) -> None:
        if self.status == CurationStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.search_text = folded_search_text(
            [self._meta.get_field(name).value_from_object(self) for name in SEARCHED_FIELDS]
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = [*kwargs["update_fields"], "search_text"]
        if connection.vendor != "postgresql":
            super().save(*args, **kwargs)
            return
        # The full-text document is written by the same INSERT or UPDATE, from the values saved.
        self.search_vector = search_document(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = [*kwargs["update_fields"], "search_vector"]
        try:
            super().save(*args, **kwargs)
        finally:
            self.search_vector = None  # in the database now; never read back into Python


REGISTRY_PATTERNS: dict[str, tuple[str, str]] = {
    Registry.CTGOV: (r"NCT\d{8}", "NCT followed by 8 digits, e.g. NCT01220492"),
    Registry.CHICTR: (r"ChiCTR[-A-Za-z0-9]{6,20}", "ChiCTR followed by its number"),
    Registry.ISRCTN: (r"ISRCTN\d{8}", "ISRCTN followed by 8 digits"),
    Registry.EUCTR: (r"\d{4}-\d{6}-\d{2}", "a EudraCT number such as 2004-000123-45"),
    Registry.IRCT: (r"IRCT[A-Za-z0-9]{5,30}", "IRCT followed by its number"),
    Registry.UMIN: (r"UMIN\d{9}", "UMIN followed by 9 digits"),
    Registry.CTRI: (
        r"CTRI/\d{4}/\d{2,3}/\d{6}",
        "CTRI/year/month/number, e.g. CTRI/2012/04/002560",
    ),
}

REGISTRY_URLS: dict[str, str] = {
    Registry.CTGOV: "https://clinicaltrials.gov/study/{id}",
    Registry.CHICTR: "https://www.chictr.org.cn/searchprojen.html?regno={id}",
    Registry.ISRCTN: "https://www.isrctn.com/{id}",
    Registry.EUCTR: "https://www.clinicaltrialsregister.eu/ctr-search/search?query={id}",
    Registry.IRCT: "https://irct.behdasht.gov.ir/search/result?query={id}",
    Registry.UMIN: "https://center6.umin.ac.jp/cgi-open-bin/ctr_e/ctr_view.cgi?recptno={id}",
    Registry.CTRI: "https://ctri.nic.in/Clinicaltrials/advancesearchmain.php?trialno={id}",
}


class RegistryId(models.Model):
    trial = models.ForeignKey(
        Trial, verbose_name=_("trial"), on_delete=models.CASCADE, related_name="registry_ids"
    )
    registry = models.CharField(_("registry"), max_length=10, choices=Registry)
    identifier = models.CharField(_("identifier"), max_length=60)
    is_inferred = models.BooleanField(
        _("link inferred"),
        default=False,
        help_text=_("Tick when the paper does not print this id and the link rests on matching."),
    )

    class Meta:
        verbose_name = _("registry id")
        verbose_name_plural = _("registry ids")
        ordering = ["registry", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry", "identifier"],
                name="%(app_label)s_%(class)s_unique_identifier",
                violation_error_message=_("This registry id is already linked to a trial."),
            )
        ]

    def __str__(self) -> str:
        return self.identifier

    @property
    def url(self) -> str:
        template = REGISTRY_URLS.get(self.registry)
        return template.format(id=self.identifier) if template else ""

    def clean(self) -> None:
        self.identifier = self.identifier.strip()
        pattern = REGISTRY_PATTERNS.get(self.registry)
        if pattern and not re.fullmatch(pattern[0], self.identifier):
            raise ValidationError(
                {
                    "identifier": _("%(value)s is not a valid %(registry)s id: expected %(rule)s.")
                    % {
                        "value": self.identifier,
                        "registry": self.get_registry_display(),
                        "rule": pattern[1],
                    }
                }
            )
