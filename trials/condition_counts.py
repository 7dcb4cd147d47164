"""A condition page's counts from the facet bitsets (trials.facet_index): no query reads the
condition's trials.

The page counts the published trials of a condition (narrower conditions included) by narrower
condition, cell source, route and kind of cells, how many are registered and how many have no
results yet, and what its key messages say (people enrolled, with a control group or not, still
running, not confirmed for two years). Each count is the condition's bitset ANDed with a facet
value's bitset and a bit_count(). What the facets do not hold (results reported, a stale status,
the enrolment) is kept as a few more bitsets in the same bit positions, in the facet index
itself: read with the facets when it is built, and kept current from the change log by the same
update query (after a save only the changed trials' bits are replaced, as for the facets); the
enrolment as bit planes (the trials whose enrolment has bit b set), so a sum is one AND and one
bit_count() per bit. Only
published trials have bits, so no count includes a draft. The numbers equal the SQL counts
(trials.views.class_counts, facets.grouped_counts, facets.condition_counts,
TrialQuerySet.key_counts): tests/demo/test_condition_counts.py compares them for every condition.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .condition_tree import ConditionTree
from .facet_index import ENROLLMENT, FacetIndex, condition_bits
from .models import CONTROLLED_DESIGNS, UNCONTROLLED_DESIGNS, InterventionClass, RecruitmentStatus
from .models.freshness import ONGOING_STATUSES

# Statuses the key messages call "still running" (when confirmed within two years).
RUNNING_STATUSES = tuple(sorted(ONGOING_STATUSES - {RecruitmentStatus.SUSPENDED}))


@dataclass(frozen=True)
class ConditionSets:
    """Bitsets of published trials (the facet index's positions) that are not facets."""

    reported: int  # results recorded or published (facet_index.results_reported)
    stale: int  # an ongoing status the registry has not confirmed within two years
    enrolled: int  # enrolment recorded
    enrollment_planes: tuple[int, ...]  # plane b: trials whose enrolment has bit b set


def condition_sets(index: FacetIndex) -> ConditionSets:
    """The condition sets the facet index holds (read when it is built, and kept current with
    its facets from the change log: trials.facet_index.index_update). No query."""
    planes = index.values[ENROLLMENT]
    return ConditionSets(
        reported=index.values["reported"][True],
        stale=index.values["stale"][True],
        enrolled=index.values["enrolled"][True],
        enrollment_planes=tuple(planes.get(bit, 0) for bit in range(max(planes, default=-1) + 1)),
    )


def _by_value(index: FacetIndex, name: str, within: int) -> dict:
    """Trials per value of one facet among these trials (values with none left out)."""
    return {
        key: count
        for key, bits in index.values[name].items()
        if (count := (within & bits).bit_count())
    }


def _any_of(index: FacetIndex, name: str, keys: Iterable) -> int:
    bits = 0
    for key in keys:
        bits |= index.values[name].get(key, 0)
    return bits


def class_counts(index: FacetIndex, sets: ConditionSets, within: int) -> dict[str, int]:
    """trials.views.class_counts of these trials: the total, the registered, those without
    results, and the trials per kind of cells (zero included)."""
    classes = index.values["intervention_class"]
    return {
        "total": within.bit_count(),
        "registered": (within & index.values["registered"][True]).bit_count(),
        "without_results": (within & ~sets.reported).bit_count(),
        **{value: (within & classes.get(value, 0)).bit_count() for value in InterventionClass},
    }


def key_counts(index: FacetIndex, sets: ConditionSets, within: int) -> dict[str, int | None]:
    """TrialQuerySet.key_counts of these trials (the people: None when no enrolment is known)."""
    enrolled = within & sets.enrolled
    people = sum(
        (within & plane).bit_count() << bit for bit, plane in enumerate(sets.enrollment_planes)
    )
    # The status facet holds the status as shown: a running one only when confirmed recently.
    running = within & _any_of(index, "status", RUNNING_STATUSES)
    return {
        "trials": within.bit_count(),
        "people": people if enrolled else None,
        "people_recorded": enrolled.bit_count(),
        "controlled": (within & _any_of(index, "design", CONTROLLED_DESIGNS)).bit_count(),
        "uncontrolled": (within & _any_of(index, "design", UNCONTROLLED_DESIGNS)).bit_count(),
        "running": running.bit_count(),
        "unconfirmed": (within & sets.stale).bit_count(),
    }


def condition_page_counts(
    index: FacetIndex, sets: ConditionSets, tree: ConditionTree, condition_id: int
) -> dict:
    """Everything a condition page counts, from the bitsets: the narrower conditions' trials,
    the trials per cell source and per route, the kinds of cells and the key messages' counts."""
    within = condition_bits(index, tree, condition_id)
    return {
        "children": {
            child.pk: condition_bits(index, tree, child.pk).bit_count()
            for child in tree.children.get(condition_id, [])
        },
        "cell_source": _by_value(index, "cell_source", within),
        "route": _by_value(index, "route", within),
        "classes": class_counts(index, sets, within),
        "key": key_counts(index, sets, within),
    }
