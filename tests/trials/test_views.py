"""The public browsing pages: what they show, what they hide, bad input, and query counts."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from tests.dates import recently_confirmed
from trials.models import CurationStatus, SourceKind, Trial

pytestmark = pytest.mark.django_db

LIST = "/trials/"


def page_text(response) -> str:  # noqa: ANN001
    return response.content.decode()


def test_home_explains_the_site_and_counts_trials_by_condition(client, catalogue):
    response = client.get(reverse("trials:home"))
    assert response.status_code == 200
    text = page_text(response)
    assert "not a cure" in text and "hepatologist" in text
    entry = response.context["conditions"]
    assert [(item["condition"].slug, item["count"]) for item in entry] == [
        ("cirrhosis", 2),
        ("masld", 1),
    ]
    assert [(child["condition"].slug, child["count"]) for child in entry[0]["children"]] == [
        ("decompensated-cirrhosis", 1)
    ]
    assert [trial.short_title for trial in response.context["recent_trials"]][0] == "Test trial C"


def test_pages_never_show_a_draft(client, catalogue):
    for url in ["/", LIST, "/conditions/decompensated-cirrhosis/", f"{LIST}?q=Draft"]:
        assert "Draft trial D" not in page_text(client.get(url)), url
    assert client.get(reverse("trials:home")).context["trial_count"] == 3


@pytest.mark.parametrize("who", ["anonymous", "curator", "superuser"])
def test_a_draft_url_is_not_found_for_everyone(client, catalogue, curator, who):
    if who == "curator":
        client.force_login(curator)
    elif who == "superuser":
        client.force_login(User.objects.create_superuser("root", password="a-long-password-1"))
    assert client.get(catalogue.draft.get_absolute_url()).status_code == 404
    assert client.get(catalogue.a.get_absolute_url()).status_code == 200


def test_list_shows_rows_count_and_facets(client, catalogue):
    response = client.get(LIST)
    text = page_text(response)
    assert response.context["page"].paginator.count == 3
    assert (
        "Test trial A" in text and "Umbilical cord MSC" in text and "Peripheral intravenous" in text
    )
    assert 'name="cell_source"' in text


def test_list_shows_active_filters_removable_one_by_one(client, catalogue):
    response = client.get(f"{LIST}?condition=cirrhosis&status=recruiting&page=1")
    chips = {chip.value: chip.remove_url for chip in response.context["active_filters"]}
    assert chips["Cirrhosis"] == f"{LIST}?status=recruiting"
    assert chips["Recruiting"] == f"{LIST}?condition=cirrhosis"


def test_list_pagination_keeps_the_filters(client, make_trial):
    for number in range(30):
        make_trial(f"Paged trial {number}", recruitment_status="completed")
    text = page_text(client.get(f"{LIST}?status=completed"))
    assert "?status=completed&amp;page=2" in text
    assert "30 trials" in text


def test_list_empty_state_helps(client, catalogue):
    text = page_text(client.get(f"{LIST}?condition=masld&design=rct"))
    assert "No trials match all of these filters" in text
    assert "See all trials" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("enrollment_min=abc", "Enter a number"),
        ("condition=nope", "nope"),
        ("page=999999", "There is no page 999999"),
        ("page=-1", "Pages start at 1"),
        ("page=abc", "is not a page number"),
        ("q=" + "x" * 10_000, "shortened"),
        ("q=liv%00er", "were removed"),
        ("cell_source=%00", "were removed"),
        ("q=one&q=two", "more than once"),
        ("enrollment_min=1&enrollment_min=2", "more than once"),
        ("start_year_min=2020&start_year_max=2000", "must not be before"),
        ("enrollment_min=99999999999999999999", "less than or equal"),
    ],
)
def test_bad_input_gives_the_page_with_a_message(client, catalogue, query, message):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert message in page_text(response)


def test_detail_puts_the_plain_summary_first(client, catalogue):
    text = page_text(client.get(catalogue.b.get_absolute_url()))
    assert text.index("Scarred livers were treated.") < text.index("Key facts")


def test_detail_outcome_table_has_units_explanation_and_source(
    client, catalogue, make_reference, make_result
):
    reference = make_reference(
        trial=catalogue.a, authors=("Shi", "Li", "Wang"), doi="10.1000/test.1", pmid="1234567"
    )
    make_result(catalogue.a, measure=catalogue.meld, mean=14, sd=2, n=20, unit_reported="",
                reference=reference, timepoint_weeks=24)  # fmt: skip
    catalogue.meld.description = "A score of how sick the liver is."
    catalogue.meld.save()
    text = page_text(client.get(catalogue.a.get_absolute_url()))
    assert "35 g/L ± 4 (n = 20)" in text
    assert "A score of how sick the liver is." in text and "Lower is better." in text
    assert f'href="#ref-{reference.pk}"' in text
    # Cited as the Vancouver download cites it (every author up to six).
    assert "Shi A, Li A, Wang A. Test reference" in text
    assert "https://doi.org/10.1000/test.1" in text
    assert "https://pubmed.ncbi.nlm.nih.gov/1234567/" in text


def test_detail_flags_unverified_and_registry_values(client, catalogue, make_result):
    make_result(catalogue.c, measure=catalogue.albumin, mean=30, sd=5, n=10,
                source_kind=SourceKind.SECONDARY)  # fmt: skip
    make_result(catalogue.c, measure=catalogue.albumin, mean=31, sd=5, n=10, timepoint_weeks=24,
                source_kind=SourceKind.REGISTRY_RESULTS)  # fmt: skip
    Trial.objects.filter(pk=catalogue.c.pk).update(unverified_fields=["enrollment"])
    text = page_text(client.get(catalogue.c.get_absolute_url()))
    assert "unverified: from a review's table" in text
    assert "registry results, to be confirmed" in text
    assert text.count(">unverified</a>") == 1


def test_detail_of_an_unknown_slug_is_not_found(client, catalogue):
    assert client.get("/trials/no-such-trial/").status_code == 404


def test_condition_page_lists_narrower_trials_with_charts_and_tables(client, catalogue):
    response = client.get(reverse("trials:condition", args=["cirrhosis"]))
    text = page_text(response)
    assert response.context["trial_count"] == 2
    assert "Test trial A" in text and "Test trial B" in text and "Test trial C" not in text
    assert text.count('role="img"') == 2
    assert '<title id="chart-cell-source-title">' in text
    assert '<th scope="row">Umbilical cord MSC</th><td class="num">1</td>' in text


def test_condition_page_of_an_unknown_or_retired_condition_is_not_found(client, catalogue):
    catalogue.masld.is_active = False
    catalogue.masld.save()
    assert client.get("/conditions/masld/").status_code == 404
    assert client.get("/conditions/nope/").status_code == 404


def test_glossary_explains_measures_sources_routes_and_terms(client, catalogue):
    text = page_text(client.get(reverse("trials:glossary")))
    for expected in ["MELD score", "Umbilical cord MSC", "Hepatic artery", "Allogeneic", "Phase"]:
        assert expected in text
    assert 'id="measure-meld"' in text


@pytest.fixture
def many_trials(
    catalogue, make_trial, make_arm, make_result, make_reference
) -> Callable[[int], list[Trial]]:
    def make(count: int) -> list[Trial]:
        made = []
        for number in range(count):
            trial = make_trial(f"Bulk trial {number}", conditions=[catalogue.decompensated])
            trial.countries.set([catalogue.cn, catalogue.es])
            trial.etiologies.set([catalogue.hbv])
            make_arm(trial, cell_source=catalogue.uc, route=catalogue.iv)
            make_arm(trial, cell_source=catalogue.bm, route=catalogue.ha, label="Other arm")
            make_result(trial, measure=catalogue.albumin, mean=30, sd=4, n=10)
            make_reference(trial=trial)
            made.append(trial)
        return made

    return make


@pytest.mark.parametrize("count", [3, 30])
def test_list_queries_do_not_grow(
    client, catalogue, many_trials, django_assert_max_num_queries, count
):
    many_trials(count)
    # Django asks SQLite once per connection whether it has JSON (three statements); the rows'
    # query is the first to use JSON when this test runs alone. That probe is not the page's.
    assert connection.features.supports_json_field
    with django_assert_max_num_queries(25):
        client.get(f"{LIST}?condition=cirrhosis&cell_source={catalogue.uc.slug}&outcome=meld")
    with django_assert_max_num_queries(24):
        client.get(f"{LIST}?q=bulk&status=completed&country=TL")
    # Neither of those shows a row: a page of rows is one query for its rows, whatever the count.
    with django_assert_max_num_queries(4):  # version, the cell source, the ids, the rows
        response = client.get(f"{LIST}?condition=cirrhosis&cell_source={catalogue.uc.slug}")
    assert min(count, 25) <= response.content.count(b'<article class="result"') <= 25


@pytest.mark.parametrize("count", [3, 30])
def test_detail_queries_do_not_grow(
    client, catalogue, make_arm, make_result, make_reference, django_assert_max_num_queries, count
):
    for number in range(count):
        arm = make_arm(catalogue.a, label=f"Arm {number}", cell_source=catalogue.uc)
        reference = make_reference(trial=catalogue.a, authors=("Test", "Other", "Third"))
        make_result(catalogue.a, arm=arm, measure=catalogue.albumin, mean=30, sd=4, n=10,
                    reference=reference)  # fmt: skip
    with django_assert_max_num_queries(11):  # 10, and the same-study links
        assert client.get(catalogue.a.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_condition_and_home_queries_do_not_grow(
    client, many_trials, django_assert_max_num_queries, count
):
    many_trials(count)
    # 15 (with the version of the certainty ratings), and the reviews of the condition; the
    # pooled results read the stored comparisons (nothing pooled here: three queries). The
    # counts come from the facet bitsets: built after a change (15 queries, and 1 for the
    # condition sets, trials.condition_counts), kept in the process while the data stays.
    with django_assert_max_num_queries(32):
        assert client.get("/conditions/cirrhosis/").status_code == 200
    cache.clear()
    with django_assert_max_num_queries(16):
        assert client.get("/conditions/cirrhosis/").status_code == 200
    with django_assert_max_num_queries(9):  # 7, and the coverage note with its known gaps
        assert client.get("/").status_code == 200


def test_drafts_count_nowhere_even_with_many_published(client, many_trials):
    many_trials(3)
    Trial.objects.filter(short_title="Test trial A").update(status=CurationStatus.IN_REVIEW)
    response = client.get("/conditions/decompensated-cirrhosis/")
    assert response.context["trial_count"] == 3


def test_list_counts_follow_a_newly_published_trial(client, catalogue, make_trial):
    assert client.get(f"{LIST}?status=recruiting").context["page"].paginator.count == 1
    make_trial("Test trial E", recruitment_status="recruiting", status_as_of=recently_confirmed())
    response = client.get(f"{LIST}?status=recruiting")
    assert response.context["page"].paginator.count == 2
    status = next(facet for facet in response.context["facets"] if facet.name == "status")
    assert {option.value: option.count for option in status.options}["recruiting"] == 2


def test_condition_counts_follow_a_newly_published_trial(client, catalogue, make_trial):
    assert client.get("/conditions/cirrhosis/").context["trial_count"] == 2
    make_trial("Test trial F", conditions=[catalogue.cirrhosis])
    assert client.get("/conditions/cirrhosis/").context["trial_count"] == 3


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_list_page_is_rendered_once_per_filter_combination(
    client, catalogue, many_trials, django_assert_max_num_queries
):
    many_trials(30)
    url = f"{LIST}?condition=cirrhosis&cell_source={catalogue.uc.slug}"
    first = page_text(client.get(url))
    with django_assert_max_num_queries(1):  # the data version; the rest is cached
        again = client.get(url)
    assert main_of(page_text(again)) == main_of(first)  # the header has its own CSRF token
    assert "Page 1 of 2" in first
    # Another page, sort or language is another rendering.
    assert "Page 2 of 2" in page_text(client.get(f"{url}&page=2"))
    assert "Página 1 de 2" in page_text(client.get(f"/es{url}"))


def test_a_saved_trial_shows_at_once_in_the_cached_list(client, catalogue):
    assert "Test trial A" in page_text(client.get(LIST))
    catalogue.a.status = CurationStatus.IN_REVIEW
    catalogue.a.save()
    text = page_text(client.get(LIST))
    assert "Test trial A" not in text and "2 trials" in text


def test_the_header_of_a_cached_list_is_the_visitors_own(client, catalogue):
    client.get(LIST)  # cached for everyone
    client.post(reverse("evidence:basket_add"), {"kind": "trial", "id": catalogue.a.pk})
    text = page_text(client.get(LIST))
    assert '<span class="badge">1</span>' in text


@pytest.mark.needs("redis-server")
def test_list_page_can_be_cached_in_redis(
    client, catalogue, redis_url, django_assert_max_num_queries
):
    """With DJANGO_REDIS_URL, every worker shares the cached pages (a real Redis server)."""
    import uuid

    import redis
    from django.core.cache import cache
    from django.test import override_settings

    url = redis_url
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    with override_settings(CACHES={"default": backend}):
        try:
            first = page_text(client.get(LIST))
            with django_assert_max_num_queries(1):
                again = page_text(client.get(LIST))
            assert main_of(again) == main_of(first) and "Test trial A" in first
            assert any(redis.Redis.from_url(url).scan_iter(match="test-*"))
        finally:
            cache.clear()


def test_rows_are_cached_per_trial_until_it_changes(
    client, catalogue, many_trials, django_assert_max_num_queries
):
    newest = many_trials(30)[-1]
    client.get(LIST)
    # Another rendering of the same filters (another query string: page 1 named) reuses the cached
    # rows and counts: the data version, the condition tree and the page's (id, last update) pairs.
    with django_assert_max_num_queries(3):
        response = client.get(f"{LIST}?page=1")
    assert newest.short_title in page_text(response)
    old_title = newest.short_title
    newest.short_title = "Renamed bulk trial"
    newest.save()
    text = page_text(client.get(f"{LIST}?page=1"))
    assert "Renamed bulk trial" in text and f"{old_title}<" not in text
