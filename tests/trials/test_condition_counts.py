"""trials.condition_counts: a condition page's counts from the facet bitsets."""

import pytest

from trials.condition_counts import condition_page_counts, condition_sets
from trials.condition_tree import ConditionTree
from trials.facet_index import build_index

pytestmark = pytest.mark.django_db


def counts_of(condition_id: int) -> dict:
    index = build_index()
    return condition_page_counts(index, condition_sets(index), ConditionTree.load(), condition_id)


def test_counts_cover_narrower_conditions_and_leave_the_draft_out(catalogue):
    counts = counts_of(catalogue.cirrhosis.pk)
    assert counts["children"] == {catalogue.decompensated.pk: 1}  # the draft is not counted
    assert counts["cell_source"] == {catalogue.uc.pk: 1, catalogue.bm.pk: 1}
    assert counts["route"] == {catalogue.iv.pk: 1, catalogue.ha.pk: 1}
    assert counts["classes"]["total"] == 2 and counts["classes"]["without_results"] == 1
    key = counts["key"]
    assert (key["trials"], key["people"], key["people_recorded"]) == (2, 120, 2)
    assert (key["controlled"], key["uncontrolled"], key["running"]) == (1, 1, 1)


def test_enrolment_sums_exactly_from_bit_planes(catalogue, make_trial):
    for enrollment in (1_000_003, 1, 0, None):
        make_trial(conditions=[catalogue.masld], enrollment=enrollment)
    key = counts_of(catalogue.masld.pk)["key"]
    assert key["people"] == 60 + 1_000_003 + 1 and key["people_recorded"] == 4


def test_people_unknown_when_no_enrolment_is_recorded(catalogue, make_condition, make_trial):
    empty = make_condition("Empty", slug="empty")
    assert counts_of(empty.pk)["key"]["people"] is None
    make_trial(conditions=[empty], enrollment=None)
    key = counts_of(empty.pk)["key"]
    assert (key["trials"], key["people"], key["people_recorded"]) == (1, None, 0)
