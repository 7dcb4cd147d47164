"""A condition page's counts from the facet bitsets (trials.condition_counts) equal the SQL counts
the page used before (every trial of the condition read), for every demo condition."""

import pytest
from django.utils import translation

from trials.condition_counts import condition_page_counts, condition_sets
from trials.condition_tree import ConditionTree
from trials.facet_index import build_index
from trials.facets import condition_counts, grouped_counts
from trials.models import CurationStatus, Trial
from trials.views import class_counts

pytestmark = pytest.mark.django_db


def sql_counts(tree: ConditionTree, condition_id: int) -> dict:
    """What trials.views.condition_detail counted in SQL before the bitsets."""
    trials = Trial.objects.published().in_conditions(tree.descendant_ids([condition_id]))
    children = tree.children.get(condition_id, [])
    return {
        "children": condition_counts(Trial.objects.published(), tree, children),
        "cell_source": grouped_counts(trials, "arms__cell_source"),
        "route": grouped_counts(trials, "arms__route"),
        "classes": class_counts(trials),
        "key": trials.key_counts(),
    }


def compare_every_condition() -> list[dict]:
    tree = ConditionTree.load()
    index = build_index()
    sets = condition_sets(index)
    compared = []
    for condition in tree.conditions:
        counted = condition_page_counts(index, sets, tree, condition.pk)
        assert counted == sql_counts(tree, condition.pk), condition.slug
        compared.append(counted)
    return compared


@pytest.mark.parametrize("language", ["en", "es"])
def test_bitset_counts_equal_the_sql_counts(demo, language):
    with translation.override(language):
        compared = compare_every_condition()
    # The demo exercises every kind of count (a comparison of zeros proves nothing).
    keys = [counts["key"] for counts in compared]
    assert all(sum(key[name] or 0 for key in keys) for name in keys[0])
    classes = [counts["classes"] for counts in compared]
    assert all(sum(counted[name] for counted in classes) for name in ("registered", "msc"))
    assert sum(counted["without_results"] for counted in classes)


def test_drafts_count_in_neither(demo):
    before = compare_every_condition()
    drafts = Trial.objects.published().exclude(enrollment=None).order_by("pk")[:5]
    Trial.objects.filter(pk__in=[trial.pk for trial in drafts]).update(
        status=CurationStatus.IN_REVIEW
    )
    after = compare_every_condition()
    for name in ("trials", "people"):
        assert sum(c["key"][name] or 0 for c in after) < sum(c["key"][name] or 0 for c in before)
