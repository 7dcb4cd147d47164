"""Facet counts from the bitset index equal the SQL counts, exactly, and never count a draft."""

import pytest
from django.http import QueryDict

from trials.facet_index import build_index, index_counts
from trials.facets import facet_counts
from trials.filters import TrialFilter

pytestmark = pytest.mark.django_db


def sql_counts(query: str) -> tuple[dict, int]:
    filterset = TrialFilter(QueryDict(query))
    return facet_counts(filterset), filterset.qs.order_by().count()


def bitset_counts(query: str) -> tuple[dict, int]:
    counts, total = index_counts(TrialFilter(QueryDict(query)), build_index())
    return counts, total


def nonzero(counts: dict) -> dict:
    return {name: {k: v for k, v in values.items() if v} for name, values in counts.items()}


def queries(catalogue) -> list[str]:  # noqa: ANN001
    uc, bm, iv, hbv = catalogue.uc.slug, catalogue.bm.slug, catalogue.iv.slug, catalogue.hbv.slug
    return [
        "",
        "condition=cirrhosis",
        "condition=liver-disease&design=rct&design=single_arm",
        f"cell_source={uc}",
        f"cell_source={uc}&cell_source={bm}&route={iv}",
        f"etiology={hbv}&country=TL",
        "intervention_class=msc&donor_type=autologous",
        "status=completed&phase=1&phase=1_2",
        "has_results=true",
        "has_results=false&condition=masld",
        "q=trial&start_year_min=2000",
        "enrollment_min=30&outcome=albumin",
        "start_year_min=abc&condition=nonexistent",
        "q=Draft",
    ]


def test_bitset_counts_equal_the_sql_counts_for_every_combination(catalogue):
    for query in queries(catalogue):
        (sql, sql_total), (bits, bits_total) = sql_counts(query), bitset_counts(query)
        assert nonzero(bits) == nonzero(sql), query
        assert bits_total == sql_total, query


def test_bitset_counts_never_include_a_draft(catalogue):
    counts, total = bitset_counts(f"cell_source={catalogue.bm.slug}")
    assert total == 1  # trial B; the draft has bone marrow too
    assert counts["route"] == {catalogue.ha.pk: 1}
    assert bitset_counts("")[1] == 3
