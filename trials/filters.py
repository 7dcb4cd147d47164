"""The filters of /trials/: every filter name is a public URL parameter (exports and API too)."""

import datetime
from collections.abc import Callable, Sequence
from typing import Any

import django_filters
from django import forms
from django.contrib.postgres.search import SearchRank
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Exists, F, Model, OuterRef, QuerySet
from django.db.models.query import EmptyQuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import page_cache
from .condition_tree import ConditionTree
from .models import (
    Arm,
    CellSource,
    Country,
    Design,
    DonorType,
    Etiology,
    InterventionClass,
    OutcomeMeasure,
    OutcomeResult,
    Phase,
    RecruitmentStatus,
    Route,
    Trial,
)
from .models.trial import search_query, title_document

MAX_QUERY_LENGTH = 200
# With more matches than this, the list ranks a bounded set by relevance (BoundedRanking).
RANKED_CANDIDATES = 500
SINGLE_VALUED = (
    "q",
    "sort",
    "start_year_min",
    "start_year_max",
    "enrollment_min",
    "has_results",
)


SORT_CHOICES = [
    ("relevance", _("Best match (with a search)")),
    ("updated", _("Last updated")),
    ("start", _("Start date, newest first")),
    ("enrollment", _("Enrollment, largest first")),
    ("title", _("Title, A to Z")),
]
SORT_ORDER = {
    "updated": (F("updated_at").desc(), F("pk").desc()),
    "start": (F("start_date").desc(nulls_last=True), F("pk").desc()),
    "enrollment": (F("enrollment").desc(nulls_last=True), F("pk").desc()),
    "title": (F("short_title").asc(), F("title").asc(), F("pk").asc()),
}


# Values are matched whatever their case: slugs and choices are stored in lower case, country
# codes in upper case (`country=cn` finds China like `CN`).
VALUE_CASE = {
    "country": str.upper,
    **{
        name: str.lower
        for name in (
            "etiology",
            "intervention_class",
            "cell_source",
            "donor_type",
            "route",
            "design",
            "phase",
            "status",
            "outcome",
            "has_results",
            "sort",
        )
    },
}
HAS_RESULTS_VALUES = {"true", "false"}


def canonical_params(data: QueryDict) -> QueryDict:
    """Only the parameters in use, in their stored case: no empty values, no default sort."""
    canonical = QueryDict(mutable=True)
    for key, values in data.lists():
        normalise = VALUE_CASE.get(key, str)
        kept = [normalise(value) for value in values if value.strip()]
        if kept:
            canonical.setlist(key, kept)
    searching = bool(canonical.get("q", "").strip())
    if canonical.get("sort") in ({"relevance"} if searching else {"updated", "relevance"}):
        del canonical["sort"]
    return canonical


def clean_params(data: QueryDict) -> tuple[QueryDict, list[str]]:
    """Strip NUL bytes, keep one value of single-valued keys, shorten a long q; say what changed."""
    cleaned = QueryDict(mutable=True)
    notices: list[str] = []
    had_nul = False
    for key, values in data.lists():
        if "\x00" in key:
            had_nul = True
            key = key.replace("\x00", "")
        kept = []
        for value in values:
            if "\x00" in value:
                had_nul = True
                value = value.replace("\x00", "")
            kept.append(value)
        if key in VALUE_CASE:
            kept = [VALUE_CASE[key](value) for value in kept]
        if key in SINGLE_VALUED and len(kept) > 1:
            notices.append(
                gettext("“%(key)s” was given more than once; only the last value was used.")
                % {"key": key}
            )
            kept = kept[-1:]
        cleaned.setlist(key, cleaned.getlist(key) + kept)
    if had_nul:
        notices.append(gettext("Characters that cannot appear in a search were removed."))
    text = cleaned.get("q", "")
    if len(text) > MAX_QUERY_LENGTH:
        cleaned["q"] = text[:MAX_QUERY_LENGTH]
        notices.append(
            gettext("Your search was shortened to its first %(count)s characters.")
            % {"count": MAX_QUERY_LENGTH}
        )
    return cleaned, notices


