"""A deleted trial recovered from its history in the admin comes back as a draft, with its rows,
and is not public until another curator publishes it again."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from tests.admin_forms import change_form_data
from trials.models import Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def deleted_version(admin_client, make_trial, make_arm, make_result) -> Version:
    """A published trial with an arm and a result, deleted through the admin."""
    with reversion.create_revision():
        trial = make_trial(short_title="Deleted live trial")
        make_result(trial, mean=30, sd=3, n=10, arm=make_arm(trial, label="Cord MSC"))
    url = reverse("admin:trials_trial_delete", args=[trial.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Trial.objects.filter(pk=trial.pk).exists()
    return Version.objects.get_deleted(Trial).get()


def test_the_recovery_page_shows_the_trial_as_a_draft(curator_client, deleted_version):
    listing = curator_client.get(reverse("admin:trials_trial_recoverlist")).content.decode()
    url = reverse("admin:trials_trial_recover", args=[deleted_version.pk])
    assert url in listing
    response = curator_client.get(url)
    assert response.status_code == 200
    assert "status" not in response.context["adminform"].form.fields  # not editable here
    assert "Draft" in response.content.decode()


def test_a_recovered_trial_comes_back_as_a_draft_with_its_rows(
    client, curator_client, deleted_version
):
    url = reverse("admin:trials_trial_recover", args=[deleted_version.pk])
    data = change_form_data(curator_client.get(url)) | {"status": "published"}  # ignored
    response = curator_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "was recovered as a draft" in response.content.decode()
    trial = Trial.objects.get(pk=deleted_version.object_id)
    assert trial.status == "draft"
    assert [arm.label for arm in trial.arms.all()] == ["Cord MSC"]
    assert trial.outcome_results.count() == 1
    assert client.get(trial.get_absolute_url()).status_code == 404
    latest = Version.objects.get_for_object(trial).select_related("revision").first()
    assert latest.revision.user.username == "curator"
    assert '"status": "draft"' in latest.serialized_data
