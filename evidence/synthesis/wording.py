"""One guarded plain-language sentence for patients about a pooled result, in GRADE's words.

Wording rules (DESIGN section 6: never stronger than the data; GRADE's informative statements,
Santesso et al., J Clin Epidemiol 2020, "GRADE guidelines 26", as Cochrane's plain-language
summaries use them):
1. One sentence: where the evidence comes from, what it found in GRADE's words, how sure we are.
2. Never the words "cure", "proven", "effective", "guaranteed" (or their forms), whatever the data.
3. Where from: "In one small trial ..." / "In 4 small trials ..." with the people counted
   "about N" (exact below 20; to the nearest 10 below 100, 50 below 1,000, then 100).
   Trials are "small" when they have fewer than 100 people each on average. Evidence that is not
   from randomised trials (randomised=False) is never called "trials": "In one small study whose
   groups were not chosen by chance ..." (and None, a mix: "trials and studies").
4. Name the cells actually pooled, never "MSC" for other cells: `intervention` is "MSC",
   "bone-marrow mononuclear cells", "MSC-derived vesicles" ... (the caller names the class),
   always as "treatment with ...", so the verb agrees whatever the cells are called.
5. When: `when` is the phrase to use (" at 3 months", the study's own time, when there is one
   study; " at about 12 weeks" for a window); otherwise " after N weeks" from `weeks`. A window's
   label is never given as one study's time.
6. What it found, on the analysis scale (no effect at 0; ratios as logs), by `effect_size`:
   - "little or no difference" when the whole 95% CI lies within the minimal important
     difference (MID) either side of no effect; when the CI includes no effect but not only
     unimportant values (or no MID is recorded), the same words followed by "but an important
     difference cannot be ruled out" — never a direction;
   - otherwise "increases" or "reduces" (the sign of the estimate), with a size word only when
     the measure has an MID: "slightly" when the estimate is smaller than the MID; "considerably"
     when the whole CI lies beyond the MID and the estimate is at least twice it; else none.
     Which direction is better follows in brackets when the measure says so.
7. GRADE's verb for the certainty (high, moderate, low, very low): high "increases / reduces /
   makes little or no difference to"; moderate "probably ..."; low "may ..."; very low "we are
   very uncertain whether treatment with ... increases / reduces / changes ...", with no size
   word, "because" the reasons that lowered it.
8. How sure: the certainty in words ("the certainty of the evidence is low, because ..."), with
   the reasons in plain words: `reasons` are codes (reason_codes(grade): groups not chosen by
   chance, concerns about how the trials were done or trials not checked for bias, results that
   vary, trials that do not match the question, small trials or imprecise results, trials that
   may be unpublished). Without codes, the reasons the numbers show (groups not chosen by
   chance, only one trial, small trials, results that vary: I² of 50% or more).
9. No certainty at all (certainty None): the sentence of an unrated result — "was higher with
   ... than without" or "could not tell whether ..." — then "we are not sure, because" those
   reasons or "the certainty of the evidence has not been rated yet". GRADE's verbs are used only
   with a certainty (the software's suggestion or a curator's rating, grade.py).
Every piece goes through gettext at call time, so the sentence follows the active language.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from evidence.synthesis.grade import Grade
from evidence.synthesis.meta import PooledEstimate
from trials.formatting import time_label

SMALL_TRIAL_PEOPLE = 100  # average participants per trial below which trials are "small"
VARYING_I2 = 50.0  # percent; "substantial" heterogeneity (Cochrane Handbook 10.10.2)
SURE_CERTAINTIES = ("high", "moderate")
CONSIDERABLE_TIMES = 2  # "considerably": an estimate at least twice the MID, the CI beyond it
UNASSESSED_MAJORITY = 0.5  # share of the weight unassessed from which that is the reason given
REASON_CODES = (
    "not_randomised",
    "risk_of_bias",
    "risk_of_bias_unassessed",
    "inconsistency",
    "indirectness",
    "imprecision",
    "publication_bias",
)


def effect_size(
    estimate: float, ci_low: float, ci_high: float, important_difference: float | None
) -> str:
    """Rule 6: 'trivial' (little or no difference, the CI within the MID), 'unclear' (the CI
    includes no effect and more), 'slight', 'plain' or 'considerable' (a direction)."""
    mid = important_difference if important_difference and important_difference > 0 else None
    if mid is not None and -mid < ci_low and ci_high < mid:
        return "trivial"
    if ci_low <= 0 <= ci_high:
        return "unclear"
    if mid is None:
        return "plain"
    nearest = min(abs(ci_low), abs(ci_high))  # the CI excludes 0 here, so both share a sign
    if abs(estimate) < mid:
        return "slight"
    if nearest >= mid and abs(estimate) >= CONSIDERABLE_TIMES * mid:
        return "considerable"
    return "plain"


def patient_sentence(
    *,
    trial_count: int,
    participant_count: int,
    outcome: str,
    higher_is_better: bool | None,
    weeks: float | None,
    estimate: float,
    ci_low: float,
    ci_high: float,
    certainty: str | None,
    i2: float | None = None,
    important_difference: float | None = None,
    intervention: str | None = None,
    when: str | None = None,
    randomised: bool | None = True,
    reasons: Sequence[str] | None = None,
    binary: bool = False,
) -> str:
    """The sentence patients read about one pooled result (rules in the module docstring)."""
    if trial_count < 1 or participant_count < 1:
        raise ValueError("a sentence needs at least one trial and one participant")
    if not ci_low <= estimate <= ci_high:
        raise ValueError("the estimate must lie within its confidence interval")
    certainty = _certainty(certainty)
    small = participant_count / trial_count < SMALL_TRIAL_PEOPLE
    time = _time(weeks) if when is None else when
    intervention = intervention or _("MSC")
    lead = _lead(trial_count, participant_count, small, randomised)
    if reasons is None:
        words = _number_reasons(trial_count, small, i2, randomised)
    else:
        words = _reason_words(reasons, trial_count, small, randomised)
    if certainty is None:  # rule 9: not rated
        return _("%(lead)s, %(finding)s; %(caveat)s.") % {
            "lead": lead,
            "finding": _unrated_finding(
                outcome, time, estimate, ci_low, ci_high, higher_is_better, intervention,
                trial_count, randomised,
            ),
            "caveat": _unrated_caveat(words),
        }  # fmt: skip
    size = effect_size(estimate, ci_low, ci_high, important_difference)
    text = statement(
        certainty=certainty,
        size=size,
        increases=estimate > 0,
        outcome=outcome,
        time=time,
        intervention=intervention,
        higher_is_better=higher_is_better,
        binary=binary,
    )
    joined = _(" and ").join(words)
    if certainty == "very low":
        if words:
            text = _("%(statement)s, because %(reasons)s") % {
                "statement": text,
                "reasons": joined,
            }
        caveat = _("the certainty of the evidence is very low")
    else:
        caveat = certainty_clause(certainty, joined if certainty != "high" else "")
    return _("%(lead)s, %(finding)s; %(caveat)s.") % {
        "lead": lead,
        "finding": text,
        "caveat": caveat,
    }


def statement(
    *,
    certainty: str,
    size: str,
    increases: bool,
    outcome: str,
    time: str = "",
    intervention: str | None = None,
    higher_is_better: bool | None = None,
    binary: bool = False,
) -> str:
    """GRADE's informative statement (rules 6 and 7), without where from and how sure:
    'treatment with MSC probably increases serum albumin slightly at about 12 weeks (higher is
    better)'. `size` from effect_size."""
    certainty = _certainty(certainty) or "very low"
    values = {
        "intervention": intervention or _("MSC"),
        "outcome": _outcome_object(outcome, binary),
        "time": time,
    }
    if size in ("trivial", "unclear"):
        text = _NO_DIFFERENCE[certainty]() % values
        if size == "unclear" and certainty != "very low":
            text += _(", but an important difference cannot be ruled out")
        return text
    if certainty == "very low":
        size = "plain"  # no size word when we are very uncertain
    text = _DIRECTION[certainty, size, increases]() % values
    if higher_is_better is not None:
        text += _(" (higher is better)") if higher_is_better else _(" (lower is better)")
    return text


