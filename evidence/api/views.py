"""Read-only API views: only published data, paginated in a stable order, throttled, cacheable."""

import datetime
from collections.abc import Sequence

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import HttpResponseBase
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from evidence.models import PooledResult, Reference, ReferenceAuthor, Review, TrialReference
from evidence.synthesis.certainty import grade_synthesis, grading_inputs, syntheses_trial_ids
from evidence.synthesis.stored import syntheses_for_condition
from trials.condition_tree import ConditionTree
from trials.coverage import coverage_current
from trials.filters import BoundedRanking, TrialFilter
from trials.models import (
    Arm,
    CellSource,
    Condition,
    Country,
    CoverageNote,
    CurationStatus,
    Etiology,
    OutcomeMeasure,
    OutcomeResult,
    Route,
    Trial,
)

from . import serializers as api
from .base import ApiViewSet, error_responses
from .filters import (
    COUNTRY_PATTERN,
    SLUG_PATTERN,
    ApiFilterBackend,
    ReferenceFilter,
    TrialFilterBackend,
)

# Vocabularies -------------------------------------------------------------------------------


def _vocabulary_viewset(model: type, serializer: type, doc: str) -> type[ApiViewSet]:
    """A read-only endpoint over one vocabulary, ordered by name then slug."""

    class VocabularyViewSet(ApiViewSet):
        serializer_class = serializer
        queryset = model.objects.order_by("name", "slug")

    VocabularyViewSet.__name__ = f"{model.__name__}ViewSet"
    VocabularyViewSet.__qualname__ = VocabularyViewSet.__name__
    VocabularyViewSet.__doc__ = doc
    return VocabularyViewSet


EtiologyViewSet = _vocabulary_viewset(
    Etiology, api.EtiologySerializer, "Causes of liver disease (filter: etiology)."
)
CellSourceViewSet = _vocabulary_viewset(
    CellSource, api.CellSourceSerializer, "Sources of the cells given (filter: cell_source)."
)
RouteViewSet = _vocabulary_viewset(
    Route, api.RouteSerializer, "Routes of administration (filter: route)."
)
CountryViewSet = _vocabulary_viewset(
    Country, api.CountrySerializer, "Countries where trials ran (filter: country)."
)
OutcomeMeasureViewSet = _vocabulary_viewset(
    OutcomeMeasure,
    api.OutcomeMeasureSerializer,
    "Outcome measures with their canonical units (filter: outcome).",
)


class ConditionViewSet(ApiViewSet):
    """Conditions, with their broader condition and synonyms (filter: condition)."""

    serializer_class = api.ConditionSerializer

    @extend_schema(
        responses={"200": api.SynthesisSerializer(many=True), **error_responses()},
        description=_(
            "Our pooled results for the condition and its narrower conditions: one per measure "
            "and timepoint window, random effects (REML) over the published trials' per-arm data, "
            "each with its GRADE certainty (the software's suggestion, a curator's rating, the "
            "five domains and their reasons)."
        ),
    )
    @action(detail=True, url_path="pooled-results", pagination_class=None)
    def pooled_results(self, request: Request, *args: object, **kwargs: object) -> Response:
        condition = self.get_object()
        tree = ConditionTree.load()
        descendants = list(tree.descendant_ids([condition.pk]))
        syntheses = syntheses_for_condition(descendants)
        inputs = grading_inputs(syntheses_trial_ids(syntheses), condition_ids=[condition.pk])
        payload = [
            api.synthesis_payload(
                condition,
                synthesis,
                grade_synthesis(synthesis, inputs, condition_id=condition.pk)
                if synthesis.studies
                else None,
            )
            for synthesis in syntheses
        ]
        return Response(api.SynthesisSerializer(payload, many=True).data)

    def get_queryset(self) -> QuerySet:
        published = Q(trials__status=CurationStatus.PUBLISHED)
        return (
            Condition.objects.select_related("parent")
            .annotate(trials_count=Count("trials", filter=published, distinct=True))
            .order_by("name", "slug")
        )


# Trials -------------------------------------------------------------------------------------


def trials_for_api_list(queryset: QuerySet) -> QuerySet:
    """What every trial row shows, prefetched: a constant number of queries per page."""
    return (
        queryset.with_has_results()
        .with_bias_assessments()
        .prefetch_related(
            "conditions",
            "etiologies",
            "countries",
            "registry_ids",
            Prefetch("arms", queryset=Arm.objects.select_related("cell_source", "route")),
        )
    )


