"""Facet counts for the list page: for each facet, one query over the other active filters."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .condition_tree import ConditionTree
from .filters import TrialFilter
from .models import (
    CellSource,
    Country,
    Design,
    DonorType,
    Etiology,
    OutcomeMeasure,
    Phase,
    RecruitmentStatus,
    Route,
)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]
    kind: str = "checkbox"
    is_open: bool = False
    help_text: str = ""
    selected_count: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.selected_count = sum(1 for option in self.options if option.selected)
        self.is_open = self.is_open or self.selected_count > 0


def condition_counts(
    queryset: QuerySet, tree: ConditionTree, conditions: Iterable | None = None
) -> dict[int, int]:
    """Trials per condition, descendants included: one query with a filtered count each."""
    conditions = list(tree.conditions if conditions is None else conditions)
    if not conditions:
        return {}
    aggregates = {
        f"c{condition.pk}": Count(
            "pk",
            distinct=True,
            filter=Q(conditions__in=sorted(tree.descendant_ids([condition.pk]))),
        )
        for condition in conditions
    }
    totals = queryset.order_by().aggregate(**aggregates)
    return {condition.pk: totals[f"c{condition.pk}"] or 0 for condition in conditions}


def grouped_counts(queryset: QuerySet, lookup: str, *, distinct: bool = True) -> dict:
    """Trials per value of one field or relation: one GROUP BY query."""
    rows = (
        queryset.order_by()
        .values(lookup)
        .annotate(trial_count=Count("pk", distinct=distinct))
        .values_list(lookup, "trial_count")
    )
    return {value: count for value, count in rows if value is not None}


def _selected(filterset: TrialFilter, name: str) -> set[str]:
    return set(filterset.data.getlist(name))


def _vocabulary_facet(
    filterset: TrialFilter,
    name: str,
    label: str,
    terms: Iterable,
    lookup: str,
    *,
    key: str = "slug",
    is_open: bool = False,
) -> Facet:
    counts = grouped_counts(filterset.queryset_without(name), lookup)
    selected = _selected(filterset, name)
    options = [
        FacetOption(
            value=getattr(term, key),
            label=str(term),
            count=counts.get(term.pk, 0),
            selected=getattr(term, key) in selected,
        )
        for term in terms
    ]
    return Facet(name, label, _visible(options), is_open=is_open)


def _choice_facet(
    filterset: TrialFilter, name: str, label: str, choices: list, lookup: str, *, distinct: bool
) -> Facet:
    counts = grouped_counts(filterset.queryset_without(name), lookup, distinct=distinct)
    selected = _selected(filterset, name)
    options = [
        FacetOption(
            value=value, label=str(text), count=counts.get(value, 0), selected=value in selected
        )
        for value, text in choices
    ]
    return Facet(name, label, _visible(options))


def _visible(options: list[FacetOption]) -> list[FacetOption]:
    """Options that would give trials, and any the visitor ticked (so they can untick it)."""
    return [option for option in options if option.count or option.selected]


def _condition_facet(filterset: TrialFilter) -> Facet:
    tree = filterset.condition_tree
    counts = condition_counts(filterset.queryset_without("condition"), tree)
    selected = _selected(filterset, "condition")
    options = [
        FacetOption(
            value=condition.slug,
            label=condition.name,
            count=counts.get(condition.pk, 0),
            selected=condition.slug in selected,
            depth=depth,
        )
        for condition, depth in tree.depth_first()
    ]
    return Facet("condition", str(_("Condition")), _visible(options), is_open=True)


def _has_results_facet(filterset: TrialFilter) -> Facet:
    queryset = filterset.queryset_without("has_results").with_has_results()
    counts = grouped_counts(queryset, "has_results", distinct=False)
    chosen = filterset.data.get("has_results", "")
    options = [
        FacetOption("true", str(_("With outcome data")), counts.get(True, 0), chosen == "true"),
        FacetOption("false", str(_("Not yet")), counts.get(False, 0), chosen == "false"),
    ]
    return Facet("has_results", str(_("Outcome data recorded")), options, kind="radio")


def list_facets(filterset: TrialFilter) -> list[Facet]:
    """Every facet of the list page with its counts (one query each, plus one per vocabulary)."""
    return [
        _condition_facet(filterset),
        _vocabulary_facet(
            filterset,
            "cell_source",
            str(_("Cell source")),
            CellSource.objects.active().order_by("name"),
            "arms__cell_source",
            is_open=True,
        ),
        _vocabulary_facet(
            filterset,
            "route",
            str(_("How the cells were given")),
            Route.objects.active().order_by("name"),
            "arms__route",
            is_open=True,
        ),
        _choice_facet(
            filterset,
            "donor_type",
            str(_("Whose cells")),
            DonorType.choices,
            "arms__donor_type",
            distinct=True,
        ),
        _choice_facet(
            filterset,
            "status",
            str(_("Recruitment status")),
            RecruitmentStatus.choices,
            "recruitment_status",
            distinct=False,
        ),
        _choice_facet(
            filterset, "design", str(_("Design")), Design.choices, "design", distinct=False
        ),
        _choice_facet(filterset, "phase", str(_("Phase")), Phase.choices, "phase", distinct=False),
        _vocabulary_facet(
            filterset,
            "etiology",
            str(_("Cause of liver disease")),
            Etiology.objects.active().order_by("name"),
            "etiologies",
        ),
        _vocabulary_facet(
            filterset,
            "country",
            str(_("Country")),
            Country.objects.active().order_by("name"),
            "countries",
            key="code",
        ),
        _vocabulary_facet(
            filterset,
            "outcome",
            str(_("Reports the outcome")),
            OutcomeMeasure.objects.active().order_by("name"),
            "outcome_results__measure",
        ),
        _has_results_facet(filterset),
    ]
