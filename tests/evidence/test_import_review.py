"""Imports of published trials go through review: a refresh from ClinicalTrials.gov or a link
from PubMed becomes a pending revision that another curator approves; drafts change at once."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from evidence.importing.errors import ImporterError
from evidence.importing.services import reference_import_pubmed, trial_import_ctgov
from evidence.models import Reference, TrialReference
from tests.evidence import network
from trials.models import Arm, OutcomeResult, PendingRevision, RegistryId, Trial
from trials.revisions.history import history_entries
from trials.revisions.pending import pending_revision_approve

pytestmark = pytest.mark.django_db

LIVER = Path(__file__).parent / "payloads" / "ctgov_NCT01220492.json"
TODAY = timezone.localdate().isoformat()


def terminated() -> dict:
    payload = json.loads(LIVER.read_bytes())
    payload["protocolSection"]["statusModule"]["overallStatus"] = "TERMINATED"
    return payload


def _curator(name: str) -> User:
    user = User.objects.create_user(name, password="a-long-password-here", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    return user


@pytest.fixture
def published() -> Trial:
    trial = trial_import_ctgov(payload=json.loads(LIVER.read_bytes())).instance
    trial.status = "published"
    trial.save()
    return trial


def live_state(trial: Trial) -> tuple:
    trial = Trial.objects.get(pk=trial.pk)
    rows = (trial.arms.count(), trial.registry_ids.count(), trial.trial_references.count())
    history = Version.objects.get_for_object(trial).count()
    return trial.recruitment_status, trial.version, rows, history


def test_a_published_trials_refresh_waits_for_review_and_changes_nothing_public(client, published):
    before = live_state(published)
    report = trial_import_ctgov(payload=terminated())
    assert live_state(published) == before
    assert "completed" in client.get(published.get_absolute_url()).content.decode().lower()
    pending = PendingRevision.objects.get()
    assert (pending.trial, pending.author, pending.status) == (published, None, "pending")
    assert pending.source == f"Refreshed from ClinicalTrials.gov {TODAY}"
    assert report.pending == [pending] and not report.changed
    assert "wait for another curator's review" in report.summary()


def test_a_refresh_that_changes_nothing_creates_nothing(published):
    before = live_state(published)
    report = trial_import_ctgov(payload=json.loads(LIVER.read_bytes()))
    assert not PendingRevision.objects.exists() and not report.pending
    assert live_state(published) == before


def test_the_same_refresh_twice_keeps_one_pending_change(published):
    trial_import_ctgov(payload=terminated())
    report = trial_import_ctgov(payload=terminated())
    assert PendingRevision.objects.count() == 1
    assert "The same changes were already waiting." in report.summary()


def test_any_curator_approves_an_import_and_the_history_names_both(published):
    trial_import_ctgov(payload=terminated())
    pending = PendingRevision.objects.get()
    pending_revision_approve(pending_id=pending.pk, approver=_curator("bob"))
    assert Trial.objects.get(pk=published.pk).recruitment_status == "terminated"
    latest = Version.objects.get_for_object(published).select_related("revision").first()
    assert latest.revision.comment == (
        f"Refreshed from ClinicalTrials.gov {TODAY}, approved by bob"
    )
    assert latest.revision.user.username == "bob"
    newest = history_entries(Trial, str(published.pk))[0]
    assert newest.comment == f"Refreshed from ClinicalTrials.gov {TODAY}, approved by bob"
    # The next refresh reads the approved import as the registry's last values: nothing to do.
    assert not trial_import_ctgov(payload=terminated()).pending


def test_the_curator_who_ran_an_import_cannot_approve_it(published):
    alice = _curator("alice")
    trial_import_ctgov(payload=terminated(), user=alice)
    pending = PendingRevision.objects.get()
    with pytest.raises(Exception, match="Another curator must approve"):
        pending_revision_approve(pending_id=pending.pk, approver=alice)
    pending_revision_approve(pending_id=pending.pk, approver=_curator("bob"))
    latest = Version.objects.get_for_object(published).select_related("revision").first()
    assert latest.revision.comment == (
        f"Refreshed from ClinicalTrials.gov {TODAY} by alice, approved by bob"
    )


def test_a_bad_payload_for_a_published_trial_changes_nothing(published):
    broken = terminated()
    broken["protocolSection"]["statusModule"]["startDateStruct"]["date"] = "soon"
    before = live_state(published)
    with pytest.raises(ImporterError):
        trial_import_ctgov(payload=broken)
    assert live_state(published) == before and not PendingRevision.objects.exists()


def test_rows_a_refresh_adds_go_live_on_approval(recorded_payloads, make_trial, make_measure):
    make_measure("FOSI total score", abbreviation="FOSI", kind="continuous", unit="")
    trial = make_trial("A curator's title", status="published")
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT00791778")
    payload = json.loads((recorded_payloads / "ctgov" / "NCT00791778.json").read_bytes())
    report = trial_import_ctgov(payload=payload)
    assert not Arm.objects.exists() and not OutcomeResult.objects.exists()
    assert not TrialReference.objects.exists()
    assert Reference.objects.count() == 2  # the papers exist (references are not reviewed)
    pending_revision_approve(pending_id=report.pending[0].pk, approver=_curator("bob"))
    assert Arm.objects.filter(trial=trial).count() == 2
    assert TrialReference.objects.filter(trial=trial).count() == 2
    assert OutcomeResult.objects.filter(trial=trial).count() == report.results_created > 0
    assert RegistryId.objects.filter(trial=trial).count() == 2  # NCT and EudraCT numbers


def test_a_draft_is_still_refreshed_at_once():
    trial = trial_import_ctgov(payload=json.loads(LIVER.read_bytes())).instance
    trial_import_ctgov(payload=terminated())
    assert Trial.objects.get(pk=trial.pk).recruitment_status == "terminated"
    assert not PendingRevision.objects.exists()


def test_the_command_says_how_many_changes_wait_for_review(published, tmp_path, capsys):
    path = tmp_path / "study.json"
    path.write_text(json.dumps(terminated()))
    call_command("import_ctgov", "--file", str(path))
    out = capsys.readouterr().out
    assert "1 change to a published trial waiting for another curator's review" in out
    call_command("import_ctgov", "--file", str(LIVER))  # the registry as live: nothing waits
    assert "waiting for another curator's review" not in capsys.readouterr().out


def test_the_refresh_action_reports_the_changes_waiting(monkeypatch, published):
    client = Client()
    client.force_login(_curator("alice"))
    network.install(monkeypatch, {"/studies/NCT01220492": json.dumps(terminated()).encode()})
    data = {"action": "import_from_ctgov", "_selected_action": [published.pk]}
    response = client.post(reverse("admin:trials_trial_changelist"), data, follow=True)
    assert "1 change to a published trial waiting" in response.content.decode()
    assert Trial.objects.get(pk=published.pk).recruitment_status == "completed"


def test_the_import_page_opens_the_pending_change(monkeypatch, published):
    client = Client()
    client.force_login(_curator("alice"))
    network.install(monkeypatch, {"/studies/NCT01220492": json.dumps(terminated()).encode()})
    response = client.post(reverse("admin:trials_trial_import"), {"nct_id": "NCT01220492"})
    pending = PendingRevision.objects.get()
    assert response["Location"] == reverse("admin:trials_pendingrevision_change", args=[pending.pk])
    page = client.get(response["Location"]).content.decode()
    assert "This change comes from an import: Refreshed from ClinicalTrials.gov" in page
    assert "Terminated" in page


@pytest.fixture
def nejm(recorded_payloads: Path) -> bytes:
    return (recorded_payloads / "pubmed" / "biomcp_efetch_citation_22663011.xml").read_bytes()


def test_a_pubmed_link_to_a_published_trial_waits_for_review(nejm, make_trial):
    trial = make_trial()
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT01245062")
    (report,) = reference_import_pubmed(payload=nejm)
    assert not TrialReference.objects.exists() and Reference.objects.count() == 1
    pending = PendingRevision.objects.get()
    assert pending.source == f"Imported from PubMed {TODAY}" and report.pending == [pending]
    reference_import_pubmed(payload=nejm)  # again: the same link already waits
    assert PendingRevision.objects.count() == 1
    pending_revision_approve(pending_id=pending.pk, approver=_curator("bob"))
    assert TrialReference.objects.get().trial == trial


def test_a_pubmed_link_to_a_draft_is_made_at_once(nejm, make_trial):
    trial = make_trial(status="draft")
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT01245062")
    (report,) = reference_import_pubmed(payload=nejm)
    assert TrialReference.objects.get().trial == trial and not report.pending