def certainty_clause(certainty: str, reasons: str = "") -> str:
    """'the certainty of the evidence is low, because the trials were small'."""
    level = {
        "high": _("the certainty of the evidence is high"),
        "moderate": _("the certainty of the evidence is moderate"),
        "low": _("the certainty of the evidence is low"),
        "very low": _("the certainty of the evidence is very low"),
    }[_certainty(certainty) or "very low"]
    if not reasons:
        return level
    return _("%(certainty)s, because %(reasons)s") % {"certainty": level, "reasons": reasons}


def reason_codes(grade: Grade) -> tuple[str, ...]:
    """Why a certainty is below high, as codes for `patient_sentence(reasons=...)`: the start
    (not randomised) and each domain that lowered it; risk of bias reads as 'not checked for
    bias' when the software's suggestion rests mostly on unassessed trials."""
    codes = [] if grade.start == 4 else ["not_randomised"]  # noqa: PLR2004 - GRADE's "high"
    for domain in grade.downgrades:
        if (
            domain.domain == "risk_of_bias"
            and not domain.is_rated
            and grade.unassessed_share >= UNASSESSED_MAJORITY
        ):
            codes.append("risk_of_bias_unassessed")
        else:
            codes.append(domain.domain)
    return tuple(codes)


def patient_sentence_for(
    pooled: PooledEstimate,
    *,
    participant_count: int,
    outcome: str,
    higher_is_better: bool | None,
    weeks: float | None,
    certainty: str | None,
    important_difference: float | None = None,
    intervention: str | None = None,
    when: str | None = None,
    randomised: bool | None = True,
    reasons: Sequence[str] | None = None,
    binary: bool = False,
) -> str:
    """patient_sentence from a PooledEstimate (analysis scale, as evidence.meta returns it)."""
    return patient_sentence(
        trial_count=pooled.k,
        participant_count=participant_count,
        outcome=outcome,
        higher_is_better=higher_is_better,
        weeks=weeks,
        estimate=pooled.estimate,
        ci_low=pooled.ci_low,
        ci_high=pooled.ci_high,
        certainty=certainty,
        i2=pooled.i2 if pooled.k > 1 else None,
        important_difference=important_difference,
        intervention=intervention,
        when=when,
        randomised=randomised,
        reasons=reasons,
        binary=binary,
    )


