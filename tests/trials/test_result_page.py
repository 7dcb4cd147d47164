"""An outcome result's own admin page, reached from its trial's list: adding, changing and
deleting a result follow the trial's rules (one history on a draft, review on a published trial,
no lost updates), and the page returns to the trial."""

import pytest
import reversion
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from tests.admin_forms import change_form_data
from trials.models import ArmRole, CurationStatus, OutcomeResult, PendingRevision, Trial

pytestmark = pytest.mark.django_db


def _curator(name: str) -> Client:
    user = User.objects.create_user(name, password="a-long-password-here", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def trial_of(make_trial, make_arm, make_result, make_measure, make_reference):
    def make(status: str) -> Trial:
        with reversion.create_revision():
            trial = make_trial(status=status, short_title=f"Result page {status}")
            arm = make_arm(trial, label="Cord MSC")
            make_arm(trial, label="Control", role=ArmRole.STANDARD_CARE)
            reference = make_reference(trial, title="Test paper of the trial")
            make_result(
                trial, arm=arm, mean=35, sd=4, n=20, reference=reference, source_location="T2"
            )
        return trial

    return make


def _add_url(trial: Trial) -> str:
    return reverse("admin:trials_outcomeresult_add") + f"?trial={trial.pk}"


def _new_result(client: Client, trial: Trial, **changes: str):  # noqa: ANN202
    page = client.get(_add_url(trial))
    data = change_form_data(page) | {
        "measure": str(trial.outcome_results.first().measure_id),
        "shape": "mean_sd",
        "mean": "31",
        "sd": "3",
        "n": "18",
        "unit_reported": "g/L",
        "timepoint_weeks": "24",
        "source_kind": "publication",
    }
    return client.post(_add_url(trial), data | changes)


def test_the_trial_form_lists_each_result_as_a_curator_reads_it(admin_client, trial_of):
    trial = trial_of(CurationStatus.DRAFT)
    page = admin_client.get(reverse("admin:trials_trial_change", args=[trial.pk]))
    html = page.content.decode()
    assert "outcome_results-0-mean" not in html  # no form fields for results
    assert "35 g/L ± 4 (n = 20)" in html and "Cord MSC" in html and "12 weeks" in html
    assert "Test paper of the trial (T2)" in html and "Mean, SD and n" in html
    result = trial.outcome_results.get()
    assert reverse("admin:trials_outcomeresult_change", args=[result.pk]) in html
    assert _add_url(trial).replace("?", "?") in html.replace("&amp;", "&")


def test_a_result_added_to_a_draft_is_one_entry_of_the_trials_history(admin_client, trial_of):
    trial = trial_of(CurationStatus.DRAFT)
    page = admin_client.get(_add_url(trial)).content.decode()
    assert "Control" in page and 'type="hidden" name="trial"' in page
    before = Version.objects.get_for_object(trial).count()
    response = _new_result(admin_client, trial)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("admin:trials_trial_change", args=[trial.pk])
    assert trial.outcome_results.count() == 2
    latest = Version.objects.get_for_object(trial).first()
    assert Version.objects.get_for_object(trial).count() == before + 1
    # The revision holds the trial with both its results.
    held = latest.revision.version_set.filter(content_type__model="outcomeresult")
    assert held.count() == 2


def test_a_result_deleted_from_a_draft_is_in_the_history_and_returns_to_the_trial(
    admin_client, trial_of
):
    trial = trial_of(CurationStatus.DRAFT)
    result = trial.outcome_results.get()
    url = reverse("admin:trials_outcomeresult_delete", args=[result.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response["Location"] == reverse("admin:trials_trial_change", args=[trial.pk])
    assert not trial.outcome_results.exists()
    history = admin_client.get(reverse("admin:trials_trial_history", args=[trial.pk]))
    assert "deleted" in history.content.decode()
    assert Version.objects.get_deleted(OutcomeResult).count() == 1


def test_a_result_page_opened_before_another_save_of_the_trial_is_refused(trial_of):
    trial = trial_of(CurationStatus.DRAFT)
    alice, bob = _curator("alice"), _curator("bob")
    result = trial.outcome_results.get()
    url = reverse("admin:trials_outcomeresult_change", args=[result.pk])
    first, second = change_form_data(alice.get(url)), change_form_data(bob.get(url))
    assert alice.post(url, first | {"sd": "5"}).status_code == 302
    response = bob.post(url, second | {"n": "19"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Another curator saved this trial after you opened it" in page
    assert "SD: 4 → 5.0" in page  # what the first curator changed
    assert OutcomeResult.objects.get(pk=result.pk).n == 20


def test_a_result_added_to_a_published_trial_waits_for_another_curator(trial_of):
    trial = trial_of(CurationStatus.PUBLISHED)
    alice, bob = _curator("alice"), _curator("bob")
    response = _new_result(alice, trial)
    pending = PendingRevision.objects.get()
    assert response["Location"] == reverse("admin:trials_pendingrevision_change", args=[pending.pk])
    assert trial.outcome_results.count() == 1  # nothing public changed
    diff = bob.get(response["Location"]).content.decode()
    assert "added" in diff and "31.0" in diff
    bob.post(response["Location"], {"approve": "1"})
    assert sorted(trial.outcome_results.values_list("mean", flat=True)) == [31, 35]


def test_a_result_deleted_from_a_published_trial_waits_and_can_be_recovered(trial_of):
    trial = trial_of(CurationStatus.PUBLISHED)
    alice, bob = _curator("alice"), _curator("bob")
    result = trial.outcome_results.get()
    alice.post(reverse("admin:trials_outcomeresult_delete", args=[result.pk]), {"post": "yes"})
    assert trial.outcome_results.exists()  # still live
    pending = PendingRevision.objects.get()
    bob.post(reverse("admin:trials_pendingrevision_change", args=[pending.pk]), {"approve": "1"})
    assert not trial.outcome_results.exists()
    # Recovering it on a published trial is reviewed too.
    version = Version.objects.get_deleted(OutcomeResult).get()
    alice.post(reverse("admin:trials_outcomeresult_recover", args=[version.pk]))
    assert not trial.outcome_results.exists()
    recovery = PendingRevision.objects.exclude(pk=pending.pk).get()
    bob.post(reverse("admin:trials_pendingrevision_change", args=[recovery.pk]), {"approve": "1"})
    assert list(trial.outcome_results.values_list("pk", flat=True)) == [result.pk]
