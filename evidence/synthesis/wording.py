"""One guarded plain-language sentence for patients about a pooled result.

Wording rules (DESIGN section 6: never stronger than the data):
1. One sentence: where the evidence comes from, what it found, how sure we are.
2. Never the words "cure", "proven", "effective", "guaranteed" (or their forms), whatever the data.
3. Where from: "In one small trial ..." / "In 4 small trials ..." with the people counted
   "about N" (exact below 20; to the nearest 10 below 100, 50 below 1,000, then 100).
   Trials are "small" when they have fewer than 100 people each on average.
4. What it found, on the analysis scale (no effect at 0; ratios as logs):
   - when the 95% CI includes no effect, say plainly that the trials could not tell whether MSC
     made a difference, and name no direction;
   - otherwise say whether the outcome was higher or lower with MSC than without, and which
     direction is better when the measure says so.
5. Size words come only from the numbers, and only when an important difference is given:
   "a little" when the estimate is smaller than it; "clearly" when the whole CI lies beyond it
   and the certainty is moderate or high. Otherwise no size word.
6. How sure: for low, very low or unrated certainty, "we are not sure, because ..." with the
   reasons the numbers show (only one trial, small trials, results that vary: I² of 50% or more),
   or else the certainty itself; for moderate or high certainty, that certainty.
Every piece goes through gettext at call time, so the sentence follows the active language.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evidence.synthesis.meta import PooledEstimate
from trials.formatting import time_label

SMALL_TRIAL_PEOPLE = 100  # average participants per trial below which trials are "small"
VARYING_I2 = 50.0  # percent; "substantial" heterogeneity (Cochrane Handbook 10.10.2)
SURE_CERTAINTIES = ("high", "moderate")


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
) -> str:
    """The sentence patients read about one pooled result (rules in the module docstring)."""
    if trial_count < 1 or participant_count < 1:
        raise ValueError("a sentence needs at least one trial and one participant")
    if not ci_low <= estimate <= ci_high:
        raise ValueError("the estimate must lie within its confidence interval")
    certainty = _certainty(certainty)
    small = participant_count / trial_count < SMALL_TRIAL_PEOPLE
    time = _time(weeks)
    if ci_low <= 0 <= ci_high:
        finding = ngettext(
            "the trial could not tell whether MSC made a difference to %(outcome)s%(time)s",
            "the trials could not tell whether MSC made a difference to %(outcome)s%(time)s",
            trial_count,
        ) % {"outcome": outcome, "time": time}
    else:
        finding = _finding(
            outcome,
            time,
            estimate,
            ci_low,
            ci_high,
            higher_is_better,
            certainty,
            important_difference,
        )
    return _("%(lead)s, %(finding)s; %(caveat)s.") % {
        "lead": _lead(trial_count, participant_count, small),
        "finding": finding,
        "caveat": _caveat(trial_count, small, i2, certainty),
    }


def patient_sentence_for(
    pooled: PooledEstimate,
    *,
    participant_count: int,
    outcome: str,
    higher_is_better: bool | None,
    weeks: float | None,
    certainty: str | None,
    important_difference: float | None = None,
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
        i2=pooled.i2,
        important_difference=important_difference,
    )


def about_people(count: int) -> str:
    """'12 people', 'about 250 people', 'about 1,200 people' (rule 3)."""
    if count < 20:
        return ngettext("%(count)d person", "%(count)d people", count) % {"count": count}
    step = 10 if count < 100 else 50 if count < 1000 else 100
    rounded = max(step, round(count / step) * step)
    return _("about %(count)s people") % {"count": number_format(rounded, force_grouping=True)}


def _lead(trials: int, people: int, small: bool) -> str:
    """'In one small trial with about 40 people' and its variants."""
    values = {"count": trials, "people": about_people(people)}
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


def _finding(
    outcome: str,
    time: str,
    estimate: float,
    ci_low: float,
    ci_high: float,
    higher_is_better: bool | None,
    certainty: str | None,
    important_difference: float | None,
) -> str:
    """'albumin was a little higher after 12 weeks with MSC than without (higher is better)'."""
    size = ""
    if important_difference is not None and important_difference > 0:
        nearest = min(abs(ci_low), abs(ci_high))  # the CI excludes 0 here, so both share a sign
        if abs(estimate) < important_difference:
            size = "a little"
        elif nearest >= important_difference and certainty in SURE_CERTAINTIES:
            size = "clearly"
    templates = {
        ("", True): _("%(outcome)s was higher%(time)s with MSC than without"),
        ("", False): _("%(outcome)s was lower%(time)s with MSC than without"),
        ("a little", True): _("%(outcome)s was a little higher%(time)s with MSC than without"),
        ("a little", False): _("%(outcome)s was a little lower%(time)s with MSC than without"),
        ("clearly", True): _("%(outcome)s was clearly higher%(time)s with MSC than without"),
        ("clearly", False): _("%(outcome)s was clearly lower%(time)s with MSC than without"),
    }
    text = templates[size, estimate > 0] % {"outcome": outcome, "time": time}
    if higher_is_better is not None:
        text += _(" (higher is better)") if higher_is_better else _(" (lower is better)")
    return text


def _caveat(trials: int, small: bool, i2: float | None, certainty: str | None) -> str:
    """How sure we are (rule 6)."""
    if certainty in SURE_CERTAINTIES:
        return (
            _("the certainty of the evidence is high")
            if certainty == "high"
            else _("the certainty of the evidence is moderate")
        )
    reasons = []
    if trials == 1:
        reasons.append(
            _("there was only one small trial") if small else _("there was only one trial")
        )
    elif small:
        reasons.append(_("the trials were small"))
    if trials > 1 and i2 is not None and i2 >= VARYING_I2:
        reasons.insert(0, _("the results vary"))
    if not reasons:
        reasons.append(
            {
                "low": _("the certainty of the evidence is low"),
                "very low": _("the certainty of the evidence is very low"),
            }.get(certainty or "", _("the certainty of the evidence has not been rated yet"))
        )
    return _("we are not sure, because %(reasons)s") % {"reasons": _(" and ").join(reasons)}


def _certainty(value: str | None) -> str | None:
    """GRADE certainty normalised to high, moderate, low or very low; anything else is None."""
    if value is None:
        return None
    normal = str(value).strip().lower().replace("_", " ").replace("-", " ")
    return normal if normal in ("high", "moderate", "low", "very low") else None


def _time(weeks: float | None) -> str:
    """' after 12 weeks', ' after 2 years' or nothing."""
    return "" if weeks is None else _(" after %(time)s") % {"time": time_label(weeks)}
