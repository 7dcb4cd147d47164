"""An outcome result cites only one of its own trial's references: the form says so, the database
refuses anything else from any writer, and the API shows only references it answers for."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from evidence.models import TrialReference
from evidence.models.integrity import CITATION_RULES, UNLINKED
from tests.admin_forms import change_form_data
from tests.database_rules import rule_lift
from trials.models import CurationStatus, OutcomeResult, Trial

pytestmark = pytest.mark.django_db


def check_deferred_rules() -> None:
    """Run the rules checked at commit now (the test's transaction never commits)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:  # SQLite: the deferred foreign key of the removed links' records
        connection.check_constraints(table_names=[UNLINKED])


@pytest.fixture
def two_trials(make_trial, make_reference, make_measure, make_result):
    own, other = make_trial(), make_trial()
    own_paper = make_reference(own, title="Test paper of this trial")
    other_paper = make_reference(other, title="Test paper of another trial")
    result = make_result(own, measure=make_measure(), mean=35, sd=4, n=20, reference=own_paper)
    return own, other_paper, result


def test_the_database_refuses_a_result_citing_another_trials_reference(two_trials, make_result):
    own, other_paper, result = two_trials
    with pytest.raises(IntegrityError), transaction.atomic():
        make_result(own, mean=35, sd=4, n=20, reference=other_paper)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeResult.objects.filter(pk=result.pk).update(reference=other_paper)
    assert OutcomeResult.objects.get(pk=result.pk).reference_id != other_paper.pk


def test_unlinking_a_cited_reference_is_refused_on_both_databases(two_trials):
    own, _other_paper, result = two_trials
    with pytest.raises(IntegrityError), transaction.atomic():  # at the commit
        TrialReference.objects.filter(trial=own).delete()
        check_deferred_rules()
    assert TrialReference.objects.filter(trial=own, reference=result.reference).exists()
    assert OutcomeResult.objects.get(pk=result.pk).reference_id == result.reference_id


def test_moving_a_cited_link_to_another_reference_is_refused(two_trials, make_reference):
    own, _other_paper, result = two_trials
    with pytest.raises(IntegrityError), transaction.atomic():
        TrialReference.objects.filter(trial=own).update(reference=make_reference())
        check_deferred_rules()
    assert TrialReference.objects.filter(trial=own, reference=result.reference).exists()


def test_unlinking_is_allowed_once_the_results_cite_nothing_or_it_is_linked_again(two_trials):
    own, _other_paper, result = two_trials
    link = TrialReference.objects.get(trial=own)
    link.delete()  # the result still cites it here, but not at the commit:
    OutcomeResult.objects.filter(pk=result.pk).update(reference=None)
    check_deferred_rules()
    link.pk = None
    link.save()
    OutcomeResult.objects.filter(pk=result.pk).update(reference=link.reference)
    TrialReference.objects.filter(pk=link.pk).delete()
    TrialReference.objects.create(trial=own, reference=link.reference, role=link.role)
    check_deferred_rules()


def test_a_trial_with_cited_references_can_still_be_deleted_whole(two_trials):
    own, _other_paper, result = two_trials
    own.delete()
    check_deferred_rules()
    assert not OutcomeResult.objects.filter(pk=result.pk).exists()
    assert not TrialReference.objects.filter(trial_id=own.pk).exists()


def test_the_form_rule_names_the_problem_in_a_curators_words(two_trials):
    own, other_paper, result = two_trials
    result.reference = other_paper
    with pytest.raises(ValidationError) as refused:
        result.full_clean()
    assert "not one of this trial's references" in str(refused.value.message_dict["reference"])


def test_adding_a_result_offers_only_the_trials_own_references(admin_client, two_trials):
    own, other_paper, result = two_trials
    url = reverse("admin:trials_outcomeresult_add") + f"?trial={own.pk}"
    html = admin_client.get(url).content.decode()
    assert "Test paper of this trial (2020) — Primary results" in html
    assert "Test paper of another trial" not in html


def test_the_result_page_refuses_another_trials_reference_with_a_message(admin_client, two_trials):
    own, other_paper, result = two_trials
    url = reverse("admin:trials_outcomeresult_change", args=[result.pk])
    data = change_form_data(admin_client.get(url))
    data["reference"] = [str(other_paper.pk)]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert OutcomeResult.objects.get(pk=result.pk).reference_id == result.reference_id


def test_the_trial_form_refuses_removing_a_cited_reference(admin_client, two_trials):
    own, _other_paper, result = two_trials
    url = reverse("admin:trials_trial_change", args=[own.pk])
    data = change_form_data(admin_client.get(url))
    data["trial_references-0-DELETE"] = ["on"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert (
        "1 outcome result of this trial cites “Test paper of this trial”"
        in response.content.decode()
    )
    assert TrialReference.objects.filter(trial=own, reference=result.reference).exists()


def test_the_trial_form_saves_unchanged(admin_client, two_trials):
    own, _other_paper, result = two_trials
    url = reverse("admin:trials_trial_change", args=[own.pk])
    data = change_form_data(admin_client.get(url))
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert OutcomeResult.objects.get(pk=result.pk).reference_id == result.reference_id


def test_the_api_shows_a_results_reference_only_when_it_answers_for_it(client, two_trials):
    own, _other_paper, result = two_trials
    detail = client.get(f"/api/trials/{own.slug}/").json()
    [outcome] = detail["outcomes"]
    assert outcome["reference"]["id"] == result.reference_id
    assert client.get(f"/api/references/{result.reference_id}/").status_code == 200
    # A reference left cited but no longer linked (data from before the rule) is not shown.
    rule_lift(CITATION_RULES[1])
    TrialReference.objects.filter(trial=own).delete()
    assert client.get(f"/api/references/{result.reference_id}/").status_code == 404
    [outcome] = client.get(f"/api/trials/{own.slug}/").json()["outcomes"]
    assert outcome["reference"] is None


def test_a_reference_of_a_draft_trial_never_shows_in_a_published_trials_detail(
    client, make_trial, make_reference, make_result
):
    published, draft = make_trial(), make_trial(status=CurationStatus.DRAFT)
    make_result(published, mean=35, sd=4, n=20, reference=make_reference(published))
    make_reference(draft, title="Test draft-only paper")
    for trial in Trial.objects.published():
        for outcome in client.get(f"/api/trials/{trial.slug}/").json()["outcomes"]:
            reference = outcome["reference"]
            if reference is not None:
                assert client.get(f"/api/references/{reference['id']}/").status_code == 200
    assert b"Test draft-only paper" not in client.get(f"/api/trials/{published.slug}/").content


def test_a_results_own_page_offers_only_its_trials_references(admin_client, two_trials):
    _own, _other_paper, result = two_trials
    url = reverse("admin:trials_outcomeresult_change", args=[result.pk])
    html = admin_client.get(url).content.decode()
    assert "Test paper of this trial (2020) — Primary results" in html
    assert "Test paper of another trial" not in html


def test_deleting_a_cited_link_on_its_own_page_is_refused_with_a_message(admin_client, two_trials):
    own, _other_paper, result = two_trials
    link = TrialReference.objects.get(trial=own)
    url = reverse("admin:evidence_trialreference_delete", args=[link.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "1 outcome result of this trial cites" in response.content.decode()
    assert TrialReference.objects.filter(pk=link.pk).exists()


def test_moving_a_cited_link_on_its_own_page_is_refused_with_a_message(
    admin_client, two_trials, make_reference
):
    own, _other_paper, result = two_trials
    link = TrialReference.objects.get(trial=own)
    url = reverse("admin:evidence_trialreference_change", args=[link.pk])
    data = change_form_data(admin_client.get(url)) | {"reference": str(make_reference().pk)}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "1 outcome result of this trial cites" in response.content.decode()
    assert TrialReference.objects.get(pk=link.pk).reference_id == result.reference_id
