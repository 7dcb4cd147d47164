"""One history per trial (django-reversion): every language recorded, restored with all its
parts, deleted rows recovered, pages in the curator's language."""

import pytest
import reversion
from django.contrib.admin import site
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from tests.admin_forms import change_form_data
from trials.models import Arm, OutcomeResult, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_state(make_trial, make_arm, make_result, make_condition):
    """A trial saved once with both languages, a condition, an arm and a result."""
    cirrhosis = make_condition("Cirrhosis")
    with reversion.create_revision():
        trial = make_trial(conditions=[cirrhosis], status="draft")
        trial.plain_summary_en, trial.plain_summary_es = "First summary", "Primer resumen"
        trial.save()
        make_arm(trial, label="Cord MSC")
        make_result(trial, mean=30, sd=3, n=10)
    return trial


def _second_state(trial: Trial, make_condition, make_arm, make_result) -> None:  # noqa: ANN001
    with reversion.create_revision():
        trial.plain_summary_en, trial.plain_summary_es = "Second summary", "Segundo resumen"
        trial.save()
        trial.conditions.set([make_condition("ACLF")])
        trial.arms.get().delete()
        trial.outcome_results.get().delete()
        make_arm(trial, label="Added later")
        make_result(trial, mean=40, sd=4, n=12)


def test_restoring_brings_back_both_languages_conditions_arms_and_results(
    curator_client, first_state, make_condition, make_arm, make_result
):
    trial = first_state
    first = Version.objects.get_for_object(trial).get()
    arm_id, result_id = Arm.objects.get().pk, OutcomeResult.objects.get().pk
    _second_state(trial, make_condition, make_arm, make_result)
    url = reverse("admin:trials_trial_revision", args=[trial.pk, first.pk])
    response = curator_client.post(url, change_form_data(curator_client.get(url)))
    assert response.status_code == 302, response.content.decode()[:2000]
    trial = Trial.objects.get(pk=trial.pk)
    assert (trial.plain_summary_en, trial.plain_summary_es) == ("First summary", "Primer resumen")
    assert [c.name for c in trial.conditions.all()] == ["Cirrhosis"]
    assert [(a.pk, a.label) for a in trial.arms.all()] == [(arm_id, "Cord MSC")]
    assert [(r.pk, r.mean) for r in trial.outcome_results.all()] == [(result_id, 30)]
    latest = Version.objects.get_for_object(trial).select_related("revision").first()
    assert latest.revision.comment.startswith("Reverted to previous version")


def test_a_deleted_result_is_listed_and_recovered_alone(curator_client, first_state):
    trial = first_state
    result = trial.outcome_results.get()
    result_id = result.pk
    with reversion.create_revision():
        result.delete()
        trial.sponsor = "Kept sponsor"
        trial.save()
    listing = curator_client.get(reverse("admin:trials_outcomeresult_recoverlist"))
    assert listing.status_code == 200
    version = Version.objects.get_deleted(OutcomeResult).get()
    url = reverse("admin:trials_outcomeresult_recover", args=[version.pk])
    assert url in listing.content.decode()
    assert curator_client.get(url).status_code == 200
    assert curator_client.post(url).status_code == 302
    assert OutcomeResult.objects.get().pk == result_id
    assert Trial.objects.get().sponsor == "Kept sponsor"  # the rest of the trial stays
    latest = Version.objects.get_for_object(trial).select_related("revision").first()
    assert latest.revision.comment.startswith("Recovered ")


def test_history_lists_each_save_with_its_rows_from_and_to(curator_client, first_state, make_arm):
    trial = first_state
    with reversion.create_revision():
        arm = trial.arms.get()
        arm.participants_count = 21
        arm.save()
    page = curator_client.get(reverse("admin:trials_trial_history", args=[trial.pk]))
    content = page.content.decode()
    row = '<th scope="row">Participants randomised or allocated</th><td>20</td><td>21</td>'
    assert row in content
    assert "Deleted user" not in content and "pk=None" not in content


def test_history_page_is_in_spanish(rf, first_state, curator):
    trial = first_state
    with reversion.create_revision():
        reversion.set_user(curator)
        trial.enrollment = 44
        trial.save()
    request = rf.get(reverse("admin:trials_trial_history", args=[trial.pk]))
    request.user = curator
    with translation.override("es"):
        response = site._registry[Trial].history_view(request, str(trial.pk))
        content = response.render().content.decode()
    assert "Restaurar esta versión" in content and "Recuperar" in content
    assert "<td>40</td><td>44</td>" in content and "Inscripción" in content
    for english in ("Restore this version", "Reason", ">From<", ">To<", ">Field<", "changed"):
        assert english not in content, english
    for english in ("Recover deleted", "an import or a script", "Each entry is one save"):
        assert english not in content, english


def test_history_page_queries_do_not_grow_with_the_entries(
    curator_client, first_state, django_assert_max_num_queries
):
    trial = first_state
    for count in range(1, 12):
        with reversion.create_revision():
            trial.enrollment = 40 + count
            trial.save()
    with django_assert_max_num_queries(20):
        response = curator_client.get(reverse("admin:trials_trial_history", args=[trial.pk]))
    assert response.content.decode().count('class="module history-entry"') == 12
