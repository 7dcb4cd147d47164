"""The demo data holds no sourced risk-of-bias judgement per trial, so none is invented.

The sources quoted in evidence/demo/data/provenance.json say at most that "the majority of these
studies showed a high risk of bias" (a review about its 24 trials, not naming which), which is
not a judgement of any trial we hold.
"""

import json

import pytest

from evidence.demo.load import DEMO_DATA_DIR
from trials.models import RiskOfBiasAssessment, Trial

pytestmark = pytest.mark.django_db


def test_the_demo_data_invents_no_risk_of_bias(demo):
    assert not RiskOfBiasAssessment.objects.exists()
    text = (DEMO_DATA_DIR / "liver_msc_evidence.json").read_text().lower()
    assert "rob2" not in text and "robins" not in text
    assert all("risk_of_bias" not in trial for trial in json.loads(text)["trials"])


def test_every_demo_trial_says_not_assessed(demo, client):
    slugs = list(Trial.objects.published().values_list("slug", flat=True))
    api = {row["slug"]: row["risk_of_bias"] for row in _all_api_rows(client)}
    assert {api[slug] for slug in slugs} == {"not assessed"}
    page = client.get(f"/trials/{slugs[0]}/").content.decode()
    assert "Not assessed." in page


def _all_api_rows(client) -> list[dict]:  # noqa: ANN001
    rows, url = [], "/api/trials/?page_size=100"
    while url:
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
    return rows
