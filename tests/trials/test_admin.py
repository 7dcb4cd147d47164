"""Curation in the admin: who may do what, and that every change is recorded."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from tests.admin_forms import change_form_data
from trials.models import Trial
from trials.revisions.history import history_entries

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:trials_trial_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_curator_can_open_trials_but_not_users_or_groups(curator_client):
    assert curator_client.get(reverse("admin:trials_trial_changelist")).status_code == 200
    assert curator_client.get(reverse("admin:trials_trial_add")).status_code == 200
    assert curator_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert curator_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_curator_can_add_a_trial(curator_client):
    form = {
        "status": "draft",
        "title": "Bone marrow MSC in alcoholic cirrhosis",
        "short_title_en": "BM-MSC in alcoholic cirrhosis",
        "slug": "bm-msc-alcoholic-cirrhosis",
        "start_date_precision": "day",
        "completion_date_precision": "day",
        "status_as_of_precision": "day",
    }
    for prefix in ("registry_ids", "arms", "outcome_results", "trial_references"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = curator_client.post(reverse("admin:trials_trial_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Trial.objects.get().slug == "bm-msc-alcoholic-cirrhosis"


def test_editing_a_trial_records_who_changed_which_field(curator_client, curator, make_trial):
    with reversion.create_revision():
        trial = make_trial(enrollment=40, status="draft")
    url = reverse("admin:trials_trial_change", args=[trial.pk])
    data = change_form_data(curator_client.get(url))
    curator_client.post(url, data | {"enrollment": "44"})
    latest = Version.objects.get_for_object(trial).select_related("revision__user").first()
    assert latest.revision.user == curator and latest.field_dict["enrollment"] == 44
    (entry, _first) = history_entries(Trial, str(trial.pk))
    assert [(f.label, f.old, f.new) for row in entry.rows for f in row.fields] == [
        ("enrollment", "40", "44")
    ]


def test_history_page_shows_the_changes(curator_client, curator, make_trial):
    with reversion.create_revision():
        trial = make_trial(enrollment=40)
    with reversion.create_revision():
        reversion.set_user(curator)
        trial.enrollment = 44
        trial.save()
    response = curator_client.get(reverse("admin:trials_trial_history", args=[trial.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "curator" in page and "44" in page
    assert "/admin/auth/user/" not in page  # no link a curator could not open


def test_publish_action_records_history(curator_client, make_trial):
    trial = make_trial(status="draft")
    url = reverse("admin:trials_trial_changelist")
    curator_client.post(url, {"action": "publish", "_selected_action": [trial.pk]})
    trial.refresh_from_db()
    assert trial.status == "published"
    assert Version.objects.get_for_object(trial).first().revision.comment == "Published"


def test_an_earlier_version_can_be_opened_for_restoring(curator_client, make_trial):
    with reversion.create_revision():
        trial = make_trial(enrollment=40)
    with reversion.create_revision():
        trial.enrollment = 44
        trial.save()
    earlier = Version.objects.get_for_object(trial).last()
    url = reverse("admin:trials_trial_revision", args=[trial.pk, earlier.pk])
    response = curator_client.get(url)
    assert response.status_code == 200 and 'value="40"' in response.content.decode()
    trial.refresh_from_db()
    assert trial.enrollment == 44  # looking is not restoring
