"""Our own pooled results that decide a claim, recomputed as the condition pages compute them and
graded (GRADE) with the curators' published ratings: a constant number of queries for the page."""

from collections import defaultdict
from collections.abc import Iterable

from evidence.models import Claim, ClaimSynthesis, DesignGroup
from evidence.synthesis.certainty import grading_inputs
from evidence.synthesis.display import PooledDisplay, pooled_display
from evidence.synthesis.from_curated import WINDOWS, Synthesis, comparable_results, synthesise
from trials.condition_tree import ConditionTree
from trials.models import Condition, OutcomeResult, Trial


def conditions_of_trials(tree: ConditionTree) -> dict[int, set[int]]:
    """trial id -> the active conditions of that published trial (one query)."""
    pairs = Trial.conditions.through.objects.filter(
        trial__in=Trial.objects.published(), condition_id__in=list(tree.by_id)
    ).values_list("trial_id", "condition_id")
    found: dict[int, set[int]] = defaultdict(set)
    for trial_id, condition_id in pairs:
        found[trial_id].add(condition_id)
    return found


def synthesis_for(
    key: ClaimSynthesis,
    results: list[OutcomeResult],
    tree: ConditionTree,
    conditions_of: dict[int, set[int]],
) -> Synthesis | None:
    """The pooled result a key names, from loaded results; None when its condition is retired."""
    if key.condition_id not in tree.by_id:
        return None
    ids = tree.descendant_ids([key.condition_id])
    window = next(window for window in WINDOWS if window.label == key.window)
    return synthesise(
        [result for result in results if conditions_of[result.trial_id] & ids],
        measure=key.measure,
        window=window,
        intervention_class=key.intervention_class,
        randomised=key.design_group == DesignGroup.RANDOMISED,
    )


def claim_syntheses(claims: Iterable[Claim]) -> dict[int, list[tuple[Condition, PooledDisplay]]]:
    """claim id -> (condition, display: sentence, numbers, certainty and its reasons) of each
    pooled result it links that has a published study; nothing is read without a link."""
    keys = [key for claim in claims for key in claim.syntheses.all()]
    if not keys:
        return {}
    results = list(comparable_results(Trial.objects.published()))
    tree = ConditionTree.load()
    conditions_of = conditions_of_trials(tree)
    found = [(key, synthesis_for(key, results, tree, conditions_of)) for key in keys]
    found = [(key, synthesis) for key, synthesis in found if synthesis and synthesis.studies]
    inputs = grading_inputs(
        {study.trial_id for _key, synthesis in found for study in synthesis.studies},
        condition_ids={key.condition_id for key, _synthesis in found},
    )
    displays: dict[int, list[tuple[Condition, PooledDisplay]]] = defaultdict(list)
    for key, synthesis in found:
        display = pooled_display(
            synthesis,
            id_prefix=f"claim-pooled-{key.pk}",
            inputs=inputs,
            condition_id=key.condition_id,
        )
        displays[key.claim_id].append((tree.by_id[key.condition_id], display))
    return displays
