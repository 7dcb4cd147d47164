"""Facet counts for the list page: for each facet, one query over the other active filters."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .condition_tree import ConditionTree
from .filters import TrialFilter
from .models import (
    CellSource,
    Country,
    Design,
    DonorType,
    Etiology,
    InterventionClass,
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


# Facets counted with one GROUP BY each: URL parameter -> (lookup, whether it can repeat a trial).
GROUPED_FACETS = {
    "intervention_class": ("arms__cell_source__intervention_class", True),
    "cell_source": ("arms__cell_source", True),
    "route": ("arms__route", True),
    "donor_type": ("arms__donor_type", True),
    "design": ("design", False),
    "phase": ("phase", False),
    "etiology": ("etiologies", True),
    "country": ("countries", True),
    "outcome": ("outcome_results__measure", True),
}
STATUS_FACET_HELP = _(
    "A status counts as current only if the registry confirmed it within the last two years; "
    "older ones count as unknown."
)


def facet_counts(filterset: TrialFilter) -> dict[str, dict]:
    """Trials per option of every facet, each over the other active filters: one query each."""
    counts = {
        name: grouped_counts(filterset.queryset_without(name), lookup, distinct=distinct)
        for name, (lookup, distinct) in GROUPED_FACETS.items()
    }
    # The status as shown: an ongoing status not confirmed within two years counts as unknown.
    current = filterset.queryset_without("status").with_current_status()
    counts["status"] = grouped_counts(current, "current_status", distinct=False)
    counts["condition"] = condition_counts(
        filterset.queryset_without("condition"), filterset.condition_tree
    )
    with_results = filterset.queryset_without("has_results").with_has_results()
    counts["has_results"] = grouped_counts(with_results, "has_results", distinct=False)
    return counts


def _options(
    filterset: TrialFilter, name: str, counts: dict, items: Iterable[tuple[Any, str, Any]]
) -> list[FacetOption]:
    """(count key, label, URL value) triples to the options worth showing."""
    selected = _selected(filterset, name)
    options = [
        FacetOption(
            value=str(value),
            label=str(label),
            count=counts.get(key, 0),
            selected=str(value) in selected,
        )  # fmt: skip
        for key, label, value in items
    ]
    return _visible(options)


def _visible(options: list[FacetOption]) -> list[FacetOption]:
    """Options that would give trials, and any the visitor ticked (so they can untick it)."""
    return [option for option in options if option.count or option.selected]


TermsOf = Callable[[type, str], list[tuple[Any, str, Any]]]


def _active_terms(model: type, key: str) -> list[tuple[Any, str, Any]]:
    """(pk, name, URL value) of a vocabulary's active terms: one query."""
    return [(term.pk, term.name, getattr(term, key)) for term in model.objects.active()]


# The words of the facets: their titles, help and the options that are choices, not terms.
FACET_WORDS = {
    "condition": _("Condition"),
    "intervention_class": _("Kind of cells"),
    "cell_source": _("Cell source"),
    "route": _("How the cells were given"),
    "donor_type": _("Whose cells"),
    "status": _("Recruitment status"),
    "status_help": STATUS_FACET_HELP,
    "design": _("Design"),
    "phase": _("Phase"),
    "etiology": _("Cause of liver disease"),
    "country": _("Country"),
    "outcome": _("Reports the outcome"),
    "has_results": _("Outcome data recorded"),
    "with_results": _("With outcome data"),
    "without_results": _("Not yet"),
}
CHOICE_FACETS = {
    "intervention_class": InterventionClass.choices,
    "donor_type": DonorType.choices,
    "status": RecruitmentStatus.choices,
    "design": Design.choices,
    "phase": Phase.choices,
}
_words_by_language: dict[str, tuple[dict[str, str], dict[str, list[tuple[str, str, str]]]]] = {}


def _words() -> tuple[dict[str, str], dict[str, list[tuple[str, str, str]]]]:
    """The facets' words and each choice facet's (value, label, value), in the active language:
    translated once per language in each process (about 45 lookups a request otherwise)."""
    language = get_language() or ""
    if language not in _words_by_language:
        _words_by_language[language] = (
            {key: str(word) for key, word in FACET_WORDS.items()},
            {
                name: [(value, str(label), value) for value, label in choices]
                for name, choices in CHOICE_FACETS.items()
            },
        )
    return _words_by_language[language]


def list_facets(
    filterset: TrialFilter,
    counts: dict[str, dict] | None = None,
    *,
    terms_of: TermsOf | None = None,
) -> list[Facet]:
    """Every facet of the list page: counts (computed unless given) and each vocabulary's active
    terms (one query each unless terms_of(model, key) gives them)."""
    counts = facet_counts(filterset) if counts is None else counts
    terms_of = terms_of or _active_terms
    tree = filterset.condition_tree
    selected_conditions = _selected(filterset, "condition")
    names, per_condition = tree.names(), counts["condition"]
    condition_options = [
        FacetOption(
            value=condition.slug,
            label=names[condition.pk],
            count=per_condition.get(condition.pk, 0),
            selected=condition.slug in selected_conditions,
            depth=depth,
        )
        for condition, depth in tree.outline()
    ]
    words, choices = _words()

    def terms(model: type, key: str = "slug") -> list[tuple[Any, str, Any]]:
        return terms_of(model, key)

    def facet(name: str, items: list, **extra: Any) -> Facet:
        return Facet(name, words[name], _options(filterset, name, counts[name], items), **extra)

    chosen = filterset.data.get("has_results", "")
    results = counts["has_results"]
    return [
        Facet("condition", words["condition"], _visible(condition_options), is_open=True),
        facet("intervention_class", choices["intervention_class"], is_open=True),
        facet("cell_source", terms(CellSource), is_open=True),
        facet("route", terms(Route), is_open=True),
        facet("donor_type", choices["donor_type"]),
        facet("status", choices["status"], help_text=words["status_help"]),
        facet("design", choices["design"]),
        facet("phase", choices["phase"]),
        facet("etiology", terms(Etiology)),
        facet("country", terms(Country, "code")),
        facet("outcome", terms(OutcomeMeasure)),
        Facet(
            "has_results",
            words["has_results"],
            [
                FacetOption(
                    "true", words["with_results"], results.get(True, 0), chosen == "true"
                ),  # fmt: skip
                FacetOption(
                    "false", words["without_results"], results.get(False, 0), chosen == "false"
                ),  # fmt: skip
            ],
            kind="radio",
        ),
    ]
