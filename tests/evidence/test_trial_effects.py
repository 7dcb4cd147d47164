"""The stored per-trial comparisons (evidence.models.effects) follow every kind of change, and
the condition page shows each change on the very next request, refreshed or not."""

import pytest
from django.urls import reverse

from evidence.models import TrialEffect, TrialEffectRefresh
from evidence.synthesis.from_curated import syntheses_for
from evidence.synthesis.stored import syntheses_for_condition, trial_effects_refresh
from trials.models import CellSource, OutcomeResult, SameStudyLink, Trial

from .test_synthesis_views import albumin, liver, make_two_arm_trial  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_two_arm_trial):  # noqa: F811
    """Two pooled trials, their comparisons stored."""
    trials = [make_two_arm_trial((32, 4, 20), (30, 4, 20)) for _ in range(2)]
    trial_effects_refresh()
    assert TrialEffect.objects.filter(exclusion="").count() == 2
    return trials


def page(client, condition) -> str:  # noqa: ANN001
    response = client.get(reverse("trials:condition", args=[condition.slug]))
    assert response.status_code == 200
    return response.content.decode()


def agrees(condition) -> None:  # noqa: ANN001
    """What the page pools from the stored rows equals pooling every result afresh."""
    live = syntheses_for(Trial.objects.published().in_conditions([condition.pk]))
    assert syntheses_for_condition([condition.pk]) == live


def stale() -> set[int]:
    return set(TrialEffectRefresh.objects.values_list("trial_id", flat=True))


def test_an_updated_result_shows_at_once_and_is_stored_again(client, pair, liver):  # noqa: F811
    result = OutcomeResult.objects.filter(trial=pair[0], arm__role="experimental").get()
    OutcomeResult.objects.filter(pk=result.pk).update(mean=41, value_canonical=41)  # no save()
    assert stale() == {pair[0].pk}
    assert "41.00 (SD 4.00), n = 20" in page(client, liver)
    agrees(liver)
    trial_effects_refresh()
    assert stale() == set()
    assert TrialEffect.objects.get(trial=pair[0], exclusion="").arms["experimental"]["mean"] == 41
    assert "41.00 (SD 4.00), n = 20" in page(client, liver)
    agrees(liver)


def test_a_saved_result_is_stored_after_the_commit(pair, django_capture_on_commit_callbacks):
    result = OutcomeResult.objects.filter(trial=pair[1], arm__role="experimental").get()
    result.mean = 44
    with django_capture_on_commit_callbacks(execute=True):
        result.save()
    assert stale() == set()
    assert TrialEffect.objects.get(trial=pair[1], exclusion="").arms["experimental"]["mean"] == 44


def test_an_unpublished_trial_leaves_the_pool_on_the_next_request(client, pair, liver):  # noqa: F811
    assert "2 randomised trials" in page(client, liver)
    Trial.objects.filter(pk=pair[0].pk).update(status="in_review")
    html = page(client, liver)
    assert "one randomised trial" in html and str(pair[0].slug) not in html
    agrees(liver)


def test_deleted_results_and_trials_leave_the_pool(client, pair, liver, make_two_arm_trial):  # noqa: F811
    third = make_two_arm_trial((35, 4, 20), (30, 4, 20))
    OutcomeResult.objects.filter(trial=pair[0], arm__role="standard_care").delete()
    html = page(client, liver)
    assert "2 randomised trials" in html
    assert "no untreated comparison group" in html  # pair[0] is listed as left out
    agrees(liver)
    Trial.objects.filter(pk__in=[pair[1].pk, third.pk]).delete()  # the admin's bulk delete
    assert "randomised trial" not in page(client, liver)
    agrees(liver)
    trial_effects_refresh()
    assert not TrialEffect.objects.filter(exclusion="").exists()


def test_a_renamed_cell_source_and_a_changed_class(client, pair, liver):  # noqa: F811
    sources = CellSource.objects.filter(arms__trial__in=pair)
    sources.update(name_en="Renamed marrow cells")
    assert "Renamed marrow cells" in page(client, liver)
    assert stale() == set()  # names are read with the rows, in the visitor's language
    sources.update(intervention_class="other_cells")
    assert stale() == {trial.pk for trial in pair}
    [synthesis] = syntheses_for_condition([liver.pk])
    assert synthesis.intervention_class == "other_cells" and synthesis.k == 2
    agrees(liver)


def test_a_same_study_link_applies_on_the_next_request(client, pair, liver):  # noqa: F811
    SameStudyLink.objects.create(
        kept_trial=pair[0],
        other_trial=pair[1],
        reason="Same authors.",
        reason_es="Los mismos autores.",
        kept_reason="The larger report.",
        kept_reason_es="El informe más grande.",
    )
    html = page(client, liver)
    assert "The larger report." in html and "one randomised trial" in html
    agrees(liver)
