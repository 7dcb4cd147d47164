"""Curation in the admin: who may do what, and that every change is recorded."""

import pytest
from django.urls import reverse

from trials.models import Trial

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
        "unverified_fields": "[]",
    }
    for prefix in ("registry_ids", "arms", "outcome_results", "trial_references"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = curator_client.post(reverse("admin:trials_trial_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Trial.objects.get().slug == "bm-msc-alcoholic-cirrhosis"


def test_editing_a_trial_records_who_changed_which_field(curator, make_trial):
    trial = make_trial(enrollment=40)
    trial._history_user = curator
    trial.enrollment = 44
    trial.save()
    latest, previous = trial.history.all()[:2]
    assert latest.history_user == curator
    assert [change.field for change in latest.diff_against(previous).changes] == ["enrollment"]


def test_history_page_shows_the_changes(curator_client, curator, make_trial):
    trial = make_trial(enrollment=40)
    trial.enrollment = 44
    trial._history_user = curator
    trial.save()
    response = curator_client.get(reverse("admin:trials_trial_history", args=[trial.pk]))
    assert response.status_code == 200
    assert b"curator" in response.content


def test_publish_action_records_history(curator_client, make_trial):
    trial = make_trial(status="draft")
    url = reverse("admin:trials_trial_changelist")
    curator_client.post(url, {"action": "publish", "_selected_action": [trial.pk]})
    trial.refresh_from_db()
    assert trial.status == "published"
    assert trial.history.first().history_change_reason == "Published"


def test_an_earlier_version_can_be_restored(curator_client, make_trial):
    trial = make_trial(enrollment=40)
    trial.enrollment = 44
    trial.save()
    earlier = trial.history.last()
    url = reverse("admin:trials_trial_simple_history", args=[trial.pk, earlier.history_id])
    assert curator_client.get(url).status_code == 200
