"""Bulk actions on published trials are reviewed like a save: unpublishing, marking reviewed and
marking results verified become one pending change per trial; publishing (the review step) is
never done by the author of the trial's last change."""

import pytest
import reversion
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from trials.models import CurationStatus, PendingRevision, Trial

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:trials_trial_changelist"


def _curator(name: str) -> tuple[User, Client]:
    user = User.objects.create_user(name, password="a-long-password-here", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    client = Client()
    client.force_login(user)
    return user, client


def _act(client: Client, action: str, *trials: Trial, url: str = CHANGELIST) -> None:
    pks = [trial.pk for trial in trials]
    response = client.post(reverse(url), {"action": action, "_selected_action": pks})
    assert response.status_code == 302


def _approve(client: Client, pending: PendingRevision) -> None:
    client.post(reverse("admin:trials_pendingrevision_change", args=[pending.pk]), {"approve": 1})


def test_unpublishing_waits_for_another_curator(make_trial):
    trial = make_trial()
    (_alice, alice), (_bob, bob) = _curator("alice"), _curator("bob")
    _act(alice, "unpublish", trial)
    assert Trial.objects.get(pk=trial.pk).status == CurationStatus.PUBLISHED
    pending = PendingRevision.objects.get(trial=trial)
    _approve(alice, pending)  # not the author's to approve
    assert Trial.objects.get(pk=trial.pk).status == CurationStatus.PUBLISHED
    _approve(bob, pending)
    assert Trial.objects.get(pk=trial.pk).status == CurationStatus.DRAFT


def test_marking_reviewed_is_direct_for_a_draft_and_reviewed_for_a_published_trial(make_trial):
    live, draft = make_trial(), make_trial(status=CurationStatus.DRAFT)
    (alice_user, alice), (_bob, bob) = _curator("alice"), _curator("bob")
    _act(alice, "mark_reviewed_today", live, draft)
    assert Trial.objects.get(pk=draft.pk).last_reviewed_by == alice_user
    assert Trial.objects.get(pk=live.pk).last_reviewed_by is None
    _approve(bob, PendingRevision.objects.get(trial=live))
    assert Trial.objects.get(pk=live.pk).last_reviewed_by == alice_user


def test_the_author_of_the_last_change_does_not_publish_it(make_trial):
    (alice_user, alice), (_bob, bob) = _curator("alice"), _curator("bob")
    with reversion.create_revision():
        reversion.set_user(alice_user)
        trial = make_trial(status=CurationStatus.IN_REVIEW)
    _act(alice, "publish", trial)
    assert Trial.objects.get(pk=trial.pk).status == CurationStatus.IN_REVIEW
    _act(bob, "publish", trial)
    assert Trial.objects.get(pk=trial.pk).status == CurationStatus.PUBLISHED


def test_marking_a_published_trials_results_verified_waits_for_approval(make_trial, make_result):
    trial = make_trial()
    result = make_result(trial, mean=35, sd=4, n=20)
    (alice_user, alice), (_bob, bob) = _curator("alice"), _curator("bob")
    _act(alice, "mark_verified", result, url="admin:trials_outcomeresult_changelist")
    result.refresh_from_db()
    assert result.verified_at is None
    _approve(bob, PendingRevision.objects.get(trial=trial))
    result.refresh_from_db()
    assert result.verified_by == alice_user and result.verified_at is not None