# Parameters of the list page that are not filters but change what it shows.
PAGE_PARAMETERS = ("page",)


def page_params(data: QueryDict) -> tuple[QueryDict, list[str]]:
    """The list's parameters as cleaned: only filters (and the page), no empty values, repeated
    values in a fixed order; with clean_params' notices. The cached page and its key use this,
    so a parameter that is not a filter (`?x=1`) shares the page and never shows in it."""
    cleaned, notices = clean_params(data)
    canonical = QueryDict(mutable=True)
    for key in [*TrialFilter.base_filters, *PAGE_PARAMETERS]:
        values = [value for value in cleaned.getlist(key) if value.strip()]
        if key == "q":
            values = [value.strip() for value in values]
        if key in PAGE_PARAMETERS:
            values = values[-1:]
        elif key not in SINGLE_VALUED:
            values = sorted(set(values))
        if values:
            canonical.setlist(key, values)
    return canonical, notices


def chosen(value: Any) -> bool:
    """Whether a multiple-choice filter has values, without running a query: a model filter
    gives an empty queryset for nothing chosen, and a queryset of the validated terms
    otherwise (bool() would fetch them; the filters only use it as a subquery)."""
    if isinstance(value, QuerySet):
        return not isinstance(value, EmptyQuerySet)
    return bool(value)


def _arm_exists(**lookups: Any) -> Exists:
    return Exists(Arm.objects.filter(trial=OuterRef("pk"), **lookups).order_by())


class TrialFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        low, high = cleaned.get("start_year_min"), cleaned.get("start_year_max")
        if low is not None and high is not None and low > high:
            message = _("The last start year must not be before the first one.")
            self.add_error("start_year_min", message)
            self.add_error("start_year_max", message)
        # The boolean field reads anything else ("maybe") as "either": say so, like other values.
        raw = self.data.get("has_results", "")
        if raw.strip() and raw not in HAS_RESULTS_VALUES:
            self.add_error(
                "has_results",
                _("“%(value)s” is not a choice here: use true (with outcome data) or false.")
                % {"value": raw[:20]},
            )
        return cleaned


class SortFilter(django_filters.ChoiceFilter):
    """The sort parameter: validated like any filter, applied by TrialFilter.filter_queryset
    after every filter (sorting by relevance needs the search's rank)."""

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        return qs


def active_terms(model: type[Model]) -> Callable[[HttpRequest | None], QuerySet]:
    """A model filter's queryset as a callable, which django-filter calls with the request when
    it builds the filter's field (once per process: TrialFilter.get_form_class). A QuerySet
    there would be deep-copied with every filter on every request (FilterSet.__init__)."""
    return lambda request: model.objects.active()


_FORM_CLASSES: dict[type, type[forms.Form]] = {}


