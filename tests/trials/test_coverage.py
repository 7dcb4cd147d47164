"""The coverage note: counts from the published trials beside the curators' note (issue 21.4)."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import translation

from trials.models import CoverageGap, CoverageNote, CurationStatus, RegistryId

pytestmark = pytest.mark.django_db
CHECKED = datetime.date(2026, 12, 7)


@pytest.fixture
def note() -> CoverageNote:
    with translation.override("en"):
        note = CoverageNote.objects.create(
            checked_on=CHECKED,
            text="Not every study there is.",
            text_es="No todos los estudios que existen.",
            status=CurationStatus.PUBLISHED,
        )
        CoverageGap.objects.create(
            note=note,
            identifier="NCT02223897",
            reason="No public page describes it.",
            reason_es="Ninguna página pública lo describe.",
        )
    return note


def test_home_and_list_count_published_studies_and_show_the_note(client, make_trial, note):
    registered = make_trial()
    RegistryId.objects.create(trial=registered, registry="ctgov", identifier="NCT01234567")
    make_trial()
    make_trial(status=CurationStatus.DRAFT)
    for url in ("/", "/trials/"):
        html = client.get(url).content.decode()
        assert '<details class="coverage-note"' in html
        assert "We hold 2 published studies, not every study there is." in html
        assert "1 of them has a trial registry number." in html
        assert "Last checked against the trial registries on" in html
        assert "Not every study there is." in html
        assert "<strong>NCT02223897</strong>: No public page describes it." in html


def test_the_note_reads_in_spanish(client, make_trial, note):
    make_trial()
    for url in ("/es/", "/es/trials/"):
        html = client.get(url).content.decode()
        assert "Tenemos 1 estudio publicado, no todos los que existen." in html
        assert "No todos los estudios que existen." in html
        assert "Ninguna página pública lo describe." in html


def test_a_draft_note_is_not_shown(client, make_trial, note):
    CoverageNote.objects.filter(pk=note.pk).update(status=CurationStatus.DRAFT)
    cache.clear()
    html = client.get("/trials/").content.decode()
    assert "NCT02223897" not in html and "Not every study" not in html
    assert "We have not yet written down when this set was last checked" in html


def test_api_coverage_gives_the_counts_and_the_note(client, make_trial, note):
    make_trial()
    make_trial(status=CurationStatus.DRAFT)
    body = client.get("/api/coverage/").json()
    assert body == {
        "studies_held": 1,
        "studies_with_registry_id": 0,
        "reviews_held": 0,
        "checked_on": "2026-12-07",
        "note": "Not every study there is.",
        "known_missing": [{"identifier": "NCT02223897", "reason": "No public page describes it."}],
    }
    spanish = client.get("/api/coverage/", HTTP_ACCEPT_LANGUAGE="es").json()
    assert spanish["known_missing"][0]["reason"] == "Ninguna página pública lo describe."


def test_api_coverage_without_a_note_says_null(client):
    body = client.get("/api/coverage/").json()
    assert body["checked_on"] is None and body["note"] is None and body["known_missing"] == []


def test_api_coverage_is_in_the_schema_and_the_root(client):
    schema = client.get("/api/schema/?format=json").json()
    properties = schema["components"]["schemas"]["Coverage"]["properties"]
    assert {"studies_held", "checked_on", "note", "known_missing"} <= set(properties)
    assert "/api/coverage/" in schema["paths"]
    assert client.get("/api/").json()["coverage"].endswith("/api/coverage/")


def test_home_queries_stay_constant_with_the_note(
    client, make_trial, note, django_assert_max_num_queries
):
    for _ in range(5):
        make_trial()
    with django_assert_max_num_queries(20):
        assert client.get("/").status_code == 200
