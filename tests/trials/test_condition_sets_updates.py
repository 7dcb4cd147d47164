"""The condition pages' sets (results reported, stale status, enrolment) kept in the facet index
across saves: after any change the very next condition page counts exactly what SQL counts
(never a draft), and the change costs no query beyond the index's one update query (the sets
follow the change log with the facets; they are not read again from every published trial).
Real commits (transactional_db), as a visitor's request after a curator's save meets them."""

import datetime
import random
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence.models import TrialReference
from tests.demo.test_condition_counts import sql_counts
from trials import page_cache
from trials.condition_counts import condition_page_counts, condition_sets
from trials.condition_tree import ConditionTree
from trials.facet_index import build_index, current_index
from trials.models import CurationStatus, DataVersion, Trial

pytestmark = pytest.mark.django_db(transaction=True)

LONG_AGO = datetime.date(2001, 1, 1)  # a status confirmed then is stale now


@pytest.fixture
def world(catalogue, make_trial, make_result, make_reference) -> SimpleNamespace:  # noqa: ANN001
    """The catalogue, with a published trial E whose only results are a results paper, and the
    fixtures the changes use."""
    c = catalogue
    c.e = make_trial(
        "Test trial E",
        conditions=[c.masld],
        enrollment=7,
        recruitment_status="recruiting",
        status_as_of=LONG_AGO,
    )
    c.paper = make_reference(c.e)  # primary results: E has results reported
    c.other_paper = make_reference()
    c.make_trial, c.make_result = make_trial, make_result
    return c


def condition_page_queries(client, c: SimpleNamespace) -> int:  # noqa: ANN001
    """The queries of one condition page drawn afresh (the page caches emptied)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/conditions/{c.liver.slug}/").status_code == 200
    return len(captured)


def assert_exact() -> None:
    """The index the last request used counts what SQL counts for every condition, and no
    draft (or deleted trial) has a bit in any of its condition sets."""
    index = current_index(page_cache.data_version())
    sets = condition_sets(index)
    tree = ConditionTree.load()
    for condition in tree.conditions:
        counted = condition_page_counts(index, sets, tree, condition.pk)
        assert counted == sql_counts(tree, condition.pk), condition.slug
    published = set(Trial.objects.published().values_list("pk", flat=True))
    for bits in (sets.reported, sets.stale, sets.enrolled, *sets.enrollment_planes):
        members = {pk for pk in range(bits.bit_length()) if bits >> pk & 1}
        assert members <= published


def link(trial: Trial, reference: object, role: str = "primary_results") -> None:
    TrialReference.objects.create(trial=trial, reference=reference, role=role)


# Every kind of change a condition page's counts depend on.
CHANGES: dict[str, Callable[[SimpleNamespace], object]] = {
    "save": lambda c: c.a.save(),
    "publish": lambda c: Trial.objects.filter(pk=c.draft.pk).update(
        status=CurationStatus.PUBLISHED
    ),
    "unpublish": lambda c: setattr(c.a, "status", CurationStatus.DRAFT) or c.a.save(),
    "delete": lambda c: c.c.delete(),
    "bulk delete": lambda c: Trial.objects.filter(pk__in=[c.a.pk, c.e.pk]).delete(),
    "new published trial": lambda c: c.make_trial(
        conditions=[c.decompensated],
        enrollment=1_000_003,
        recruitment_status="recruiting",
        status_as_of=LONG_AGO,
    ),
    "results added": lambda c: c.make_result(c.b, measure=c.albumin, mean=30, sd=5, n=20),
    "results removed": lambda c: c.a.outcome_results.all().delete(),
    "a results paper linked": lambda c: link(c.b, c.other_paper),
    "a results paper unlinked": lambda c: TrialReference.objects.filter(trial=c.e).delete(),
    "a paper's role": lambda c: TrialReference.objects.filter(trial=c.e).update(role="protocol"),
    "a protocol linked": lambda c: link(c.b, c.other_paper, "protocol"),
    "enrolment changed": lambda c: Trial.objects.filter(pk=c.a.pk).update(enrollment=1_000_003),
    "enrolment removed": lambda c: Trial.objects.filter(pk=c.b.pk).update(enrollment=None),
    "enrolment recorded": lambda c: Trial.objects.filter(pk=c.e.pk).update(enrollment=0),
    "status goes stale": lambda c: Trial.objects.filter(pk=c.a.pk).update(status_as_of=LONG_AGO),
    "status confirmed": lambda c: Trial.objects.filter(pk=c.e.pk).update(
        status_as_of=datetime.date.today()
    ),
    "status changed": lambda c: Trial.objects.filter(pk=c.b.pk).update(
        recruitment_status="recruiting", status_as_of=LONG_AGO
    ),
    "a condition tagged": lambda c: c.b.conditions.add(c.masld),
    "a condition untagged": lambda c: c.e.conditions.clear(),
}

# Changes that move no count of the liver disease page.
UNSEEN = {"save", "a protocol linked"}


@pytest.mark.parametrize("change", CHANGES)
def test_the_next_condition_page_after_a_change_counts_exactly(change, client, world):
    condition_page_queries(client, world)  # the index and its sets are built
    assert_exact()
    before = condition_page_counts(
        current_index(page_cache.data_version()),
        condition_sets(current_index(page_cache.data_version())),
        ConditionTree.load(),
        world.liver.pk,
    )
    CHANGES[change](world)
    condition_page_queries(client, world)
    assert_exact()
    if change not in UNSEEN:  # every other change moves some count of the page
        after = condition_page_counts(
            current_index(page_cache.data_version()),
            condition_sets(current_index(page_cache.data_version())),
            ConditionTree.load(),
            world.liver.pk,
        )
        assert after != before


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_updates_the_condition_sets_without_reading_every_trial(change, client, world):
    condition_page_queries(client, world)
    # A new data version with no trial changed: the index asks what changed (one query).
    DataVersion.objects.update_or_create(pk=1, defaults={"token": random.getrandbits(62)})
    with CaptureQueriesContext(connection) as nothing_changed:
        current_index(page_cache.data_version())
    page_queries = condition_page_queries(client, world)
    CHANGES[change](world)
    # The same queries when trials changed: their bits are replaced, nothing is read again.
    with CaptureQueriesContext(connection) as changed:
        index = current_index(page_cache.data_version())
    assert len(changed) == len(nothing_changed) == 2  # the version, then what changed
    assert condition_sets(index) == condition_sets(build_index())  # as if read afresh
    # And the page asks nothing more of the database for its counts (fewer queries when the
    # change leaves it fewer papers to show).
    assert condition_page_queries(client, world) <= page_queries


def test_the_next_condition_page_never_counts_a_draft(client, world):
    condition_page_queries(client, world)
    world.e.status = CurationStatus.DRAFT
    world.e.save()
    page = client.get(f"/conditions/{world.masld.slug}/").content.decode()
    assert "Test trial E" not in page
    counts = condition_page_counts(
        current_index(page_cache.data_version()),
        condition_sets(current_index(page_cache.data_version())),
        ConditionTree.load(),
        world.masld.pk,
    )
    assert counts["key"]["people"] == 60 and counts["key"]["unconfirmed"] == 0