class TrialFilter(django_filters.FilterSet):
    """Published trials filtered by the list page's facets, search and sort."""

    condition = django_filters.MultipleChoiceFilter(
        label=_("Condition"), method="filter_condition", choices=[]
    )
    etiology = django_filters.ModelMultipleChoiceFilter(
        label=_("Cause of liver disease"),
        queryset=active_terms(Etiology),
        to_field_name="slug",
        method="filter_etiology",
    )
    intervention_class = django_filters.MultipleChoiceFilter(
        label=_("Kind of cells"), choices=InterventionClass.choices, method="filter_class"
    )
    cell_source = django_filters.ModelMultipleChoiceFilter(
        label=_("Cell source"),
        queryset=active_terms(CellSource),
        to_field_name="slug",
        method="filter_cell_source",
    )
    donor_type = django_filters.MultipleChoiceFilter(
        label=_("Whose cells"), choices=DonorType.choices, method="filter_donor_type"
    )
    route = django_filters.ModelMultipleChoiceFilter(
        label=_("How the cells were given"),
        queryset=active_terms(Route),
        to_field_name="slug",
        method="filter_route",
    )
    design = django_filters.MultipleChoiceFilter(
        label=_("Design"), choices=Design.choices, field_name="design", distinct=False
    )
    phase = django_filters.MultipleChoiceFilter(
        label=_("Phase"), choices=Phase.choices, field_name="phase", distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Recruitment status"), choices=RecruitmentStatus.choices, method="filter_status"
    )
    country = django_filters.ModelMultipleChoiceFilter(
        label=_("Country"),
        queryset=active_terms(Country),
        to_field_name="code",
        method="filter_country",
    )
    start_year_min = django_filters.NumberFilter(
        label=_("Started in or after"),
        method="filter_start_year_min",
        min_value=1900,
        max_value=2100,
        decimal_places=0,
    )
    start_year_max = django_filters.NumberFilter(
        label=_("Started in or before"),
        method="filter_start_year_max",
        min_value=1900,
        max_value=2100,
        decimal_places=0,
    )
    enrollment_min = django_filters.NumberFilter(
        label=_("At least this many participants"),
        field_name="enrollment",
        lookup_expr="gte",
        min_value=0,
        max_value=1_000_000,
        decimal_places=0,
    )
    outcome = django_filters.ModelMultipleChoiceFilter(
        label=_("Reports the outcome"),
        queryset=active_terms(OutcomeMeasure),
        to_field_name="slug",
        method="filter_outcome",
    )
    has_results = django_filters.BooleanFilter(
        label=_("Outcome data recorded"), method="filter_has_results"
    )
    q = django_filters.CharFilter(
        label=_("Search words"), method="filter_q", max_length=MAX_QUERY_LENGTH
    )
    sort = SortFilter(label=_("Sort by"), choices=SORT_CHOICES, empty_label=None)

    class Meta:
        model = Trial
        form = TrialFilterForm
        fields = [
            "condition",
            "etiology",
            "intervention_class",
            "cell_source",
            "donor_type",
            "route",
            "design",
            "phase",
            "status",
            "country",
            "start_year_min",
            "start_year_max",
            "enrollment_min",
            "outcome",
            "has_results",
            "q",
            "sort",
        ]

    def __init__(
        self,
        data: QueryDict | None = None,
        queryset: QuerySet | None = None,
        *,
        condition_tree: ConditionTree | None = None,
        **kwargs: Any,
    ) -> None:
        self.notices: list[str] = []
        if data is not None:
            data, self.notices = clean_params(data)
        self.condition_tree = condition_tree or ConditionTree.load()
        if data is not None:
            self._resolve_condition_names(data)
        # Every published trial to start from (not a caller's own queryset): page_keys may
        # then read an unfiltered page through SortedPage's constant statement.
        self.starts_from_published = queryset is None
        if queryset is None:
            queryset = Trial.objects.published()
        super().__init__(data, queryset, **kwargs)
        # The conditions of this request, on this filterset's own form (Django's public forms
        # API): a filter's field may have been built earlier (say by the API schema).
        names = self.condition_tree.names()
        self.form.fields["condition"].choices = [
            (condition.slug, names[condition.pk]) for condition in self.condition_tree.conditions
        ]

    def get_form_class(self) -> type[forms.Form]:
        """The form class, built once per process and FilterSet class (django-filter's
        documented hook). django-filter builds it, with a new field for each of the 17 filters,
        on every request (about 1.5 ms); the fields hold nothing of a request (lazy labels,
        the vocabularies' querysets, cloned by each form), and each form deep-copies them."""
        form_class = _FORM_CLASSES.get(type(self))
        if form_class is None:
            form_class = _FORM_CLASSES[type(self)] = super().get_form_class()
        return form_class

    def _resolve_condition_names(self, data: QueryDict) -> None:
        """Accept a name or synonym ("NAFLD") where a condition slug is expected."""
        resolved = []
        for value in data.getlist("condition"):
            condition = self.condition_tree.lookup(value)
            if condition is not None and condition.slug != value:
                self.notices.append(
                    gettext("Showing “%(name)s” for “%(value)s”.")
                    % {"name": condition.name, "value": value}
                )
            resolved.append(condition.slug if condition is not None else value)
        if resolved:
            data.setlist("condition", resolved)

    # The filters, each an EXISTS (no join, no DISTINCT): cheap to combine and to count over.

    def filter_condition(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        tree = self.condition_tree
        ids = tree.descendant_ids(tree.by_slug[slug].pk for slug in value if slug in tree.by_slug)
        return queryset.in_conditions(ids)

    def filter_etiology(self, queryset: QuerySet, name: str, value: list[Etiology]) -> QuerySet:
        if not chosen(value):
            return queryset
        through = Trial.etiologies.through
        return queryset.filter(
            Exists(through.objects.filter(trial_id=OuterRef("pk"), etiology__in=value))
        )

    def filter_country(self, queryset: QuerySet, name: str, value: list[Country]) -> QuerySet:
        if not chosen(value):
            return queryset
        through = Trial.countries.through
        return queryset.filter(
            Exists(through.objects.filter(trial_id=OuterRef("pk"), country__in=value))
        )

    def filter_cell_source(self, queryset: QuerySet, name: str, value: list) -> QuerySet:
        return queryset.filter(_arm_exists(cell_source__in=value)) if chosen(value) else queryset

    def filter_class(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(_arm_exists(cell_source__intervention_class__in=value))

    def filter_route(self, queryset: QuerySet, name: str, value: list) -> QuerySet:
        return queryset.filter(_arm_exists(route__in=value)) if chosen(value) else queryset

    def filter_donor_type(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.filter(_arm_exists(donor_type__in=value)) if value else queryset

    def filter_status(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        # An ongoing status counts only while confirmed within two years; older ones are unknown.
        return queryset.in_current_status(value) if value else queryset

    def filter_outcome(self, queryset: QuerySet, name: str, value: list) -> QuerySet:
        if not chosen(value):
            return queryset
        results = OutcomeResult.objects.filter(trial=OuterRef("pk"), measure__in=value)
        return queryset.filter(Exists(results.order_by()))

    def filter_has_results(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.with_results(present=value)

    def filter_start_year_min(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(start_date__gte=datetime.date(int(value), 1, 1))

    def filter_start_year_max(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(start_date__lte=datetime.date(int(value), 12, 31))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Ranked full-text search; a condition's name or synonym also finds its trials."""
        text = value.strip()
        if not text:
            return queryset
        condition = self.condition_tree.lookup(text)
        if condition is None:
            return queryset.search(text)
        ids = self.condition_tree.descendant_ids([condition.pk])
        through = Trial.conditions.through
        tagged = through.objects.filter(condition_id__in=ids).order_by().values("trial_id")
        return queryset.search(text, also=[tagged])

    @property
    def sort_key(self) -> str:
        """The sort in force: the visitor's choice, else relevance with a search, else updated."""
        cleaned = self._valid_data()
        chosen = cleaned.get("sort") or ""
        searching = bool((cleaned.get("q") or "").strip())
        if chosen == "relevance" and not searching:
            chosen = ""
        return chosen or ("relevance" if searching else "updated")

    def _valid_data(self) -> dict[str, Any]:
        """The values that passed validation (an invalid field is left out, never a 500)."""
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        key = self.sort_key
        if key == "relevance":
            return queryset.order_by(F("search_rank").desc(), F("updated_at").desc(), "-pk")
        return queryset.order_by(*SORT_ORDER[key])

    def page_keys(self, count: int, bound: int | None = None) -> "Sequence[int] | QuerySet":
        """The ids of the matching trials in the sort in force, for a Paginator (count: how
        many match, already known). Sorted by relevance on PostgreSQL with more than `bound`
        (RANKED_CANDIDATES) matches: a bounded ranking (BoundedRanking); otherwise the
        filterset's own order."""
        bound = RANKED_CANDIDATES if bound is None else bound
        if self.unfiltered:
            return SortedPage(self.sort_key, count)
        keys = self.qs.values_list("pk", flat=True)
        if not self.ranks_within_bounds or count <= bound:
            return keys
        return BoundedRanking(self.qs, self._valid_data()["q"].strip(), count, bound)

    @property
    def unfiltered(self) -> bool:
        """Whether the filterset's trials are every published trial: no filter has a value
        (only the sort may). Anything not plainly empty counts as a filter (0, False)."""
        if not self.starts_from_published:
            return False
        return all(_empty(value) for name, value in self._valid_data().items() if name != "sort")

    @property
    def ranks_within_bounds(self) -> bool:
        """Whether many matches are ranked as a bounded set (page_keys): a search sorted by
        relevance on PostgreSQL (SQLite does not rank)."""
        return self.sort_key == "relevance" and connection.vendor == "postgresql"

    def queryset_without(self, excluded: str) -> QuerySet:
        """The trials every active filter except one gives, unsorted: what a facet counts over."""
        queryset = self.queryset.all()
        for name, value in self._valid_data().items():
            if name in {excluded, "sort"}:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()


def _empty(value: Any) -> bool:
    """A cleaned value that filters nothing (no value, blank text, nothing chosen)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    return isinstance(value, (list, tuple, QuerySet)) and not chosen(value)


NEWEST = (F("updated_at").desc(), F("pk").desc())


class SortedPage(Sequence):
    """The ids of every published trial in one sort (SORT_ORDER, with its tie-breaks), read
    in slices by a statement compiled by the ORM once per process, database, language and sort
    key (the title sort names the language's column), with the slice's LIMIT and OFFSET as
    parameters. Compiling Trial.objects.published().order_by(...).values_list("pk")[page] cost
    the ORM about a tenth of the unfiltered list's time on every request. One query a slice,
    through connection.cursor() (counted like any ORM query)."""

    def __init__(self, key: str, count: int) -> None:
        self.key = key
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def statement(self) -> tuple[str, tuple]:
        sql, params = page_cache.compiled_statement(
            f"trials:sorted-ids:{self.key}",
            lambda: (
                Trial.objects.published()
                .order_by(*SORT_ORDER[self.key])
                .values_list("pk", flat=True)
            ),
        )
        return f"{sql} LIMIT %s OFFSET %s", params

    def __getitem__(self, key: slice) -> list[int]:  # type: ignore[override]
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("SortedPage is read in slices")
        start, stop, _step = key.indices(self._count)
        if stop <= start:
            return []
        sql, params = self.statement()
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(sql, (*params, stop - start, start))
            return [row[0] for row in cursor.fetchall()]


class BoundedRanking(Sequence):
    """The ids of many matches (PostgreSQL), best first, ranking only a bounded set.

    Ranking every match made PostgreSQL read and rank each document for the first page
    (1.3 s of 3.5 s for a word in 100,000 trials). The candidates are the newest `bound`
    (RANKED_CANDIDATES) matches and the newest `bound` whose titles match, both read
    through indexes (trials_trial_status_updated, walked until enough rows match;
    trials_trial_title_search_gin, migration trials 0027). They come first, by ts_rank (a word
    in a title, weight A, outranks one anywhere else), then newest; the other matches follow,
    newest first. So the best matches are on the first page; every match is on exactly one
    page. A slice within the first `bound` is one query."""

    def __init__(self, matches: QuerySet, text: str, count: int, bound: int) -> None:
        self.matches = matches.order_by(*NEWEST)
        self.query = search_query(text)
        self._count = count
        self.bound = bound
        newest = self.matches.values("pk")[:bound]
        titled = (
            self.matches.alias(title_document=title_document())
            .filter(title_document=self.query)
            .values("pk")[:bound]
        )
        self.candidates = newest.union(titled)

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key: slice) -> list[int]:  # type: ignore[override]
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("BoundedRanking is read in slices")
        start, stop, _step = key.indices(self._count)
        ranked = (
            Trial.objects.filter(pk__in=self.candidates)
            .annotate(rank=SearchRank(F("search_vector"), self.query))
            .order_by(F("rank").desc(), *NEWEST)
            .values_list("pk", flat=True)
        )
        if stop <= self.bound:  # there are at least this many candidates
            return list(ranked[start:stop])
        size = Trial.objects.filter(pk__in=self.candidates).count()
        head = list(ranked[start:stop]) if start < size else []
        if stop <= size:
            return head
        rest = self.matches.exclude(pk__in=self.candidates).values_list("pk", flat=True)
        return head + list(rest[max(start - size, 0) : stop - size])
