"""The list's URLs carry only the filters in use, match values in any case and bring the visitor
back to the results (#results) or the trial (#trial-<slug>) after a form."""

import pytest
from django.http import QueryDict

from trials.filters import TrialFilter, canonical_params

pytestmark = pytest.mark.django_db

LIST = "/trials/"


def test_canonical_params_drop_empty_fields_and_the_default_sort():
    data = QueryDict("q=&sort=updated&condition=cirrhosis&enrollment_min=&has_results=&status=")
    assert canonical_params(data).urlencode() == "condition=cirrhosis"


def test_canonical_params_keep_a_chosen_sort_and_put_values_in_their_case():
    data = QueryDict("q=cord&sort=Updated&country=cn&design=RCT&q2=Keep")
    assert canonical_params(data).urlencode() == "q=cord&sort=updated&country=CN&design=rct&q2=Keep"
    assert canonical_params(QueryDict("q=cord&sort=relevance")).urlencode() == "q=cord"


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("q=&sort=updated&condition=cirrhosis&enrollment_min=", f"{LIST}?condition=cirrhosis"),
        ("q=&sort=updated", LIST),
        ("country=tl", f"{LIST}?country=TL"),
    ],
)
def test_list_redirects_to_the_url_with_only_the_filters_in_use(client, catalogue, query, target):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 302
    assert response["Location"] == target


def test_spanish_list_redirects_within_spanish(client, catalogue):
    response = client.get("/es/trials/?q=&status=Recruiting")
    assert response["Location"] == "/es/trials/?status=recruiting"


def test_filter_values_match_whatever_their_case(catalogue):
    lower = TrialFilter(QueryDict("country=tl&status=RECRUITING&design=Rct"))
    assert lower.is_valid(), lower.errors
    assert [trial.short_title for trial in lower.qs] == ["Test trial A"]


def test_has_results_maybe_is_explained_like_other_bad_values(client, catalogue):
    response = client.get(f"{LIST}?has_results=maybe")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Some filters could not be used" in text
    assert "“maybe” is not a choice here" in text
    assert response.context["page"].paginator.count == 3  # the other filters still apply


def test_has_results_in_capitals_is_understood(catalogue):
    assert TrialFilter(QueryDict("has_results=TRUE")).is_valid()


def test_apply_returns_to_the_results_and_the_toggle_counts_active_filters(client, catalogue):
    text = client.get(f"{LIST}?condition=cirrhosis&status=completed").content.decode()
    assert 'action="/trials/#results"' in text and 'id="results"' in text
    assert '<details class="filters-panel" id="filters-panel">' in text
    assert "Filters (2 active)" in text
    spanish = client.get("/es/trials/?status=completed").content.decode()
    assert "Filtros (1 activo)" in spanish


def test_results_come_before_the_facets_in_a_phone_s_reading_order(client, catalogue):
    # The facets sit inside the closed <details>: what precedes the results is one line.
    text = client.get(LIST).content.decode()
    panel = text.index('id="filters-panel"')
    assert text.index("<summary", panel) < text.index('class="facets"', panel)
    assert 'id="filters-panel" open' not in text


def test_add_to_my_list_returns_to_the_trial_s_row(client, catalogue):
    text = client.get("/conditions/cirrhosis/").content.decode()
    slug = catalogue.a.slug
    assert f'id="trial-{slug}"' in text
    assert f'name="next" value="/conditions/cirrhosis/#trial-{slug}"' in text
    response = client.post(
        "/list/add/",
        {"kind": "trial", "id": catalogue.a.pk, "next": f"/conditions/cirrhosis/#trial-{slug}"},
    )
    assert response["Location"] == f"/conditions/cirrhosis/#trial-{slug}"


def test_trial_page_heading_is_where_add_returns(client, catalogue):
    slug = catalogue.a.slug
    text = client.get(catalogue.a.get_absolute_url()).content.decode()
    assert f'<h1 id="trial-{slug}">' in text
    assert f'value="{catalogue.a.get_absolute_url()}#trial-{slug}"' in text
