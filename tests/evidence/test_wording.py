"""evidence.wording: the patient sentence uses GRADE's words for its certainty and effect size, in
English and Spanish, and follows its rules on edge cases and random inputs."""

import re

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.synthesis import grade, meta
from evidence.synthesis.wording import (
    about_people,
    effect_size,
    patient_sentence,
    patient_sentence_for,
    reason_codes,
)

FORBIDDEN = re.compile(r"\b(cur(e|es|ed|ing)|prov(e|es|ed|en)|effective\w*|guarantee\w*)\b", re.I)
TYPICAL = dict(
    trial_count=4, participant_count=247, outcome="albumin", higher_is_better=True, weeks=12,
    estimate=0.2, ci_low=0.05, ci_high=0.35, certainty="low", i2=60.0, important_difference=0.5,
)  # fmt: skip


def sentence(**changes) -> str:
    return patient_sentence(**{**TYPICAL, **changes})


def spanish(**changes) -> str:
    with translation.override("es"):
        return sentence(**changes)


def test_typical_sentence_reads_as_designed():
    # The whole interval (0.05 to 0.35) lies within the important difference (0.5): trivial.
    assert sentence() == (
        "In 4 small trials with about 250 people, treatment with MSC may make little or no "
        "difference to albumin after 12 weeks; the certainty of the evidence is low, because "
        "the results vary and the trials were small."
    )


@pytest.mark.parametrize(
    ("certainty", "english", "spanish_words"),
    [
        ("high", "treatment with MSC increases albumin slightly after 12 weeks (higher is better)",
         "el tratamiento con MSC aumenta ligeramente el resultado de albumin después de 12"),
        ("moderate",
         "treatment with MSC probably increases albumin slightly after 12 weeks (higher is better)",
         "el tratamiento con MSC probablemente aumenta ligeramente el resultado de albumin"),
        ("low", "treatment with MSC may increase albumin slightly after 12 weeks",
         "el tratamiento con MSC puede aumentar ligeramente el resultado de albumin"),
        ("very_low", "we are very uncertain whether treatment with MSC increases albumin after "
         "12 weeks (higher is better), because the trials were small; the certainty of the "
         "evidence is very low.",
         "no sabemos con certeza si el tratamiento con MSC aumenta el resultado de albumin"),
    ],
)  # fmt: skip
def test_each_certainty_has_grades_verb_in_both_languages(certainty, english, spanish_words):
    numbers = dict(estimate=0.4, ci_low=0.1, ci_high=0.7, i2=0.0, reasons=("imprecision",))
    assert english in sentence(certainty=certainty, **numbers)
    assert spanish_words in spanish(certainty=certainty, **numbers)


def test_high_certainty_gives_no_reasons():
    text = sentence(certainty="high", estimate=2.0, ci_low=1.0, ci_high=3.0, reasons=())
    assert text.endswith("(higher is better); the certainty of the evidence is high.")


def test_considerably_needs_the_whole_interval_beyond_twice_the_important_difference():
    assert "increases albumin considerably" in sentence(
        certainty="moderate", estimate=1.2, ci_low=0.6, ci_high=1.8
    )
    assert "increases albumin after" in sentence(
        certainty="moderate", estimate=1.2, ci_low=0.3, ci_high=2.1
    )
    with translation.override("es"):
        assert "aumenta considerablemente" in sentence(
            certainty="moderate", estimate=1.2, ci_low=0.6, ci_high=1.8
        )


def test_no_size_word_without_an_important_difference():
    text = sentence(important_difference=None, certainty="moderate")
    assert "treatment with MSC probably increases albumin after 12 weeks" in text
    assert not re.search(r"slightly|considerably|little or no", text)


def test_interval_with_no_effect_says_little_or_no_difference_and_no_direction():
    text = sentence(estimate=0.1, ci_low=-0.2, ci_high=0.9, weeks=24)
    assert (
        "treatment with MSC may make little or no difference to albumin after 24 weeks, but an "
        "important difference cannot be ruled out;" in text
    )
    assert not re.search(r"\b(higher|lower|better|worse|increase|reduce)\b", text)
    assert "puede dar lugar a poca o ninguna diferencia en el resultado de albumin" in spanish(
        estimate=0.1, ci_low=-0.2, ci_high=0.9, weeks=24
    )


def test_very_low_with_no_effect_says_very_uncertain_whether_it_changes():
    text = sentence(estimate=0.1, ci_low=-2, ci_high=2, certainty="very low", reasons=())
    assert "we are very uncertain whether treatment with MSC changes albumin after 12 weeks;" in (
        text
    )


def test_binary_outcomes_read_as_how_often_in_spanish():
    numbers = dict(estimate=-0.5, ci_low=-0.9, ci_high=-0.1, outcome="muertes", binary=True)
    assert "puede reducir la frecuencia de muertes" in spanish(
        higher_is_better=False, important_difference=None, **numbers
    )


def test_reasons_are_said_in_plain_words_in_both_languages():
    codes = ("not_randomised", "risk_of_bias_unassessed", "inconsistency", "publication_bias")
    text = sentence(randomised=False, certainty="very low", reasons=codes)
    assert (
        "because groups not chosen by chance can differ in ways that change the result and the "
        "studies have not yet been checked for bias and the results vary and some studies may "
        "not have been published; the certainty of the evidence is very low." in text
    )
    assert "porque" in spanish(randomised=False, certainty="very low", reasons=codes)
    with pytest.raises(ValueError, match="unknown reason"):
        sentence(reasons=("astrology",))