def about_people(count: int) -> str:
    """'12 people', 'about 250 people', 'about 1,200 people' (rule 3)."""
    if count < 20:
        return ngettext("%(count)d person", "%(count)d people", count) % {"count": count}
    step = 10 if count < 100 else 50 if count < 1000 else 100
    rounded = max(step, round(count / step) * step)
    return _("about %(count)s people") % {"count": number_format(rounded, force_grouping=True)}


# GRADE's statements (rule 7), each a whole phrase so translators can order the words.
_NO_DIFFERENCE = {
    "high": lambda: _(
        "treatment with %(intervention)s makes little or no difference to %(outcome)s%(time)s"
    ),
    "moderate": lambda: _(
        "treatment with %(intervention)s probably makes little or no difference to "
        "%(outcome)s%(time)s"
    ),
    "low": lambda: _(
        "treatment with %(intervention)s may make little or no difference to %(outcome)s%(time)s"
    ),
    "very low": lambda: _(
        "we are very uncertain whether treatment with %(intervention)s changes %(outcome)s%(time)s"
    ),
}
_DIRECTION = {
    ("high", "plain", True): lambda: _(
        "treatment with %(intervention)s increases %(outcome)s%(time)s"
    ),
    ("high", "plain", False): lambda: _(
        "treatment with %(intervention)s reduces %(outcome)s%(time)s"
    ),
    ("high", "slight", True): lambda: _(
        "treatment with %(intervention)s increases %(outcome)s slightly%(time)s"
    ),
    ("high", "slight", False): lambda: _(
        "treatment with %(intervention)s reduces %(outcome)s slightly%(time)s"
    ),
    ("high", "considerable", True): lambda: _(
        "treatment with %(intervention)s increases %(outcome)s considerably%(time)s"
    ),
    ("high", "considerable", False): lambda: _(
        "treatment with %(intervention)s reduces %(outcome)s considerably%(time)s"
    ),
    ("moderate", "plain", True): lambda: _(
        "treatment with %(intervention)s probably increases %(outcome)s%(time)s"
    ),
    ("moderate", "plain", False): lambda: _(
        "treatment with %(intervention)s probably reduces %(outcome)s%(time)s"
    ),
    ("moderate", "slight", True): lambda: _(
        "treatment with %(intervention)s probably increases %(outcome)s slightly%(time)s"
    ),
    ("moderate", "slight", False): lambda: _(
        "treatment with %(intervention)s probably reduces %(outcome)s slightly%(time)s"
    ),
    ("moderate", "considerable", True): lambda: _(
        "treatment with %(intervention)s probably increases %(outcome)s considerably%(time)s"
    ),
    ("moderate", "considerable", False): lambda: _(
        "treatment with %(intervention)s probably reduces %(outcome)s considerably%(time)s"
    ),
    ("low", "plain", True): lambda: _(
        "treatment with %(intervention)s may increase %(outcome)s%(time)s"
    ),
    ("low", "plain", False): lambda: _(
        "treatment with %(intervention)s may reduce %(outcome)s%(time)s"
    ),
    ("low", "slight", True): lambda: _(
        "treatment with %(intervention)s may increase %(outcome)s slightly%(time)s"
    ),
    ("low", "slight", False): lambda: _(
        "treatment with %(intervention)s may reduce %(outcome)s slightly%(time)s"
    ),
    ("low", "considerable", True): lambda: _(
        "treatment with %(intervention)s may increase %(outcome)s considerably%(time)s"
    ),
    ("low", "considerable", False): lambda: _(
        "treatment with %(intervention)s may reduce %(outcome)s considerably%(time)s"
    ),
    ("very low", "plain", True): lambda: _(
        "we are very uncertain whether treatment with %(intervention)s increases "
        "%(outcome)s%(time)s"
    ),
    ("very low", "plain", False): lambda: _(
        "we are very uncertain whether treatment with %(intervention)s reduces %(outcome)s%(time)s"
    ),
}


