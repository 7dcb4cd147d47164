"""evidence.wording: the patient sentence follows its rules on edge cases and random inputs."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.synthesis import meta
from evidence.synthesis.wording import about_people, patient_sentence, patient_sentence_for

FORBIDDEN = re.compile(r"\b(cur(e|es|ed|ing)|prov(e|es|ed|en)|effective\w*|guarantee\w*)\b", re.I)
TYPICAL = dict(
    trial_count=4, participant_count=247, outcome="albumin", higher_is_better=True, weeks=12,
    estimate=0.2, ci_low=0.05, ci_high=0.35, certainty="low", i2=60.0, important_difference=0.5,
)  # fmt: skip


def sentence(**changes) -> str:
    return patient_sentence(**{**TYPICAL, **changes})


def test_typical_sentence_reads_as_designed():
    assert sentence() == (
        "In 4 small trials with about 250 people, albumin was a little higher after 12 weeks "
        "with MSC than without (higher is better); we are not sure: the certainty of the "
        "evidence is low, because the results vary and the trials were small."
    )


def test_one_trial_says_one_small_trial():
    text = sentence(trial_count=1, participant_count=38, i2=0.0)
    assert text.startswith("In one small trial with about 40 people, albumin was")
    assert text.endswith(
        "we are not sure: the certainty of the evidence is low, because there was only one "
        "small trial."
    )


def test_interval_crossing_no_effect_says_the_trials_could_not_tell():
    text = sentence(estimate=0.1, ci_low=-0.2, ci_high=0.4, weeks=24)
    assert (
        "the trials could not tell whether MSC made a difference to albumin after 24 weeks" in text
    )
    assert not re.search(r"\b(higher|lower|better|worse)\b", text)


def test_very_low_certainty_of_large_consistent_trials_says_not_sure():
    text = sentence(participant_count=1234, certainty="very_low", i2=10.0)
    assert text.startswith("In 4 trials with about 1,200 people,")
    assert text.endswith("we are not sure: the certainty of the evidence is very low.")


def test_unrated_certainty_says_not_sure():
    text = sentence(participant_count=900, certainty=None, i2=None)
    assert text.endswith(
        "we are not sure, because the certainty of the evidence has not been rated yet."
    )


def test_clearly_needs_the_whole_interval_beyond_the_important_difference_and_certainty():
    numbers = dict(estimate=-2.0, ci_low=-3.0, ci_high=-1.0, important_difference=0.5)
    assert "albumin was clearly lower" in sentence(certainty="moderate", **numbers)
    assert "the certainty of the evidence is moderate." in sentence(certainty="moderate", **numbers)
    assert "albumin was lower after" in sentence(certainty="low", **numbers)
    assert "albumin was lower after" in sentence(certainty="high", **{**numbers, "ci_high": -0.1})


def test_no_size_word_without_an_important_difference():
    assert "albumin was higher after 12 weeks" in sentence(important_difference=None)


def test_lower_is_better_and_years():
    text = sentence(higher_is_better=False, weeks=104, outcome="the MELD score")
    assert (
        "the MELD score was a little higher after 2 years with MSC than without (lower is better)"
        in text
    )


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 person"), (12, "12 people"), (23, "about 20 people"), (247, "about 250 people"),
     (1234, "about 1,200 people")],
)  # fmt: skip
def test_people_are_rounded_to_about(count, text):
    assert about_people(count) == text


def test_sentence_from_a_pooled_result_counts_its_trials():
    pooled = meta.pool([0.4, 0.6, 0.5], [0.01, 0.02, 0.015])
    text = patient_sentence_for(
        pooled, participant_count=150, outcome="albumin", higher_is_better=True, weeks=12,
        certainty="moderate",
    )  # fmt: skip
    assert text.startswith("In 3 small trials with about 150 people, albumin was higher")


def test_sentence_rejects_an_estimate_outside_its_interval():
    with pytest.raises(ValueError, match="within its confidence interval"):
        sentence(estimate=1.0)


@st.composite
def results(draw):
    trials = draw(st.integers(1, 60))
    low = draw(st.floats(-5, 5))
    high = low + draw(st.floats(0, 5))
    return dict(
        trial_count=trials,
        participant_count=draw(st.integers(trials, 20_000)),
        outcome=draw(st.sampled_from(["albumin", "the MELD score", "bilirubin", "survival"])),
        higher_is_better=draw(st.sampled_from([True, False, None])),
        weeks=draw(st.sampled_from([None, 1, 2.5, 12, 48, 52, 104])),
        estimate=draw(st.floats(low, high)),
        ci_low=low,
        ci_high=high,
        certainty=draw(
            st.sampled_from([None, "high", "moderate", "low", "very_low", "Very low", "?"])
        ),
        i2=draw(st.none() | st.floats(0, 100)),
        important_difference=draw(st.none() | st.floats(0.01, 3)),
    )


@settings(max_examples=300)
@given(results())
def test_sentence_rules_hold_for_any_result(result):
    text = patient_sentence(**result)
    assert not FORBIDDEN.search(text)
    assert text.endswith(".") and ". " not in text and text.count(";") == 1
    assert text.startswith(
        "In one " if result["trial_count"] == 1 else f"In {result['trial_count']} "
    )
    if result["ci_low"] <= 0 <= result["ci_high"]:
        assert "could not tell whether MSC made a difference" in text and "clearly" not in text
    if str(result["certainty"]).lower().replace("_", " ") not in ("high", "moderate"):
        assert "we are not sure" in text and "clearly" not in text
