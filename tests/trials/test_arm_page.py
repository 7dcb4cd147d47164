"""An arm's own admin page, reached from its trial's list of arms: adding, changing and deleting
an arm follow the trial's rules (one history on a draft, review on a published trial, no lost
updates), and the page returns to the trial."""

import pytest
import reversion
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from tests.admin_forms import change_form_data
from trials.models import Arm, ArmRole, CurationStatus, PendingRevision, Trial

pytestmark = pytest.mark.django_db


def _curator(name: str) -> Client:
    user = User.objects.create_user(name, password="a-long-password-here", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def trial_of(make_trial, make_arm):
    def make(status: str) -> Trial:
        with reversion.create_revision():
            trial = make_trial(status=status, short_title=f"Arm page {status}")
            make_arm(trial, label="Cord MSC", dose_text="1 million cells/kg")
            make_arm(trial, label="Control", role=ArmRole.STANDARD_CARE, position=2)
        return trial

    return make


def _add_url(trial: Trial) -> str:
    return reverse("admin:trials_arm_add") + f"?trial={trial.pk}"


def _new_arm(client: Client, trial: Trial, **changes: str):  # noqa: ANN202
    data = change_form_data(client.get(_add_url(trial))) | {
        "position": "3",
        "label_en": "Placebo arm",
        "label_es": "Grupo placebo",
        "role": "placebo",
        "participants_count": "15",
        "unverified_fields": [],
    }
    return client.post(_add_url(trial), data | changes)


def test_the_trial_form_lists_each_arm_with_its_page(admin_client, trial_of):
    trial = trial_of(CurationStatus.DRAFT)
    html = admin_client.get(reverse("admin:trials_trial_change", args=[trial.pk])).content.decode()
    assert 'name="arms-0-label_en"' not in html  # no form fields for arms
    assert "Cord MSC" in html and "1 million cells/kg" in html and "Standard care" in html
    for arm in trial.arms.all():
        assert reverse("admin:trials_arm_change", args=[arm.pk]) in html
    assert _add_url(trial) in html.replace("&amp;", "&")
    cord, control = trial.arms.get(label="Cord MSC"), trial.arms.get(label="Control")
    assert html.index(f'id="arm-{cord.pk}"') < html.index(f'id="arm-{control.pk}"')


def test_an_arm_added_to_a_draft_is_one_entry_of_the_trials_history(admin_client, trial_of):
    trial = trial_of(CurationStatus.DRAFT)
    page = admin_client.get(_add_url(trial)).content.decode()
    assert 'type="hidden" name="trial"' in page and 'name="label_es"' in page
    before = Version.objects.get_for_object(trial).count()
    response = _new_arm(admin_client, trial)
    assert response["Location"] == reverse("admin:trials_trial_change", args=[trial.pk])
    assert trial.arms.get(label_en="Placebo arm").label_es == "Grupo placebo"
    assert Version.objects.get_for_object(trial).count() == before + 1
    held = Version.objects.get_for_object(trial).first().revision.version_set
    assert held.filter(content_type__model="arm").count() == 3  # the trial with all its arms


def test_an_arm_deleted_from_a_draft_is_in_the_history_and_returns_to_the_trial(
    admin_client, trial_of
):
    trial = trial_of(CurationStatus.DRAFT)
    arm = trial.arms.get(label="Control")
    response = admin_client.post(reverse("admin:trials_arm_delete", args=[arm.pk]), {"post": "yes"})
    assert response["Location"] == reverse("admin:trials_trial_change", args=[trial.pk])
    history = admin_client.get(reverse("admin:trials_trial_history", args=[trial.pk]))
    assert "deleted" in history.content.decode()
    assert Version.objects.get_deleted(Arm).count() == 1


def test_an_arm_page_opened_before_another_save_of_the_trial_is_refused(trial_of):
    trial = trial_of(CurationStatus.DRAFT)
    alice, bob = _curator("alice"), _curator("bob")
    url = reverse("admin:trials_arm_change", args=[trial.arms.get(label="Cord MSC").pk])
    first, second = change_form_data(alice.get(url)), change_form_data(bob.get(url))
    assert alice.post(url, first | {"participants_count": "21"}).status_code == 302
    response = bob.post(url, second | {"dose_text_en": "2 million cells/kg"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Another curator saved this trial after you opened it" in page
    assert "20 → 21" in page  # what the first curator changed
    assert trial.arms.get(label="Cord MSC").dose_text == "1 million cells/kg"


def test_an_arm_changed_on_a_published_trial_waits_for_another_curator(trial_of):
    trial = trial_of(CurationStatus.PUBLISHED)
    alice, bob = _curator("alice"), _curator("bob")
    arm = trial.arms.get(label="Cord MSC")
    url = reverse("admin:trials_arm_change", args=[arm.pk])
    response = alice.post(url, change_form_data(alice.get(url)) | {"participants_count": "25"})
    pending = PendingRevision.objects.get()
    assert response["Location"] == reverse("admin:trials_pendingrevision_change", args=[pending.pk])
    assert Arm.objects.get(pk=arm.pk).participants_count == 20  # nothing public changed
    bob.post(response["Location"], {"approve": "1"})
    assert Arm.objects.get(pk=arm.pk).participants_count == 25


def test_an_arm_added_to_a_published_trial_waits_for_another_curator(trial_of):
    trial = trial_of(CurationStatus.PUBLISHED)
    alice, bob = _curator("alice"), _curator("bob")
    response = _new_arm(alice, trial)
    pending = PendingRevision.objects.get()
    assert response["Location"] == reverse("admin:trials_pendingrevision_change", args=[pending.pk])
    assert trial.arms.count() == 2
    bob.post(response["Location"], {"approve": "1"})
    assert trial.arms.filter(label_es="Grupo placebo").exists()


def test_the_arm_pages_need_a_curator(client, trial_of):
    trial = trial_of(CurationStatus.DRAFT)
    url = reverse("admin:trials_arm_change", args=[trial.arms.first().pk])
    assert client.get(url).status_code == 302  # to the sign-in page
    assert _curator("carol").get(url).status_code == 200
    assert _curator("dave").get(_add_url(trial)).status_code == 200