def _outcome_object(outcome: str, binary: bool) -> str:
    """The outcome as the object of 'increases' (Spanish: 'el resultado de …' / 'la frecuencia
    de …', so no article has to guess the noun's gender)."""
    if binary:
        return pgettext("how often an outcome happens, object of increases", "%(outcome)s") % {
            "outcome": outcome
        }
    return pgettext("a measured outcome, object of increases", "%(outcome)s") % {"outcome": outcome}


def _lead(trials: int, people: int, small: bool, randomised: bool | None = True) -> str:
    """'In one small trial with about 40 people' and its variants (never "trials" for studies
    that were not randomised)."""
    values = {"count": trials, "people": about_people(people)}
    if randomised is None:
        return (
            ngettext(
                "In one trial or study with %(people)s",
                "In %(count)d trials and studies with %(people)s",
                trials,
            )
            % values
        )
    if not randomised:
        if small:
            return (
                ngettext(
                    "In one small study whose groups were not known to be chosen by chance, "
                    "with %(people)s",
                    "In %(count)d small studies whose groups were not known to be chosen by "
                    "chance, with %(people)s",
                    trials,
                )
                % values
            )
        return (
            ngettext(
                "In one study whose groups were not known to be chosen by chance, with %(people)s",
                "In %(count)d studies whose groups were not known to be chosen by chance, with "
                "%(people)s",
                trials,
            )
            % values
        )
    if small:
        return (
            ngettext(
                "In one small trial with %(people)s",
                "In %(count)d small trials with %(people)s",
                trials,
            )
            % values
        )
    return (
        ngettext("In one trial with %(people)s", "In %(count)d trials with %(people)s", trials)
        % values
    )


