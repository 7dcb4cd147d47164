"""The importers in the admin: refresh action, add-by-identifier pages, errors as messages."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from reversion.models import Version

from evidence.models import Reference
from tests.evidence import network
from trials.models import RegistryId, Trial

pytestmark = pytest.mark.django_db

LIVER = Path(__file__).parent / "payloads" / "ctgov_NCT01220492.json"
REFERENCE_IMPORT = "admin:evidence_reference_import"
TRIAL_IMPORT = "admin:trials_trial_import"


@pytest.fixture
def nejm(recorded_payloads: Path) -> bytes:
    return (recorded_payloads / "pubmed" / "biomcp_efetch_citation_22663011.xml").read_bytes()


def test_reference_list_links_to_add_by_pmid_or_doi(curator_client):
    response = curator_client.get(reverse("admin:evidence_reference_changelist"))
    assert reverse(REFERENCE_IMPORT).encode() in response.content
    assert b"Add reference by PMID or DOI" in response.content


def test_trial_list_links_to_import_from_the_registry(curator_client, make_trial):
    make_trial()  # the actions menu shows only above a list with rows
    response = curator_client.get(reverse("admin:trials_trial_changelist"))
    assert reverse(TRIAL_IMPORT).encode() in response.content
    assert b"Import or refresh from ClinicalTrials.gov" in response.content  # the action


@pytest.mark.parametrize("name", [REFERENCE_IMPORT, TRIAL_IMPORT])
def test_import_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("name", [REFERENCE_IMPORT, TRIAL_IMPORT])
def test_import_pages_need_the_add_permission(client, name):
    client.force_login(User.objects.create_user("staff", password="x" * 20, is_staff=True))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", [REFERENCE_IMPORT, TRIAL_IMPORT])
def test_import_pages_open_for_curators_and_superusers(curator_client, admin_client, name):
    assert curator_client.get(reverse(name)).status_code == 200
    assert admin_client.get(reverse(name)).status_code == 200


def test_import_page_costs_few_queries(curator_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        curator_client.get(reverse(REFERENCE_IMPORT))


def test_adding_by_pmid_creates_the_reference_and_opens_it(monkeypatch, curator_client, nejm):
    network.install(monkeypatch, {"efetch": nejm})
    response = curator_client.post(reverse(REFERENCE_IMPORT), {"identifier": " 22663011 "})
    reference = Reference.objects.get(pmid="22663011")
    assert response["Location"] == reverse("admin:evidence_reference_change", args=[reference.pk])
    latest = Version.objects.get_for_object(reference).select_related("revision__user").first()
    assert latest.revision.user.username == "curator"


def test_adding_an_unknown_doi_is_a_form_error(monkeypatch, curator_client):
    network.install(monkeypatch, {"/works/": (404, b"Resource not found.")})
    response = curator_client.post(reverse(REFERENCE_IMPORT), {"identifier": "10.1371/notarealdoi"})
    assert response.status_code == 200
    assert "10.1371/notarealdoi was not found on Crossref" in response.content.decode()
    assert not Reference.objects.exists()


def test_adding_when_offline_is_a_form_error(monkeypatch, curator_client):
    network.install(monkeypatch, {"efetch": network.requests.ConnectionError("down")})
    response = curator_client.post(reverse(REFERENCE_IMPORT), {"identifier": "22663011"})
    assert b"network seems to be down" in response.content and not Reference.objects.exists()


def test_something_that_is_neither_pmid_nor_doi_is_refused(curator_client):
    response = curator_client.post(reverse(REFERENCE_IMPORT), {"identifier": "PMC123"})
    assert b"Give a PMID" in response.content


def test_adding_a_trial_by_nct_creates_a_draft(monkeypatch, curator_client):
    network.install(monkeypatch, {"/studies/NCT01220492": LIVER.read_bytes()})
    response = curator_client.post(reverse(TRIAL_IMPORT), {"nct_id": "nct01220492"})
    trial = Trial.objects.get()
    assert response["Location"] == reverse("admin:trials_trial_change", args=[trial.pk])
    assert trial.status == "draft"


def run_refresh(client, trial: Trial):  # noqa: ANN201
    data = {"action": "import_from_ctgov", "_selected_action": [trial.pk]}
    return client.post(reverse("admin:trials_trial_changelist"), data, follow=True)


def test_refresh_action_updates_the_selected_trial(monkeypatch, curator_client, make_trial):
    trial = make_trial(sponsor="", status="draft")  # a published one: test_import_review.py
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT01220492")
    network.install(monkeypatch, {"/studies/NCT01220492": LIVER.read_bytes()})
    response = run_refresh(curator_client, trial)
    trial.refresh_from_db()
    assert trial.sponsor == "Beijing 302 Hospital"
    assert b"NCT01220492: updated." in response.content


def test_refresh_action_says_when_a_trial_has_no_nct_number(curator_client, make_trial):
    response = run_refresh(curator_client, make_trial())
    assert b"has no ClinicalTrials.gov id" in response.content


def test_refresh_action_reports_a_rate_limit_and_changes_nothing(
    monkeypatch, curator_client, make_trial
):
    trial = make_trial(sponsor="")
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT01220492")
    network.install(monkeypatch, {"/studies/": (429, b"")})
    monkeypatch.setattr("time.sleep", lambda seconds: None)  # the retry's wait, not our code
    response = run_refresh(curator_client, trial)
    assert b"HTTP 429" in response.content
    assert Trial.objects.get().sponsor == "" and not Version.objects.exists()
