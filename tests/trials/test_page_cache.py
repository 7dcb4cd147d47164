"""The page cache's keys: cleaned filters only, so junk parameters share a page and never show."""

import pytest
from django.http import QueryDict

from trials.filters import page_params

from .test_views import LIST, main_of, page_text

pytestmark = pytest.mark.django_db


def test_page_params_keep_only_filters_in_a_fixed_order():
    params, notices = page_params(
        QueryDict("utm_source=mail&q=+cord+&condition=b&condition=a&condition=a&sort=&page=2")
    )
    assert params.urlencode() == "condition=a&condition=b&q=cord&page=2"
    assert notices == []


def test_page_params_keep_the_notice_of_a_repeated_parameter():
    params, notices = page_params(QueryDict("q=one&q=two"))
    assert params.urlencode() == "q=two" and len(notices) == 1


def test_a_parameter_that_is_not_a_filter_shares_the_cached_page(
    client, catalogue, django_assert_max_num_queries
):
    first = page_text(client.get(f"{LIST}?condition=cirrhosis"))
    with django_assert_max_num_queries(1):  # the data version; the rest is cached
        junk = client.get(f"{LIST}?x=1&condition=cirrhosis&utm_campaign=junkvalue")
    assert main_of(page_text(junk)) == main_of(first)
    assert "junkvalue" not in main_of(page_text(junk))


def test_the_cached_list_links_carry_only_the_cleaned_filters(client, catalogue):
    page = page_text(client.get(f"{LIST}?junkparam=1&condition=cirrhosis&page=1"))
    body = main_of(page)  # the header's language switcher keeps the visitor's own address
    assert "junkparam" not in body and "page=1" not in body
    assert "?condition=cirrhosis&amp;format=ris" in body
