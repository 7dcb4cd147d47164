"""No lost updates: a change form opened before someone else saved the trial is refused."""

import pytest
import reversion
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from tests.admin_forms import change_form_data
from trials.models import Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_client(curator: User) -> Client:
    user = User.objects.create_user("second", password="another-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    other = Client()
    other.force_login(user)
    return other


def test_the_second_of_two_open_forms_is_refused_and_shows_the_first_change(
    curator_client, second_client, make_trial, make_arm
):
    with reversion.create_revision():  # its history starts here
        trial = make_trial(status="draft", enrollment=40)
        make_arm(trial, label="Cord MSC")
    url = reverse("admin:trials_trial_change", args=[trial.pk])
    first = change_form_data(curator_client.get(url))
    second = change_form_data(second_client.get(url))

    first["enrollment"] = "44"
    assert curator_client.post(url, first).status_code == 302
    second["sponsor"] = "A sponsor typed by the second curator"
    response = second_client.post(url, second)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Another curator saved this trial after you opened it" in page
    assert "curator" in page and "enrollment: 40 → 44" in page
    assert "A sponsor typed by the second curator" in page  # the input is kept
    trial.refresh_from_db()
    assert (trial.enrollment, trial.sponsor) == (44, "")


def test_saving_again_after_the_refusal_keeps_the_second_curators_input(
    curator_client, second_client, make_trial
):
    trial = make_trial(status="draft", enrollment=40)
    url = reverse("admin:trials_trial_change", args=[trial.pk])
    first = change_form_data(curator_client.get(url))
    second = change_form_data(second_client.get(url))
    first["enrollment"] = "44"
    curator_client.post(url, first)
    second["sponsor"] = "Second sponsor"
    refused = second_client.post(url, second)
    again = change_form_data(refused)
    assert second_client.post(url, again).status_code == 302
    trial.refresh_from_db()
    assert trial.sponsor == "Second sponsor"


def test_a_change_to_an_arm_elsewhere_also_makes_the_form_stale(
    curator_client, make_trial, make_arm
):
    trial = make_trial(status="draft")
    arm = make_arm(trial, label="Cord MSC")
    url = reverse("admin:trials_trial_change", args=[trial.pk])
    opened = change_form_data(curator_client.get(url))
    arm.participants_count = 21
    arm.save()
    response = curator_client.post(url, opened)
    assert response.status_code == 200
    assert "Another curator saved this trial" in response.content.decode()


def test_every_save_of_the_trial_or_its_rows_raises_its_version(make_trial, make_arm):
    trial = make_trial()
    start = trial.version
    trial.save()
    make_arm(trial)
    assert Trial.objects.get(pk=trial.pk).version == start + 2
