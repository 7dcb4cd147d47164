"""The stored per-trial comparisons (evidence.models.effects) give, for every condition of the
demo data, exactly the pooled results computed afresh from every outcome result."""

import pytest
from django.utils import translation

from evidence.models import TrialEffect, TrialEffectRefresh
from evidence.synthesis.from_curated import syntheses_for
from evidence.synthesis.stored import syntheses_for_condition, trial_effects_refresh
from trials.condition_tree import ConditionTree
from trials.models import Trial

pytestmark = pytest.mark.django_db


def _both(condition_id: int) -> tuple[list, list]:
    descendants = list(ConditionTree.load().descendant_ids([condition_id]))
    live = syntheses_for(Trial.objects.published().in_conditions(descendants))
    return syntheses_for_condition(descendants), live


@pytest.mark.parametrize("language", ["en", "es"])
def test_stored_comparisons_equal_the_live_synthesis(demo, language):
    trial_effects_refresh()
    assert not TrialEffectRefresh.objects.exists()
    assert TrialEffect.objects.filter(exclusion="").exists()
    compared = 0
    with translation.override(language):
        for condition_id in ConditionTree.load().by_id:
            stored, live = _both(condition_id)
            assert stored == live
            compared += len(live)
    assert compared  # the demo data pool something


def test_stale_trials_read_live_equal_too(demo):
    TrialEffectRefresh.objects.bulk_create(
        [TrialEffectRefresh(trial_id=pk) for pk in Trial.objects.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )
    for condition_id in ConditionTree.load().by_id:
        stored, live = _both(condition_id)
        assert stored == live