def trials_for_api_detail(queryset: QuerySet) -> QuerySet:
    """Everything a trial's detail shows, prefetched."""
    ordered_authors = Prefetch(
        "reference__authors", queryset=ReferenceAuthor.objects.order_by("position", "pk")
    )
    return trials_for_api_list(queryset).prefetch_related(
        Prefetch(
            "outcome_results",
            queryset=OutcomeResult.objects.select_related("measure", "reference"),
        ),
        Prefetch(
            "trial_references",
            queryset=TrialReference.objects.select_related("reference").prefetch_related(
                ordered_authors
            ),
        ),
        Prefetch(
            "reviews",
            queryset=Review.objects.published().order_by("slug"),
            to_attr="published_reviews",
        ),
    )


def with_pk_tiebreak(queryset: QuerySet) -> QuerySet:
    """The same order with the primary key last, so that pages never overlap or skip."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    names = {
        item.lstrip("-") if isinstance(item, str) else getattr(item.expression, "name", None)
        for item in ordering
        if isinstance(item, (str, OrderBy))
    }
    if names & {"pk", "id"}:
        return queryset
    return queryset.order_by(*ordering, "pk")


def _list_parameter(name: str, description: str, **kwargs: object) -> OpenApiParameter:
    return OpenApiParameter(
        name, location=OpenApiParameter.QUERY, description=description, **kwargs
    )


def _repeatable(pattern: str) -> dict:
    """A repeatable query parameter whose values have this form."""
    return {"type": "array", "items": {"type": "string", "pattern": pattern}}


SLUGS = _repeatable(SLUG_PATTERN)
TRIAL_FILTER_PARAMETERS = [
    _list_parameter(
        "condition",
        _(
            "Condition slug (see /api/conditions/); also accepts a name or synonym such as NAFLD. "
            "Includes narrower conditions. Repeat for any of several."
        ),
        type=OpenApiTypes.STR,
        many=True,
    ),
    _list_parameter(
        "etiology",
        _("Etiology slug (see /api/etiologies/); repeat for any of several."),
        type=SLUGS,
    ),
    _list_parameter(
        "cell_source",
        _("Cell source slug (see /api/cell-sources/): any arm used it. Repeatable."),
        type=SLUGS,
    ),
    _list_parameter(
        "route",
        _("Route slug (see /api/routes/): any arm used it. Repeatable."),
        type=SLUGS,
    ),
    _list_parameter(
        "country",
        _("Two-letter country code in capitals (see /api/countries/). Repeatable."),
        type=_repeatable(COUNTRY_PATTERN),
    ),
    _list_parameter(
        "outcome",
        _("Measure slug (see /api/measures/): the trial reports this outcome. Repeatable."),
        type=SLUGS,
    ),
    _list_parameter(
        "has_results",
        _("true: only trials with outcome data; false: only those without."),
        type=OpenApiTypes.BOOL,
    ),
    _list_parameter(
        "start_year_min",
        _("Started in or after this year (1900 to 2100)."),
        type={"type": "integer", "minimum": 1900, "maximum": 2100},
    ),
    _list_parameter(
        "start_year_max",
        _("Started in or before this year (1900 to 2100)."),
        type={"type": "integer", "minimum": 1900, "maximum": 2100},
    ),
    _list_parameter(
        "enrollment_min",
        _("At least this many participants enrolled."),
        type={"type": "integer", "minimum": 0, "maximum": 1_000_000},
    ),
    _list_parameter(
        "q",
        _(
            "Search words in English or Spanish, accents and case ignored (title, acronym, "
            'condition, sponsor, summary); "quoted phrase", -excluded, or. A registry id, PMID, '
            "DOI or author's family name (Shi, Shi M) finds the trials of that record. At most "
            "200 characters are used."
        ),
        type=OpenApiTypes.STR,
    ),
]


def _trial_last_modified(request: Request, slug: str, **kwargs: object) -> datetime.datetime:
    """When the published trial or one of its references last changed (one query)."""
    changed = (
        Trial.objects.published()
        .filter(slug=slug)
        .annotate(references_updated_at=Max("trial_references__reference__updated_at"))
        .values_list("updated_at", "references_updated_at")
        .first()
    )
    if changed is None:
        raise NotFound(_("No published trial has this slug."))
    return max(value for value in changed if value is not None)


class RankedTrials(Sequence):
    """A search's matching trials for a paginator, in the list page's order, with their count
    known: a slice reads its ids from the bounded ranking (trials.filters.BoundedRanking), then
    those trials with what the list prefetches; with few matches (no ranking) it is a slice of
    the trials, ranked in full."""

    def __init__(self, trials: QuerySet, count: int, ranking: BoundedRanking | None) -> None:
        self.trials = trials
        self._count = count
        self.ranking = ranking

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key: slice) -> list[Trial]:  # type: ignore[override]
        if self.ranking is None:
            return list(self.trials[key])
        ids = self.ranking[key]
        found = {trial.pk: trial for trial in self.trials.filter(pk__in=ids)}
        return [found[pk] for pk in ids]


@extend_schema_view(list=extend_schema(parameters=TRIAL_FILTER_PARAMETERS))
class TrialViewSet(ApiViewSet):
    """Published trials, filtered exactly like the site's /trials/ page."""

    filter_backends = (TrialFilterBackend,)
    filterset_class = TrialFilter

    def get_queryset(self) -> QuerySet:
        return Trial.objects.published()

    def get_serializer_class(self) -> type:
        return api.TrialDetailSerializer if self.action == "retrieve" else api.TrialListSerializer

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if self.action != "list":
            # The filters are for the list; a trial's own URL ignores them.
            return trials_for_api_detail(queryset)
        return trials_for_api_list(with_pk_tiebreak(super().filter_queryset(queryset)))

    def paginate_queryset(self, queryset: QuerySet) -> list | None:
        # A search sorted by relevance is paged like the list page: with many matches only a
        # bounded set is ranked (ranking all of 100,000 matches took seconds a page).
        filterset = getattr(self, "filterset", None)
        if self.action != "list" or filterset is None or not filterset.ranks_within_bounds:
            return super().paginate_queryset(queryset)
        count = queryset.count()
        keys = filterset.page_keys(count)
        ranking = keys if isinstance(keys, BoundedRanking) else None
        return super().paginate_queryset(RankedTrials(queryset, count, ranking))

    @method_decorator(condition(last_modified_func=_trial_last_modified))
    def retrieve(self, request: Request, *args: object, **kwargs: object) -> HttpResponseBase:
        # Django's conditional GET answers from one cheap query before the heavy prefetching.
        return super().retrieve(request, *args, **kwargs)


