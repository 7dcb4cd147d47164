"""The facet index kept across saves: after any change the very next list request counts
exactly what SQL counts (never a draft), and a change to trials costs the index one query (it is
updated, not rebuilt). Real commits (transactional_db), as a visitor's request after a
curator's save meets them."""

import random
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests.trials.test_facet_index import nonzero, queries, sql_counts
from trials import page_cache
from trials.facet_index import CHANGES_READ, current_index, index_counts
from trials.filters import TrialFilter
from trials.models import Condition, Country, DataVersion, RegistryId, Trial

pytestmark = pytest.mark.django_db(transaction=True)


def list_queries(client) -> int:  # noqa: ANN001
    """The queries of one list request drawn afresh (the page cache emptied)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/trials/").status_code == 200
    return len(captured)


def assert_exact(catalogue: SimpleNamespace) -> None:
    """The index the last request used counts what SQL counts, for every combination."""
    index = current_index(page_cache.data_version())
    for query in queries(catalogue):
        counts, total = index_counts(TrialFilter(QueryDict(query)), index)
        sql, sql_total = sql_counts(query)
        assert (nonzero(counts), total) == (nonzero(sql), sql_total), query
    registered = Trial.objects.published().filter(registry_ids__isnull=False).distinct()
    assert index.values["registered"][True].bit_count() == registered.count()


def publish(trial: Trial, status: str = "published") -> None:
    trial.status = status
    trial.save()


# Changes to trials or their rows: the index re-reads the trials changed (one query).
TRIAL_CHANGES: dict[str, Callable[[SimpleNamespace], object]] = {
    "save": lambda c: c.a.save(),
    "publish": lambda c: publish(c.draft),
    "unpublish": lambda c: publish(c.a, "draft"),
    "delete": lambda c: c.c.delete(),
    "bulk delete": lambda c: Trial.objects.filter(pk__in=[c.a.pk, c.b.pk]).delete(),
    "bulk update": lambda c: Trial.objects.filter(pk__in=[c.a.pk, c.c.pk]).update(phase="3"),
    "bulk unpublish": lambda c: Trial.objects.filter(pk=c.b.pk).update(status="draft"),
    "new trial": lambda c: Trial.objects.create(title="New", slug="new", design="rct"),
    "an arm's cell source": lambda c: c.a.arms.filter(cell_source=c.uc).update(cell_source=c.bm),
    "a condition tagged": lambda c: c.b.conditions.add(c.masld),
    "a result deleted": lambda c: c.c.outcome_results.all().delete(),
    "a country deleted": lambda c: Country.objects.filter(pk=c.es.pk).delete(),
    "a registry id": lambda c: RegistryId.objects.create(trial=c.b, identifier="NCT09999999"),
}
# Changes that move facet values without writing a trial: the index is rebuilt.
VOCABULARY_CHANGES: dict[str, Callable[[SimpleNamespace], object]] = {
    "a cell source's class": lambda c: (
        type(c.uc).objects.filter(pk=c.uc.pk).update(intervention_class="other_cells")
    ),
    "a condition's parent": lambda c: Condition.objects.filter(pk=c.masld.pk).update(
        parent=c.cirrhosis
    ),
}


@pytest.mark.parametrize("change", [*TRIAL_CHANGES, *VOCABULARY_CHANGES])
def test_the_next_request_after_a_change_counts_exactly(change, client, catalogue):
    list_queries(client)  # the index is built
    {**TRIAL_CHANGES, **VOCABULARY_CHANGES}[change](catalogue)
    list_queries(client)
    assert_exact(catalogue)


def test_the_next_request_never_counts_a_draft(client, catalogue):
    list_queries(client)
    publish(catalogue.a, "draft")
    assert "2 trials" in client.get("/trials/").content.decode()
    publish(catalogue.a)
    assert "3 trials" in client.get("/trials/").content.decode()


@pytest.mark.parametrize("change", TRIAL_CHANGES)
def test_a_change_to_trials_updates_the_index_in_one_query(change, client, catalogue):
    list_queries(client)
    # A new data version with no trial changed: the index asks what changed (one query).
    DataVersion.objects.update_or_create(pk=1, defaults={"token": random.getrandbits(62)})
    nothing_changed = list_queries(client)
    TRIAL_CHANGES[change](catalogue)
    assert list_queries(client) == nothing_changed


def test_a_cell_source_changing_class_rebuilds_the_index(client, catalogue):
    list_queries(client)
    DataVersion.objects.update_or_create(pk=1, defaults={"token": random.getrandbits(62)})
    nothing_changed = list_queries(client)
    VOCABULARY_CHANGES["a cell source's class"](catalogue)
    assert list_queries(client) > nothing_changed + 5  # every published trial read again
    assert_exact(catalogue)


def test_more_changes_than_an_update_reads_rebuild_the_index(client, catalogue):
    list_queries(client)
    DataVersion.objects.update_or_create(pk=1, defaults={"token": random.getrandbits(62)})
    nothing_changed = list_queries(client)
    # More trials changed than one update reads (facet_index.CHANGES_READ): read afresh.
    Trial.objects.bulk_create(
        Trial(title=f"Many {i}", slug=f"many-{i}", design="rct", status="published")
        for i in range(CHANGES_READ + 1)
    )
    assert list_queries(client) > nothing_changed + 5  # every published trial read again
    assert_exact(catalogue)
    assert current_index(page_cache.data_version()).everything.bit_count() == (
        Trial.objects.published().count()
    )
