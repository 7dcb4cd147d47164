"""Per-value provenance in the admin: source, who entered and changed each result, verification."""

import pytest
import reversion
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from trials.models import OutcomeResult, ResultShape

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db: None) -> User:
    return User.objects.create_user("test-editor", is_staff=True)


@pytest.fixture
def entered_result(curator, editor, make_trial, make_measure, make_reference):
    """A result entered by the curator and last changed by another user (of a draft: its
    changes are saved at once)."""
    trial = make_trial(status="draft")
    result = OutcomeResult(
        trial=trial,
        measure=make_measure(),
        shape=ResultShape.SIGNIFICANCE,
        significance="significant",
        reference=make_reference(trial, title="Test provenance reference"),
        source_location="Table 9",
    )
    with reversion.create_revision():
        reversion.set_user(curator)
        result.save()
    with reversion.create_revision():  # the trial saved again, the result unchanged
        reversion.set_user(editor)
        trial.save()
    result.statement = "Test statement"
    with reversion.create_revision():
        reversion.set_user(editor)
        result.save()
    with reversion.create_revision():  # its trial saved again by the curator: not a change
        reversion.set_user(curator)
        trial.save()
    return result


def test_changelist_shows_source_and_who_entered_and_changed_each_result(
    curator_client, entered_result
):
    response = curator_client.get(reverse("admin:trials_outcomeresult_changelist"))
    content = response.content.decode()
    assert "Test provenance reference" in content
    assert "Table 9" in content
    assert '<td class="field-entered_by">curator</td>' in content
    assert '<td class="field-last_changed">test-editor, ' in content


def test_change_form_shows_who_entered_and_changed_the_result(curator_client, entered_result):
    url = reverse("admin:trials_outcomeresult_change", args=[entered_result.pk])
    content = curator_client.get(url).content.decode()
    assert "entered by" in content.lower()
    assert "curator" in content
    assert "test-editor" in content


def test_each_results_page_shows_its_provenance(curator_client, entered_result):
    # The trial's page lists its results, each linked to its own page with the provenance.
    trial_page = reverse("admin:trials_trial_change", args=[entered_result.trial_id])
    url = reverse("admin:trials_outcomeresult_change", args=[entered_result.pk])
    assert url in curator_client.get(trial_page).content.decode()
    content = curator_client.get(url).content.decode()
    assert "Entered by curator; last changed by test-editor on" in content
    assert "not verified" in content


def test_mark_verified_records_who_verified_and_keeps_it_in_the_history(
    curator, curator_client, entered_result
):
    response = curator_client.post(
        reverse("admin:trials_outcomeresult_changelist"),
        {"action": "mark_verified", "_selected_action": [entered_result.pk]},
    )
    assert response.status_code == 302
    entered_result.refresh_from_db()
    assert entered_result.verified_by == curator
    assert entered_result.verified_at is not None
    latest = Version.objects.get_for_object(entered_result).select_related("revision").first()
    assert latest.revision.user == curator and latest.revision.comment == "Verified"
    assert latest.field_dict["verified_by_id"] == curator.pk


def test_changelist_shows_and_filters_whether_results_are_verified(
    curator, curator_client, make_trial, make_result
):
    trial = make_trial()
    checked = make_result(trial, verified_at=timezone.now(), verified_by=curator)
    unchecked = make_result(trial)
    url = reverse("admin:trials_outcomeresult_changelist")
    assert b"icon-yes.svg" in curator_client.get(url).content
    response = curator_client.get(url, {"verified": "no"})
    assert [row.pk for row in response.context["cl"].result_list] == [unchecked.pk]
    assert checked.pk not in [row.pk for row in response.context["cl"].result_list]


@pytest.mark.parametrize("count", [3, 30])
def test_changelist_queries_do_not_grow_with_the_rows(
    count, curator, curator_client, django_assert_max_num_queries, make_trial, make_result
):
    trial = make_trial()
    # One revision for all: a revision holds the trial with every result, so one per result
    # would cost count² rows' serialising (most of this test's time) for the same page.
    with reversion.create_revision():
        reversion.set_user(curator)
        for _ in range(count):
            make_result(trial, shape=ResultShape.SIGNIFICANCE, significance="significant")
    with django_assert_max_num_queries(12):
        response = curator_client.get(reverse("admin:trials_outcomeresult_changelist"))
    assert response.status_code == 200
    assert response.content.count(b'class="field-last_changed">curator, ') == count
