"""The trial change form costs the same queries with 3 outcome results as with 30 (no query per
row for its arms, measures, references or provenance)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trials.models import ArmRole, CellSource, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial_with_results(make_trial, make_arm, make_measure, make_reference, make_result):
    measures = [make_measure("Serum albumin"), make_measure("MELD score", unit="", abbreviation="")]

    def make(count: int) -> Trial:
        trial = make_trial()
        arms = [make_arm(trial), make_arm(trial, label="Control", role=ArmRole.STANDARD_CARE)]
        references = [make_reference(trial), make_reference(trial)]
        for number in range(count):
            make_result(
                trial,
                arm=arms[number % 2],
                comparator_arm=None,
                measure=measures[number % 2],
                unit_reported="g/L" if number % 2 == 0 else "",
                mean=30 + number % 5,
                sd=4,
                n=20,
                timepoint_weeks=number,
                reference=references[number % 2],
            )
        return trial

    return make


def queries_of(client, trial: Trial) -> list[str]:  # noqa: ANN001
    url = reverse("admin:trials_trial_change", args=[trial.pk])
    client.get(url)  # the session, content types and permissions are read once per process
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_trial_form_costs_the_same_queries_for_3_and_30_results(
    admin_client, trial_with_results
):
    three = queries_of(admin_client, trial_with_results(3))
    thirty = queries_of(admin_client, trial_with_results(30))
    assert len(thirty) == len(three), "\n".join(thirty)
    assert len(thirty) <= 40, "\n".join(thirty)


def test_the_trial_form_costs_the_same_queries_for_2_and_12_arms(
    admin_client, make_trial, make_arm, make_vocabulary
):
    source = make_vocabulary(CellSource, "Umbilical cord MSC")

    def trial_with_arms(count: int) -> Trial:
        trial = make_trial()
        for number in range(count):
            make_arm(trial, label=f"Arm {number}", position=number, cell_source=source)
        return trial

    two = queries_of(admin_client, trial_with_arms(2))
    twelve = queries_of(admin_client, trial_with_arms(12))
    assert len(twelve) == len(two), "\n".join(twelve)
