"""The GRADE suggestion rules (evidence/synthesis/grade.py), pure functions."""

import pytest
from statsmodels.stats.power import NormalIndPower

from evidence.synthesis import grade


def test_high_risk_trials_carrying_most_weight_lower_two_levels():
    suggestion = grade.suggest_risk_of_bias([(60, 2), (40, 0)])
    assert suggestion.downgrade == 2
    assert suggestion.reason == "60% of the weight comes from trials at high risk of bias."


def test_unassessed_trials_count_as_unknown_and_the_reason_says_so():
    suggestion = grade.suggest_risk_of_bias([(70, None), (30, 0)])
    assert suggestion.downgrade == 1
    assert "70% comes from trials whose risk of bias is not assessed" in suggestion.reason
    assert "not as low" in suggestion.reason


def test_low_risk_trials_carrying_most_weight_need_no_downgrade():
    assert grade.suggest_risk_of_bias([(55, 0), (45, 1)]).downgrade == 0
    assert grade.suggest_risk_of_bias([(45, 0), (55, 1)]).downgrade == 1


def test_one_study_cannot_be_inconsistent():
    suggestion = grade.suggest_inconsistency(None, [(0.1, 0.5)])
    assert suggestion.downgrade == 0 and suggestion.reason.startswith("Not applicable")


@pytest.mark.parametrize(
    ("i2", "intervals", "levels"),
    [
        (80, [(0, 1), (2, 3)], 2),  # considerable, and the intervals do not overlap
        (80, [(0, 2), (1, 3)], 1),
        (55, [(0, 2), (1, 3)], 1),
        (10, [(0, 1), (2, 3)], 1),  # low I², but no overlap
        (10, [(0, 2), (1, 3)], 0),
    ],
)
def test_inconsistency_from_i2_and_overlap(i2, intervals, levels):
    assert grade.suggest_inconsistency(i2, intervals).downgrade == levels


def test_optimal_information_size_continuous_matches_statsmodels():
    # SD 4, MID 2: a standardised difference of 0.5; statsmodels solves 62.79 per group.
    per_group = NormalIndPower().solve_power(effect_size=0.5, alpha=0.05, power=0.8)
    assert grade.optimal_information_size_continuous(4, 2) == 2 * 63
    assert round(per_group, 1) == 62.8


def test_optimal_information_size_binary_by_hand():
    # Control risk 30%, a relative reduction of 25% (22.5%): (1.96 + 0.84)² × (0.21 + 0.174375)
    # / 0.075² = 536.5 per group (the usual formula for two proportions).
    assert grade.optimal_information_size_binary(0.3, 0.25) == 2 * 537
    with pytest.raises(ValueError):
        grade.optimal_information_size_binary(0, 0.25)


def test_imprecision_without_a_mid_uses_the_rule_of_thumb():
    wide_small = grade.suggest_imprecision(estimate=1, ci_low=-1, ci_high=3, participants=60)
    assert wide_small.downgrade == 2
    assert wide_small.reason.startswith("The interval includes no effect; 60 participants, fewer")
    assert "no minimal important difference" in wide_small.reason
    narrow_large = grade.suggest_imprecision(estimate=1, ci_low=0.5, ci_high=1.5, participants=500)
    assert narrow_large.downgrade == 0
    few_events = grade.suggest_imprecision(
        estimate=-0.3, ci_low=-0.6, ci_high=-0.1, participants=500, events=40
    )
    assert few_events.downgrade == 1 and "40 events, fewer than 300" in few_events.reason


def test_imprecision_with_a_mid_and_an_information_size():
    both = grade.suggest_imprecision(
        estimate=0, ci_low=-3, ci_high=3, participants=40, threshold=2, information_size=126
    )
    assert both.downgrade == 2  # important benefit and important harm both in the interval
    crossing = grade.suggest_imprecision(
        estimate=1, ci_low=-0.5, ci_high=2.5, participants=200, threshold=2, information_size=126
    )
    assert crossing.downgrade == 1
    assert crossing.reason == "The interval includes both no effect and an important effect."
    precise = grade.suggest_imprecision(
        estimate=3, ci_low=2.5, ci_high=3.5, participants=200, threshold=2, information_size=126
    )
    assert precise.downgrade == 0


def test_small_high_risk_randomised_pool_is_very_low():
    suggestions = [
        grade.suggest_risk_of_bias([(50, 2), (50, 2)]),
        grade.suggest_inconsistency(0, [(0, 2), (1, 3)]),
        grade.suggest_indirectness(),
        grade.suggest_imprecision(estimate=1, ci_low=-0.2, ci_high=2.2, participants=60),
        grade.suggest_publication_bias(2),
    ]
    result = grade.grade_from(randomised=True, suggestions=suggestions)
    assert result.certainty == "very_low" and not result.is_rated
    assert [d.domain for d in result.downgrades] == ["risk_of_bias", "imprecision"]


def test_a_curators_rating_replaces_the_suggestion():
    suggestions = [grade.Suggestion("risk_of_bias", 2, "software"), grade.suggest_indirectness()]
    rated = grade.grade_from(
        randomised=True,
        suggestions=suggestions,
        rated={"risk_of_bias": (1, "Only outcome assessment was open."), "indirectness": (0, "")},
        is_rated=True,
    )
    assert rated.certainty == "moderate" and rated.suggested_certainty == "low"
    assert rated.domains[0].reason == "Only outcome assessment was open."


def test_non_randomised_evidence_starts_low_and_may_be_raised():
    result = grade.grade_from(randomised=False, suggestions=[], upgrade=1, is_rated=True)
    assert result.start == 2 and result.certainty == "moderate"
    assert grade.grade_from(randomised=False, suggestions=[]).certainty == "low"
    with pytest.raises(ValueError):
        grade.grade_from(randomised=True, suggestions=[], rated={"imprecision": (3, "")})
