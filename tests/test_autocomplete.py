"""Every admin autocomplete offers exact matches first, then names that start with the term."""

import pytest
from django.urls import reverse

from trials.models import MeasureKind

pytestmark = pytest.mark.django_db


def offered(client, term: str, model_name: str, field_name: str, app_label: str = "trials"):  # noqa: ANN001, ANN201
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_an_exact_short_name_ranks_first_then_shorter_prefixes(curator_client, make_measure):
    make_measure(
        "MELD fall of 3 points or more", abbreviation="MELD response", kind=MeasureKind.BINARY
    )
    make_measure("MELD-Na score", abbreviation="MELD-Na")
    make_measure("MELD score", abbreviation="MELD")
    make_measure("Change in MELD", abbreviation="")
    names = offered(curator_client, "MELD", "outcomeresult", "measure")
    assert names == [
        "MELD score",  # its short name is exactly "MELD"
        "MELD-Na score",
        "MELD fall of 3 points or more",
        "Change in MELD",
    ]


def test_an_exact_name_ranks_before_names_containing_it(curator_client, make_condition):
    make_condition("Acute-on-chronic liver failure")
    make_condition("Liver failure")
    make_condition("Liver failure after surgery")
    names = offered(curator_client, "liver failure", "trial", "conditions")
    assert names == [
        "Liver failure",
        "Liver failure after surgery",
        "Acute-on-chronic liver failure",
    ]
