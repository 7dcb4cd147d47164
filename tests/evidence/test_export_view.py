import csv
import io
import json

import pytest
import rispy

from evidence.models import Reference, ReferenceAuthor, TrialReference
from trials.models import CurationStatus, Design, RegistryId, Trial

pytestmark = pytest.mark.django_db
URL = "/references/export/"


def add_references(trial: Trial, count: int) -> None:
    """Many references with two authors each, in a handful of queries."""
    references = Reference.objects.bulk_create(
        Reference(title=f"Test reference {trial.pk}-{n}", journal="Test J", year=2020)
        for n in range(count)
    )
    ReferenceAuthor.objects.bulk_create(
        ReferenceAuthor(reference=reference, position=position, family=f"Test{position}")
        for reference in references
        for position in range(2)
    )
    TrialReference.objects.bulk_create(
        TrialReference(trial=trial, reference=reference, role="primary_results")
        for reference in references
    )


def body(response) -> str:  # noqa: ANN001
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize(
    ("name", "content_type", "extension"),
    [
        ("ris", "application/x-research-info-systems", "ris"),
        ("bibtex", "application/x-bibtex", "bib"),
        ("csljson", "application/vnd.citationstyles.csl+json", "json"),
        ("csv", "text/csv", "csv"),
        ("vancouver", "text/plain", "txt"),
        ("apa", "text/plain", "txt"),
        ("ama", "text/plain", "txt"),
    ],
)
def test_export_streams_each_format_as_a_named_download(
    client, make_trial, make_reference, name, content_type, extension
):
    make_reference(trial=make_trial(), title="Test exported paper")
    response = client.get(URL, {"format": name})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].split(";")[0] == content_type
    assert response["Content-Disposition"].startswith('attachment; filename="references-')
    assert response["Content-Disposition"].endswith(f'.{extension}"')
    assert "Test exported paper" in body(response)


def test_unknown_format_is_a_bad_request_naming_the_formats(client):
    response = client.get(URL, {"format": "endnote"})
    assert response.status_code == 400
    assert "ris, bibtex, csljson, csv, vancouver, apa, ama" in response.content.decode()


def test_invalid_filter_is_a_bad_request_with_the_reason(client):
    response = client.get(URL, {"format": "ris", "start_year_min": "soon"})
    assert response.status_code == 400
    assert "start_year_min" in response.content.decode()


def test_export_follows_the_trial_list_filters(client, make_trial, make_reference):
    make_reference(trial=make_trial(design=Design.RCT), title="Test randomised paper")
    make_reference(trial=make_trial(design=Design.SINGLE_ARM), title="Test single-arm paper")
    response = client.get(URL, {"format": "ris", "design": "rct"})
    titles = [entry["title"] for entry in rispy.loads(body(response))]  # fmt: skip
    assert titles == ["Test randomised paper"]


def test_export_includes_registry_records_without_duplicates(client, make_trial, make_reference):
    trial = make_trial()
    shared = make_reference(trial=trial)
    TrialReference.objects.create(trial=make_trial(), reference=shared, role="protocol")
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT00000001")
    entries = json.loads(body(client.get(URL, {"format": "csljson"})))
    assert [entry["type"] for entry in entries] == ["article-journal", "report"]
    assert entries[1]["number"] == "NCT00000001"


def test_export_never_includes_draft_trials(client, make_trial, make_reference):
    draft = make_trial(status=CurationStatus.DRAFT)
    make_reference(trial=draft)
    RegistryId.objects.create(trial=draft, registry="ctgov", identifier="NCT00000009")
    assert body(client.get(URL, {"format": "ris"})) == ""
    assert body(client.get(URL, {"format": "ris", "trial": draft.slug})) == ""


def test_empty_selection_gives_valid_empty_files(client):
    assert json.loads(body(client.get(URL, {"format": "csljson"}))) == []
    rows = list(csv.reader(io.StringIO(body(client.get(URL, {"format": "csv"})))))
    assert len(rows) == 1  # the header alone


def test_export_of_one_trial_or_one_reference(client, make_trial, make_reference):
    trial = make_trial()
    make_reference(trial=trial, title="Test trial paper")
    single = make_reference(trial=make_trial(), title="Test single paper")
    by_trial = rispy.loads(body(client.get(URL, {"format": "ris", "trial": trial.slug})))
    by_reference = rispy.loads(body(client.get(URL, {"format": "ris", "reference": single.pk})))
    assert [e["title"] for e in by_trial + by_reference] == [
        "Test trial paper",
        "Test single paper",
    ]
    assert client.get(URL, {"format": "ris", "reference": "x"}).status_code == 400
    assert client.get(URL, {"format": "ris", "reference": "9" * 30}).status_code == 400
    assert client.get(URL, {"format": "ris", "trial": "a\x00b"}).status_code == 200


@pytest.mark.parametrize("count", [3, 300])
def test_export_query_count_does_not_grow_with_the_list(
    client, make_trial, django_assert_max_num_queries, count
):
    for _ in range(3):
        trial = make_trial()
        add_references(trial, count // 3)
        RegistryId.objects.create(trial=trial, registry="ctgov", identifier=f"NCT{trial.pk:08d}")
    with django_assert_max_num_queries(7):  # conditions, trials, links, ids, refs, authors, names
        text = body(client.get(URL, {"format": "ris", "design": "rct"}))
    assert text.count("TY  - JOUR") == count and text.count("TY  - RPRT") == 3


def test_admin_actions_export_the_selected_references_and_trials(
    admin_client, make_trial, make_reference
):
    draft = make_trial(status=CurationStatus.DRAFT)
    reference = make_reference(trial=draft, title="Test curated paper")
    response = admin_client.post(
        "/admin/evidence/reference/", {"action": "export_ris", "_selected_action": [reference.pk]}
    )
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert rispy.loads(response.content.decode())[0]["title"] == "Test curated paper"
    response = admin_client.post(
        "/admin/trials/trial/",
        {"action": "export_trials_vancouver", "_selected_action": [draft.pk]},
    )
    assert response.content.decode().startswith("1. Test A, Author A. Test curated paper.")


def test_export_follows_a_search_and_its_ranking(client, make_trial, make_reference):
    make_reference(trial=make_trial(title="Test umbilical trial"), title="Test found paper")
    make_reference(trial=make_trial(title="Test marrow trial"), title="Test other paper")
    response = client.get(URL, {"format": "ris", "q": "umbilical", "sort": "relevance"})
    assert [entry["title"] for entry in rispy.loads(body(response))] == ["Test found paper"]
