"""Outcome results in the admin: the trial form lists them compactly, in the order they were
entered; each is edited on its own page, which carries the shape rules for its script and
refuses numbers its measure cannot have; unverified fields are chosen from a list."""

import json
import re

import pytest
from django.urls import reverse

from tests.admin_forms import change_form_data
from trials.models import Arm, CurationStatus, MeasureKind, OutcomeResult, ResultShape, Trial

pytestmark = pytest.mark.django_db


def change_form(client, trial: Trial) -> tuple[str, object]:  # noqa: ANN001
    url = reverse("admin:trials_trial_change", args=[trial.pk])
    return url, client.get(url)


def result_page(client, result: OutcomeResult) -> tuple[str, object]:  # noqa: ANN001
    url = reverse("admin:trials_outcomeresult_change", args=[result.pk])
    return url, client.get(url)


def listed_measures(response) -> list[str]:  # noqa: ANN001
    return [row["measure"] for row in response.context["result_rows"]]


def test_results_stay_in_the_order_they_were_entered(
    admin_client, make_trial, make_measure, make_result
):
    trial = make_trial(status=CurationStatus.DRAFT)  # saved directly
    albumin, bilirubin = make_measure("Serum albumin"), make_measure("Bilirubin", unit="")
    first = make_result(trial, measure=albumin, mean=35, sd=4, n=20)
    make_result(trial, measure=bilirubin, mean=2, sd=1, n=20, unit_reported="")
    # The first entered stays first, although "Bilirubin" sorts before "Serum albumin".
    _url, response = change_form(admin_client, trial)
    assert listed_measures(response) == ["Serum albumin", "Bilirubin"]
    url, page = result_page(admin_client, first)
    saved = admin_client.post(url, change_form_data(page) | {"mean": "36"})
    assert saved["Location"] == reverse("admin:trials_trial_change", args=[trial.pk])
    assert listed_measures(change_form(admin_client, trial)[1])[0] == "Serum albumin"


def test_the_result_page_carries_its_shape_rules_for_the_script(admin_client, catalogue):
    _url, response = result_page(admin_client, catalogue.a.outcome_results.first())
    html = response.content.decode()
    assert "trials_admin/result_shape.js" in html
    [fields] = re.findall(r'name="shape"[^>]*data-shape-fields="([^"]+)"', html)
    rules = json.loads(fields.replace("&quot;", '"'))
    assert rules[ResultShape.EVENTS] == ["events", "total", "percentage"]
    [kinds] = re.findall(r'name="measure"[^>]*data-measure-kinds="([^"]+)"', html)
    assert json.loads(kinds.replace("&quot;", '"'))[str(catalogue.albumin.pk)] == "continuous"


def test_the_result_page_refuses_a_mean_for_a_yes_no_measure(
    admin_client, make_trial, make_measure, make_result
):
    trial = make_trial(status=CurationStatus.DRAFT)
    result = make_result(trial, mean=35, sd=4, n=20)
    meld_fall = make_measure("MELD fall of 3 points or more", kind=MeasureKind.BINARY, unit="")
    url, response = result_page(admin_client, result)
    response = admin_client.post(url, change_form_data(response) | {"measure": str(meld_fall.pk)})
    assert response.status_code == 200
    assert "MELD fall of 3 points or more is a binary measure" in response.content.decode()
    assert OutcomeResult.objects.get(pk=result.pk).measure_id == result.measure_id


def test_unverified_fields_are_chosen_from_the_records_fields(admin_client, make_trial, make_arm):
    # A draft saves directly (a published trial's change waits for review).
    trial = make_trial(unverified_fields=["enrollment"], status=CurationStatus.DRAFT)
    make_arm(trial, unverified_fields=["dose_text"])
    url, response = change_form(admin_client, trial)
    html = response.content.decode()
    assert re.search(r'<select name="unverified_fields"[^>]*multiple', html)
    assert '<option value="enrollment" selected>' in html
    assert '<option value="registry_ids">' in html  # rows a source lists are offered too
    data = change_form_data(response)
    data["unverified_fields"] = ["enrollment", "countries"]
    assert admin_client.post(url, data).status_code == 302
    assert Trial.objects.get(pk=trial.pk).unverified_fields == ["enrollment", "countries"]
    # An arm's are chosen on the arm's own page (linked from the trial's list of arms).
    arm_url = reverse("admin:trials_arm_change", args=[Arm.objects.get(trial=trial).pk])
    arm_page = admin_client.get(arm_url)
    assert '<option value="dose_text" selected>' in arm_page.content.decode()
    arm_data = change_form_data(arm_page) | {"unverified_fields": []}
    assert admin_client.post(arm_url, arm_data).status_code == 302
    assert Arm.objects.get(trial=trial).unverified_fields == []
