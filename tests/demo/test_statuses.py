"""The demo data's statuses and dates as pages show them (issue 15 item 6, audit W12)."""

import json
import re

import pytest
from django.utils import translation

from evidence.demo.load import DEMO_DATA_DIR
from trials.models import Trial

pytestmark = pytest.mark.django_db


def page(trial: Trial) -> str:
    """The trial's English address, whatever language the last request left active."""
    with translation.override("en"):
        return trial.get_absolute_url()


FACT = re.compile(r'<div data-fields="(start_date|completion_date)"><dt>([^<]+)</dt>')


@pytest.fixture
def trials(demo) -> list[Trial]:  # noqa: ANN001
    return list(Trial.objects.published().order_by("slug"))


def test_no_registry_entry_reported_as_recruiting_counts_as_recruiting(client, trials, trial_pages):
    reported = [trial for trial in trials if trial.recruitment_status == "recruiting"]
    # NCT03945487 (2019 snapshot), NCT05985863, NCT05871463 and NCT05106972 (undated)
    assert len(reported) == 4
    assert client.get("/trials/?status=recruiting").context["page"].paginator.count == 0
    for trial in reported:
        text = trial_pages[trial.slug][1]
        assert "Unknown — " in text and "check the registry" in text, trial.slug
        spanish = client.get(f"/es{page(trial)}").content.decode()
        assert "Desconocido — " in spanish and "consulte el registro" in spanish, trial.slug


def test_each_status_date_and_date_kind_is_loaded_as_the_data_says(trials):
    by_slug = {trial.slug: trial for trial in trials}
    data = json.loads((DEMO_DATA_DIR / "liver_msc_evidence.json").read_text())["trials"]
    for record in data:
        trial = by_slug[record["slug"]]
        assert trial.status_as_of_display == (record.get("status_as_of") or ""), trial.slug
        assert trial.start_date_kind == record.get("start_date_kind", ""), trial.slug
        assert trial.completion_date_kind == record.get("completion_date_kind", ""), trial.slug


def test_no_page_calls_a_date_a_completion_unless_the_source_says_it_happened(trials, trial_pages):
    for trial in trials:
        labels = dict(FACT.findall(trial_pages[trial.slug][1]))
        if trial.completion_date_kind != "actual":
            assert labels["completion_date"] != "Completed", trial.slug
        if trial.start_date_kind != "actual":
            assert labels["start_date"] != "Started", trial.slug
