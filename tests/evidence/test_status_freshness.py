"""Fresh statuses outside the pages: the API (and its schema) and the exports' notes."""

import datetime

import pytest
import yaml
from django.core.cache import cache

from evidence.exports.records import export_records
from tests.dates import recently_confirmed
from trials.models import RegistryId, Trial

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def fresh_throttle():  # noqa: ANN201 - the API's throttle counts in the cache
    cache.clear()
    yield
    cache.clear()


def api_row(client, trial: Trial, language: str = "en") -> dict:  # noqa: ANN001
    response = client.get(f"/api/trials/{trial.slug}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.json()


def test_the_api_reads_a_stale_status_as_unknown_and_keeps_what_was_reported(client, make_trial):
    trial = make_trial(
        recruitment_status="recruiting",
        status_as_of=datetime.date(2012, 4, 1),
        status_as_of_precision="month",
        completion_date=datetime.date(2015, 9, 1),
        completion_date_kind="planned",
    )
    row = api_row(client, trial)
    assert (row["recruitment_status"], row["reported_status"]) == ("unknown", "recruiting")
    assert (row["status_as_of"], row["status_is_stale"]) == ("2012-04", True)
    assert row["status_text"].startswith("Unknown — last confirmed April 2012")
    assert (row["completion_date"], row["completion_date_kind"]) == ("2015-09-01", "planned")
    assert api_row(client, trial, "es")["status_text"].startswith("Desconocido — ")


def test_the_api_shows_a_fresh_status_with_its_date_and_filters_like_the_site(client, make_trial):
    fresh = make_trial(recruitment_status="recruiting", status_as_of=recently_confirmed())
    make_trial(recruitment_status="recruiting", status_as_of=datetime.date(2019, 5, 10))
    row = api_row(client, fresh)
    assert (row["recruitment_status"], row["status_is_stale"]) == ("recruiting", False)
    assert row["status_as_of"] == recently_confirmed().isoformat()
    listed = client.get("/api/trials/?status=recruiting").json()["results"]
    assert [item["slug"] for item in listed] == [fresh.slug]


def test_the_schema_describes_the_status_fields(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    fields = schema["components"]["schemas"]["TrialList"]["properties"]
    for name in ["reported_status", "status_as_of", "status_is_stale", "status_text"]:
        assert fields[name].get("description"), name
    assert "two years" in fields["recruitment_status"]["description"]
    assert "planned" in fields["completion_date_kind"]["description"]


def test_every_record_of_a_trial_with_a_stale_status_says_so(make_trial, make_reference):
    trial = make_trial(recruitment_status="recruiting", status_as_of=datetime.date(2019, 5, 10))
    make_reference(trial=trial)
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT03945487")
    paper, registry = export_records(trials=Trial.objects.all(), today=TODAY)
    expected = (
        f"{trial.short_title}: recruitment status: Unknown — last confirmed 10 May 2019 as "
        "“Recruiting”; check the registry"
    )
    assert expected in paper.notes and expected in registry.notes


def test_a_current_status_is_noted_only_on_the_registry_record(make_trial, make_reference):
    trial = make_trial(recruitment_status="completed", status_as_of=datetime.date(2016, 3, 17))
    make_reference(trial=trial)
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT01875081")
    paper, registry = export_records(trials=Trial.objects.all(), today=TODAY)
    assert not any("recruitment status" in note for note in paper.notes)
    assert f"{trial.short_title}: recruitment status: Completed, as of 17 March 2016" in (
        registry.notes
    )
