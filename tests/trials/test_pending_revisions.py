"""Reviewed changes: a published trial's save waits for another curator before going live."""

import pytest
import reversion
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from tests.admin_forms import change_form_data
from trials.models import PendingRevision, Trial

pytestmark = pytest.mark.django_db


def _curator(name: str, **extra: object) -> Client:
    user = User.objects.create_user(name, password="a-long-password-here", is_staff=True, **extra)
    user.groups.add(Group.objects.get(name="Curator"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def published(make_trial, make_arm, make_result):
    with reversion.create_revision():
        trial = make_trial(short_title="Live trial", sponsor="Live sponsor")
        arm = make_arm(trial, label="Cord MSC")
        make_result(trial, mean=30, sd=3, n=10, arm=arm)
    return trial


def _propose(client: Client, trial: Trial, **changes: str) -> PendingRevision:
    url = reverse("admin:trials_trial_change", args=[trial.pk])
    response = client.post(url, change_form_data(client.get(url)) | changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    pending = PendingRevision.objects.get()
    assert response["Location"] == reverse("admin:trials_pendingrevision_change", args=[pending.pk])
    return pending


def _review(client: Client, pending: PendingRevision, **data: str):  # noqa: ANN202
    url = reverse("admin:trials_pendingrevision_change", args=[pending.pk])
    return client.post(url, data)


def test_a_published_trial_changes_publicly_only_after_another_curator_approves(client, published):
    alice, bob = _curator("alice"), _curator("bob")
    pending = _propose(alice, published, sponsor="Proposed sponsor")
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Live sponsor" in page and "Proposed sponsor" not in page
    assert Trial.objects.get().sponsor == "Live sponsor"
    diff = bob.get(reverse("admin:trials_pendingrevision_change", args=[pending.pk]))
    assert "Live sponsor" in diff.content.decode() and "Proposed sponsor" in diff.content.decode()
    _review(bob, pending, approve="1")
    assert Trial.objects.get().sponsor == "Proposed sponsor"
    assert "Proposed sponsor" in client.get(published.get_absolute_url()).content.decode()


def test_the_author_cannot_approve_their_own_change(published):
    alice = _curator("alice")
    pending = _propose(alice, published, sponsor="Proposed sponsor")
    _review(alice, pending, approve="1")
    assert Trial.objects.get().sponsor == "Live sponsor"
    assert PendingRevision.objects.get().status == "pending"


def test_approval_is_one_history_entry_naming_both_curators(published):
    alice, bob = _curator("alice"), _curator("bob")
    before = Version.objects.get_for_object(published).count()
    pending = _propose(alice, published, sponsor="Proposed sponsor")
    assert Version.objects.get_for_object(published).count() == before  # nothing live yet
    _review(bob, pending, approve="1")
    versions = Version.objects.get_for_object(published).select_related("revision__user")
    assert versions.count() == before + 1
    revision = versions.first().revision
    assert revision.user.username == "bob" and revision.comment == (
        "Change by alice approved by bob"
    )


def test_a_change_sent_back_leaves_the_live_trial_untouched(published):
    alice, bob = _curator("alice"), _curator("bob")
    pending = _propose(alice, published, sponsor="Proposed sponsor")
    _review(bob, pending, send_back="1", comment="Cite the table, please.")
    pending.refresh_from_db()
    assert (pending.status, pending.review_comment) == ("sent_back", "Cite the table, please.")
    assert Trial.objects.get().sponsor == "Live sponsor"
    _review(bob, pending, approve="1")  # no longer waiting
    assert Trial.objects.get().sponsor == "Live sponsor"


def test_a_superuser_approves_their_own_change_only_with_a_reason(published):
    root = _curator("root", is_superuser=True)
    pending = _propose(root, published, sponsor="Urgent correction")
    _review(root, pending, approve="1", reason=" ")
    assert Trial.objects.get().sponsor == "Live sponsor"
    _review(root, pending, approve="1", reason="Wrong dose shown to patients")
    assert Trial.objects.get().sponsor == "Urgent correction"
    revision = Version.objects.get_for_object(published).first().revision
    assert revision.comment == "Change by root approved by root: Wrong dose shown to patients"


def test_a_second_approval_of_the_same_change_applies_nothing(published):
    alice, bob, carol = _curator("alice"), _curator("bob"), _curator("carol")
    pending = _propose(alice, published, sponsor="Proposed sponsor")
    _review(bob, pending, approve="1")
    count = Version.objects.get_for_object(published).count()
    _review(carol, pending, approve="1")
    assert Version.objects.get_for_object(published).count() == count


def test_new_arm_and_result_go_live_together_on_approval(published, make_measure):
    alice, bob = _curator("alice"), _curator("bob")
    # Added on the arm's own page, reached from the trial's list of arms ("Add an arm").
    url = reverse("admin:trials_arm_add") + f"?trial={published.pk}"
    data = change_form_data(alice.get(url))
    data |= {
        "position": "2",
        "label_en": "Placebo arm",
        "role": "placebo",
        "participants_count": "15",
        "unverified_fields": [],  # chosen from a list (none)
    }
    alice.post(url, data)
    assert published.arms.count() == 1
    _review(bob, PendingRevision.objects.get(), approve="1")
    assert sorted(published.arms.values_list("label", flat=True)) == ["Cord MSC", "Placebo arm"]


def test_a_draft_is_saved_directly(make_trial):
    alice = _curator("alice")
    trial = make_trial(status="draft")
    url = reverse("admin:trials_trial_change", args=[trial.pk])
    alice.post(url, change_form_data(alice.get(url)) | {"sponsor": "Direct"})
    assert Trial.objects.get().sponsor == "Direct" and not PendingRevision.objects.exists()


def test_the_dashboard_lists_pending_changes_with_their_age(published):
    alice = _curator("alice")
    _propose(alice, published, sponsor="Proposed sponsor")
    page = alice.get(reverse("admin:curation")).content.decode()
    assert "Changes waiting for approval" in page and "Live trial" in page


def test_a_result_changed_on_its_own_page_also_waits_for_approval(published):
    alice, bob = _curator("alice"), _curator("bob")
    result = published.outcome_results.get()
    url = reverse("admin:trials_outcomeresult_change", args=[result.pk])
    response = alice.post(url, change_form_data(alice.get(url)) | {"mean": "31"})
    assert response.status_code == 302
    assert published.outcome_results.get().mean == 30
    _review(bob, PendingRevision.objects.get(), approve="1")
    assert published.outcome_results.get().mean == 31


def test_restoring_a_published_trials_earlier_version_waits_for_approval(published):
    alice, bob = _curator("alice"), _curator("bob")
    first = Version.objects.get_for_object(published).get()
    with reversion.create_revision():
        published.sponsor = "Later sponsor"
        published.save()
    url = reverse("admin:trials_trial_revision", args=[published.pk, first.pk])
    assert alice.post(url, change_form_data(alice.get(url))).status_code == 302
    assert Trial.objects.get().sponsor == "Later sponsor"
    _review(bob, PendingRevision.objects.get(), approve="1")
    assert Trial.objects.get().sponsor == "Live sponsor"