# References and reviews ---------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _list_parameter(
                "trial",
                _("Slug of a published trial: only the references that report it."),
                type={"type": "string", "pattern": SLUG_PATTERN},
            ),
            _list_parameter(
                "year",
                _("Year of publication, e.g. 2021."),
                type={"type": "integer", "minimum": 0, "maximum": 9999},
            ),
        ]
    )
)
class ReferenceViewSet(ApiViewSet):
    """References of published trials and published reviews, with their authors in order."""

    serializer_class = api.ReferenceDetailSerializer
    filter_backends = (ApiFilterBackend,)
    filterset_class = ReferenceFilter
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet:
        published_links = TrialReference.objects.filter(
            trial__status=CurationStatus.PUBLISHED
        ).select_related("trial")
        return (
            Reference.objects.public()
            .with_authors()
            .prefetch_related(
                Prefetch("trial_links", queryset=published_links, to_attr="published_links")
            )
            .order_by("-year", "title", "pk")
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return super().filter_queryset(queryset).distinct()


def pooled_results_prefetch() -> Prefetch:
    return Prefetch(
        "pooled_results",
        queryset=PooledResult.objects.select_related("measure").order_by(
            "measure__name", "timepoint_weeks", "pk"
        ),
    )


class ReviewViewSet(ApiViewSet):
    """Published systematic reviews with the pooled results they published."""

    serializer_class = api.ReviewSerializer

    def get_queryset(self) -> QuerySet:
        return (
            Review.objects.published()
            .select_related("reference")
            .prefetch_related(
                Prefetch(
                    "reference__authors",
                    queryset=ReferenceAuthor.objects.order_by("position", "pk"),
                ),
                Prefetch(
                    "trials",
                    queryset=Trial.objects.published().order_by("slug"),
                    to_attr="published_trials",
                ),
                pooled_results_prefetch(),
            )
            .order_by("-reference__year", "slug")
        )


# Coverage -------------------------------------------------------------------------------------


class CoverageViewSet(ApiViewSet):
    """What the site holds and what it is known to miss: counts from the published data, beside
    the curators' note (when the set was last checked against the registries, and why each
    known missing study is not held). One object, not a list."""

    pagination_class = None
    serializer_class = api.CoverageSerializer

    def get_queryset(self) -> QuerySet:
        return CoverageNote.objects.for_page()

    # "retrieve", not "list": the schema then describes one object, as the view answers.
    @extend_schema(responses={200: api.CoverageSerializer, **error_responses()})
    def retrieve(self, request: Request, *args: object, **kwargs: object) -> Response:
        coverage = coverage_current()
        note = coverage.note
        payload = {
            "studies_held": coverage.trial_count,
            "studies_with_registry_id": coverage.registered_count,
            "reviews_held": Review.objects.published().count(),
            "checked_on": note.checked_on if note else None,
            "note": note.text if note else None,
            "known_missing": [
                {"identifier": gap.identifier, "reason": gap.reason} for gap in coverage.gaps
            ],
        }
        return Response(api.CoverageSerializer(payload).data)