def _unrated_finding(
    outcome: str,
    time: str,
    estimate: float,
    ci_low: float,
    ci_high: float,
    higher_is_better: bool | None,
    intervention: str,
    trial_count: int,
    randomised: bool | None,
) -> str:
    """Rule 9: 'albumin was higher after 12 weeks with MSC than without (higher is better)', or
    'the trials could not tell whether MSC made a difference to albumin'."""
    values = {"outcome": outcome, "time": time, "intervention": intervention}
    if ci_low <= 0 <= ci_high:
        if randomised:
            finding = ngettext(
                "the trial could not tell whether %(intervention)s made a difference to "
                "%(outcome)s%(time)s",
                "the trials could not tell whether %(intervention)s made a difference to "
                "%(outcome)s%(time)s",
                trial_count,
            )
        else:
            finding = ngettext(
                "the study could not tell whether %(intervention)s made a difference to "
                "%(outcome)s%(time)s",
                "the studies could not tell whether %(intervention)s made a difference to "
                "%(outcome)s%(time)s",
                trial_count,
            )
        return finding % values
    if estimate > 0:
        text = _("%(outcome)s was higher%(time)s with %(intervention)s than without") % values
    else:
        text = _("%(outcome)s was lower%(time)s with %(intervention)s than without") % values
    if higher_is_better is not None:
        text += _(" (higher is better)") if higher_is_better else _(" (lower is better)")
    return text


def _unrated_caveat(reasons: list[str]) -> str:
    """'we are not sure, because ...' (rule 9)."""
    if not reasons:
        reasons = [_("the certainty of the evidence has not been rated yet")]
    return _("we are not sure, because %(reasons)s") % {"reasons": _(" and ").join(reasons)}


def _number_reasons(
    trials: int, small: bool, i2: float | None, randomised: bool | None
) -> list[str]:
    """What the numbers alone show (rule 8, without reason codes)."""
    reasons = []
    if randomised is not True:
        reasons.append(_("groups not chosen by chance can differ in ways that change the result"))
    if trials == 1:
        reasons.append(_one_study(small, randomised))
    elif small:
        reasons.append(_("the trials were small") if randomised else _("the studies were small"))
    if trials > 1 and i2 is not None and i2 >= VARYING_I2:
        reasons.insert(0, _("the results vary"))
    return reasons


def _one_study(small: bool, randomised: bool | None) -> str:
    if randomised:
        return _("there was only one small trial") if small else _("there was only one trial")
    return _("there was only one small study") if small else _("there was only one study")


def _reason_words(
    codes: Sequence[str], trials: int, small: bool, randomised: bool | None
) -> list[str]:
    """The reason codes in plain words, in the order given (rule 8)."""
    trial_words = randomised is True
    words = []
    for code in codes:
        if code == "not_randomised":
            words.append(_("groups not chosen by chance can differ in ways that change the result"))
        elif code == "risk_of_bias":
            words.append(
                _("there are concerns about how the trials were done")
                if trial_words
                else _("there are concerns about how the studies were done")
            )
        elif code == "risk_of_bias_unassessed":
            words.append(
                _("the trials have not yet been checked for bias")
                if trial_words
                else _("the studies have not yet been checked for bias")
            )
        elif code == "inconsistency":
            words.append(_("the results vary"))
        elif code == "indirectness":
            words.append(
                _("the trials do not closely match the question (people, cells or outcome)")
                if trial_words
                else _("the studies do not closely match the question (people, cells or outcome)")
            )
        elif code == "imprecision":
            if trials == 1:
                words.append(_one_study(small, randomised))
            elif small:
                words.append(
                    _("the trials were small") if trial_words else _("the studies were small")
                )
            else:
                words.append(_("the results are imprecise"))
        elif code == "publication_bias":
            words.append(
                _("some trials may not have been published")
                if trial_words
                else _("some studies may not have been published")
            )
        else:
            raise ValueError(f"unknown reason code: {code}")
    return words


def when_phrase(time: str, *, approximate: bool = False) -> str:
    """' at 3 months' (one study's own time) or ' at about 12 weeks' (a window of several)."""
    if approximate:
        return _(" at about %(time)s") % {"time": time}
    return _(" at %(time)s") % {"time": time}


def _certainty(value: str | None) -> str | None:
    """GRADE certainty normalised to high, moderate, low or very low; anything else is None."""
    if value is None:
        return None
    normal = str(value).strip().lower().replace("_", " ").replace("-", " ")
    return normal if normal in ("high", "moderate", "low", "very low") else None


def _time(weeks: float | None) -> str:
    """' after 12 weeks', ' after 2 years' or nothing."""
    return "" if weeks is None else _(" after %(time)s") % {"time": time_label(weeks)}