def test_one_trial_says_one_small_trial():
    text = sentence(trial_count=1, participant_count=38, i2=0.0, important_difference=None)
    assert text.startswith("In one small trial with about 40 people, treatment with MSC may")
    assert text.endswith(
        "the certainty of the evidence is low, because there was only one small trial."
    )


def test_unrated_result_keeps_the_not_rated_sentence():
    text = sentence(participant_count=900, certainty=None, i2=None)
    assert "albumin was higher after 12 weeks with MSC than without" in text
    assert text.endswith(
        "we are not sure, because the certainty of the evidence has not been rated yet."
    )
    assert not re.search(r"\b(probably|may|very uncertain)\b", text)
    assert spanish(participant_count=900, certainty=None, i2=None).endswith(
        "no estamos seguros, porque la certeza de la evidencia aún no se ha calificado."
    )


def test_high_risk_small_pool_is_suggested_very_low_and_says_very_uncertain():
    """Two small trials at high risk of bias: the suggestion is very low and its sentence
    says so in GRADE's words, in both languages."""
    suggestions = [
        grade.suggest_risk_of_bias([(0.5, 2), (0.5, 2)]),
        grade.suggest_inconsistency(0.0, [(0.1, 0.9), (0.2, 1.0)]),
        grade.suggest_indirectness(),
        grade.suggest_imprecision(estimate=0.5, ci_low=0.1, ci_high=0.9, participants=44),
        grade.suggest_publication_bias(2),
    ]
    graded = grade.grade_from(randomised=True, suggestions=suggestions)
    assert graded.certainty == "very_low"
    assert reason_codes(graded) == ("risk_of_bias", "imprecision")
    numbers = dict(
        trial_count=2, participant_count=44, estimate=0.5, ci_low=0.1, ci_high=0.9,
        certainty=graded.certainty, reasons=reason_codes(graded), important_difference=None,
    )  # fmt: skip
    assert sentence(**numbers) == (
        "In 2 small trials with about 40 people, we are very uncertain whether treatment with MSC "
        "increases albumin after 12 weeks (higher is better), because there are concerns about "
        "how the trials were done and the trials were small; the certainty of the evidence is "
        "very low."
    )
    assert spanish(**numbers) == (
        "En 2 ensayos pequeños con unas 40 personas, no sabemos con certeza si el tratamiento con "
        "MSC aumenta el resultado de albumin después de 12 semanas (más alto es mejor), porque hay "
        "dudas sobre cómo se hicieron los ensayos y los ensayos eran pequeños; la certeza de la "
        "evidencia es muy baja."
    )


def test_a_low_suggestion_says_may():
    suggestions = [
        grade.suggest_risk_of_bias([(1.0, None)]),  # not assessed: -1
        grade.suggest_imprecision(estimate=0.5, ci_low=0.1, ci_high=0.9, participants=500),
    ]
    graded = grade.grade_from(randomised=True, suggestions=suggestions, unassessed_share=1.0)
    assert graded.certainty == "moderate"
    graded = grade.grade_from(randomised=False, suggestions=suggestions[1:], unassessed_share=1.0)
    assert graded.certainty == "low"
    text = sentence(
        participant_count=500, estimate=0.5, ci_low=0.1, ci_high=0.9, randomised=False,
        certainty=graded.certainty, reasons=reason_codes(graded), important_difference=None,
    )  # fmt: skip
    assert "treatment with MSC may increase albumin after 12 weeks (higher is better)" in text
    assert "puede aumentar el resultado de albumin" in spanish(
        participant_count=500, estimate=0.5, ci_low=0.1, ci_high=0.9, randomised=False,
        certainty=graded.certainty, reasons=reason_codes(graded), important_difference=None,
    )  # fmt: skip


def test_unassessed_risk_of_bias_reads_as_not_yet_checked():
    suggestions = [grade.suggest_risk_of_bias([(1.0, None)])]
    graded = grade.grade_from(randomised=True, suggestions=suggestions, unassessed_share=1.0)
    assert reason_codes(graded) == ("risk_of_bias_unassessed",)


@pytest.mark.parametrize(
    ("numbers", "size"),
    [((0.2, 0.05, 0.35, 0.5), "trivial"), ((0.2, -0.1, 0.6, 0.5), "unclear"),
     ((0.2, -0.1, 0.3, None), "unclear"), ((0.3, 0.1, 0.6, 0.5), "slight"),
     ((0.8, 0.3, 1.3, 0.5), "plain"), ((1.2, 0.6, 1.8, 0.5), "considerable"),
     ((-1.2, -1.8, -0.6, 0.5), "considerable"), ((1.2, 0.6, 1.8, None), "plain")],
)  # fmt: skip
def test_effect_size_categories(numbers, size):
    assert effect_size(*numbers) == size


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
    assert text.startswith(
        "In 3 small trials with about 150 people, treatment with MSC probably increases albumin"
    )


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
        reasons=draw(
            st.none() | st.lists(st.sampled_from(["imprecision", "risk_of_bias", "inconsistency"]))
        ),
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
    certainty = str(result["certainty"]).lower().replace("_", " ")
    if result["ci_low"] <= 0 <= result["ci_high"]:
        assert not re.search(r"\b(increases?|reduces?|higher|lower|slightly|considerably)\b", text)
    if certainty not in ("high", "moderate", "low", "very low"):
        assert "we are not sure" in text and not re.search(r"probably|may |very uncertain", text)
    elif certainty == "very low":
        assert "we are very uncertain whether" in text and "slightly" not in text
    elif certainty == "low":
        assert "may " in text and "we are not sure" not in text
    elif certainty == "moderate":
        assert "probably" in text
    if not result["important_difference"]:
        assert not re.search(r"slightly|considerably", text)
