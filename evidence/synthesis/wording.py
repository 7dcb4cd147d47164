"""One guarded plain-language sentence for patients about a pooled result.

Wording rules (DESIGN section 6: never stronger than the data):
1. One sentence: where the evidence comes from, what it found, how sure we are.
2. Never the words "cure", "proven", "effective", "guaranteed" (or their forms), whatever the data.
3. Where from: "In one small trial ..." / "In 4 small trials ..." with the people counted
   "about N" (exact below 20; to the nearest 10 below 100, 50 below 1,000, then 100).
   Trials are "small" when they have fewer than 100 people each on average. Evidence that is not
   from randomised trials (randomised=False) is never called "trials": "In one small study whose
   groups were not chosen by chance ..." (and None, a mix: "trials and studies").
4. Name the cells actually pooled, never "MSC" for other cells: `intervention` is "MSC",
   "bone-marrow mononuclear cells", "MSC-derived vesicles" ... (the caller names the class).
5. When: `when` is the phrase to use (" at 3 months", the study's own time, when there is one
   study; " at about 12 weeks" for a window); otherwise " after N weeks" from `weeks`. A window's
   label is never given as one study's time.
6. What it found, on the analysis scale (no effect at 0; ratios as logs):
   - when the 95% CI includes no effect, say plainly that the trials could not tell whether the
     cells made a difference, and name no direction;
   - otherwise say whether the outcome was higher or lower with the cells than without, and which
     direction is better when the measure says so.
7. Size words come only from the numbers, and only when an important difference is given:
   "a little" when the estimate is smaller than it; "clearly" when the whole CI lies beyond it
   and the certainty is moderate or high. Otherwise no size word.
8. How sure: for low or very low certainty, "we are not sure: the certainty of the evidence
   is low, because ..." with the reasons the numbers show (groups not chosen by chance, only one
   trial, small trials, results that vary: I² of 50% or more); unrated, those reasons or else
   "has not been rated yet"; for moderate or high certainty, that certainty. The certainty is
   GRADE's (evidence/synthesis/grade.py: the software's suggestion, or a curator's rating).
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
    intervention: str | None = None,
    when: str | None = None,
    randomised: bool | None = True,
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
    if ci_low <= 0 <= ci_high:
        values = {"outcome": outcome, "time": time, "intervention": intervention}
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
        finding %= values
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
            intervention,
        )
    return _("%(lead)s, %(finding)s; %(caveat)s.") % {
        "lead": _lead(trial_count, participant_count, small, randomised),
        "finding": finding,
        "caveat": _caveat(trial_count, small, i2, certainty, randomised),
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
    intervention: str | None = None,
    when: str | None = None,
    randomised: bool | None = True,
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
    )


def about_people(count: int) -> str:
    """'12 people', 'about 250 people', 'about 1,200 people' (rule 3)."""
    if count < 20:
        return ngettext("%(count)d person", "%(count)d people", count) % {"count": count}
    step = 10 if count < 100 else 50 if count < 1000 else 100
    rounded = max(step, round(count / step) * step)
    return _("about %(count)s people") % {"count": number_format(rounded, force_grouping=True)}


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


def _finding(
    outcome: str,
    time: str,
    estimate: float,
    ci_low: float,
    ci_high: float,
    higher_is_better: bool | None,
    certainty: str | None,
    important_difference: float | None,
    intervention: str = "MSC",
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
        ("", True): _("%(outcome)s was higher%(time)s with %(intervention)s than without"),
        ("", False): _("%(outcome)s was lower%(time)s with %(intervention)s than without"),
        ("a little", True): _(
            "%(outcome)s was a little higher%(time)s with %(intervention)s than without"
        ),
        ("a little", False): _(
            "%(outcome)s was a little lower%(time)s with %(intervention)s than without"
        ),
        ("clearly", True): _(
            "%(outcome)s was clearly higher%(time)s with %(intervention)s than without"
        ),
        ("clearly", False): _(
            "%(outcome)s was clearly lower%(time)s with %(intervention)s than without"
        ),
    }
    text = templates[size, estimate > 0] % {
        "outcome": outcome,
        "time": time,
        "intervention": intervention,
    }
    if higher_is_better is not None:
        text += _(" (higher is better)") if higher_is_better else _(" (lower is better)")
    return text


def _caveat(
    trials: int,
    small: bool,
    i2: float | None,
    certainty: str | None,
    randomised: bool | None = True,
) -> str:
    """How sure we are (rule 8)."""
    if certainty in SURE_CERTAINTIES:
        return (
            _("the certainty of the evidence is high")
            if certainty == "high"
            else _("the certainty of the evidence is moderate")
        )
    reasons = []
    if randomised is not True:
        reasons.append(_("groups not chosen by chance can differ in ways that change the result"))
    if trials == 1:
        if randomised:
            reasons.append(
                _("there was only one small trial") if small else _("there was only one trial")
            )
        else:
            reasons.append(
                _("there was only one small study") if small else _("there was only one study")
            )
    elif small:
        reasons.append(_("the trials were small") if randomised else _("the studies were small"))
    if trials > 1 and i2 is not None and i2 >= VARYING_I2:
        reasons.insert(0, _("the results vary"))
    rated = {
        "low": _("the certainty of the evidence is low"),
        "very low": _("the certainty of the evidence is very low"),
    }.get(certainty or "")
    if rated:  # GRADE's level first, then what the numbers show
        if not reasons:
            return _("we are not sure: %(certainty)s") % {"certainty": rated}
        return _("we are not sure: %(certainty)s, because %(reasons)s") % {
            "certainty": rated,
            "reasons": _(" and ").join(reasons),
        }
    if not reasons:
        reasons.append(_("the certainty of the evidence has not been rated yet"))
    return _("we are not sure, because %(reasons)s") % {"reasons": _(" and ").join(reasons)}


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
