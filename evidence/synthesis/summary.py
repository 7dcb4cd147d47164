"""A condition's summary of findings (GRADEpro's layout) and its key messages: pure functions.

Summary of findings (Guyatt et al., J Clin Epidemiol 2011, "GRADE guidelines 12"; GRADEpro's
table): a row per pooled result (outcome, time, cells) with participants (studies), the relative
effect (ratios only; "not applicable" for a mean difference), the anticipated absolute effects
(for events: the risk with control, from the control groups' events, and the difference per
1,000 with the cells; for a measured outcome: the mean difference in words "higher"/"lower"),
the certainty with the reasons for downgrading, and a plain comment in GRADE's words. Every
cell says something in words: "not applicable", "not estimable", "not rated by a curator".

Key messages (Cochrane's plain-language summaries as the model): three to five sentences from
the counts and the pooled results, with the wording rules of wording.py — only results measured
against a control group are called findings; changes within a treated group never are.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evidence.synthesis import meta
from evidence.synthesis.from_curated import Synthesis
from evidence.synthesis.grade import Grade
from evidence.synthesis.wording import about_people
from trials.formatting import fixed_number

PER = 1000  # absolute effects per 1,000 people, as GRADEpro gives them
LISTED_OUTCOMES = 5  # outcomes named in a key message before "and N more"
LARGEST_RESULTS = 3  # results whose statements a key message quotes


@dataclass(frozen=True)
class SofRow:
    """One row of the summary-of-findings table, every cell as words."""

    anchor: str
    outcome: str
    participants: str
    relative: str
    control_risk: str
    absolute: str
    certainty: str
    certainty_level: str
    reasons: str
    rated: str
    comment: str


def per_thousand(risk: float) -> str:
    """'180 per 1,000'."""
    return _("%(count)s per 1,000") % {
        "count": number_format(round(risk * PER), force_grouping=True)
    }


def difference_words(value: float, unit: str = "", digits: int = 2) -> str:
    """'3.00 g/L higher', '1.00 lower', 'no difference' (a mean difference in words)."""
    number = fixed_number(abs(value), digits)
    if number == fixed_number(0, digits):
        return _("no difference")
    text = f"{number} {unit}".strip()
    return (_("%(value)s higher") if value > 0 else _("%(value)s lower")) % {"value": text}


def fewer_more(per: int) -> str:
    """'120 fewer', '60 more', 'no fewer and no more' for a risk difference per 1,000."""
    count = number_format(abs(per), force_grouping=True)
    if per == 0:
        return _("0 more or fewer")
    return (_("%(count)s more") if per > 0 else _("%(count)s fewer")) % {"count": count}


def _treated_risk(effect_measure: str, value: float, control: float) -> float:
    """The risk with the cells from the control risk and a RR, OR or RD (natural scale)."""
    if effect_measure == "RR":
        return min(1.0, control * value)
    if effect_measure == "OR":
        return value * control / (1 - control + value * control)
    return min(1.0, max(0.0, control + value))  # RD


def control_risk(synthesis: Synthesis) -> float | None:
    """The control groups' risk: their events over their people (GRADEpro's study population)."""
    people = sum(study.control.n for study in synthesis.studies)
    events = [study.control.events for study in synthesis.studies]
    if not people or any(count is None for count in events):
        return None
    return sum(events) / people


def relative_effect(synthesis: Synthesis) -> str:
    """'RR 0.60 (0.30 to 1.20)' for ratios, else 'Not applicable'."""
    summary = synthesis.summary
    if synthesis.effect_measure not in meta.RATIO_MEASURES or summary is None:
        return _("Not applicable (not a ratio)")
    return _("%(measure)s %(estimate)s (%(low)s to %(high)s)") % {
        "measure": synthesis.effect_measure,
        "estimate": fixed_number(summary.estimate),
        "low": fixed_number(summary.ci_low),
        "high": fixed_number(summary.ci_high),
    }


def absolute_effects(synthesis: Synthesis, intervention: str) -> tuple[str, str]:
    """(risk with control, the effect with the cells) in words, as GRADEpro gives them."""
    summary = synthesis.summary
    if summary is None:
        return _("Not estimable"), _("Not estimable")
    if synthesis.effect_measure in ("MD", "SMD"):
        unit = synthesis.measure.unit if synthesis.effect_measure == "MD" else ""
        label = (
            _("Mean difference")
            if synthesis.effect_measure == "MD"
            else _("Standardised mean difference")
        )
        return _("Not applicable (a measured outcome)"), _(
            "%(label)s: %(estimate)s with %(intervention)s (%(low)s to %(high)s)"
        ) % {
            "label": label,
            "estimate": difference_words(summary.estimate, unit),
            "intervention": intervention,
            "low": difference_words(summary.ci_low, unit),
            "high": difference_words(summary.ci_high, unit),
        }
    risk = control_risk(synthesis)
    if risk is None or synthesis.effect_measure not in ("RR", "OR", "RD"):
        return _("Not estimable from the data we hold"), _("Not estimable from the data we hold")
    if risk == 0 and synthesis.effect_measure != "RD":
        return per_thousand(0), _(
            "Not estimable: no events in the control groups, so a ratio gives no absolute effect"
        )
    values = [
        round((_treated_risk(synthesis.effect_measure, value, risk) - risk) * PER)
        for value in (summary.estimate, summary.ci_low, summary.ci_high)
    ]
    return per_thousand(risk), _(
        "%(difference)s per 1,000 with %(intervention)s (%(low)s to %(high)s)"
    ) % {
        "difference": fewer_more(values[0]),
        "intervention": intervention,
        "low": fewer_more(values[1]),
        "high": fewer_more(values[2]),
    }


def participants_text(synthesis: Synthesis, studies: str) -> str:
    """'44 (2 randomised trials)'."""
    return _("%(people)s (%(studies)s)") % {
        "people": number_format(synthesis.participants, force_grouping=True),
        "studies": studies,
    }


def certainty_reasons(grade: Grade) -> str:
    """'Lowered for risk of bias (−1) and imprecision (−2)' or 'Not lowered'."""
    parts = [
        _("%(domain)s (−%(levels)d)") % {"domain": d.label.lower(), "levels": d.downgrade}
        for d in grade.downgrades
    ]
    start = "" if grade.start == 4 else _("Starts low: groups not known to be chosen by chance. ")  # noqa: PLR2004
    if not parts:
        return start + _("Not lowered.")
    return start + _("Lowered for %(domains)s.") % {"domains": _(", ").join(parts)}


def rated_text(grade: Grade) -> str:
    """Who says so: a curator's rating, or the software's suggestion not yet rated."""
    if grade.is_rated:
        return _("Rated by our curators.")
    return _("The software's suggestion; not rated by a curator yet.")


def sof_row(
    *,
    anchor: str,
    outcome: str,
    synthesis: Synthesis,
    grade: Grade,
    intervention: str,
    studies: str,
    statement: str,
) -> SofRow:
    """One row of the summary of findings (every column in words)."""
    control, absolute = absolute_effects(synthesis, intervention)
    return SofRow(
        anchor=anchor,
        outcome=outcome,
        participants=participants_text(synthesis, studies),
        relative=relative_effect(synthesis),
        control_risk=control,
        absolute=absolute,
        certainty=grade.label,
        certainty_level=grade.certainty,
        reasons=certainty_reasons(grade),
        rated=rated_text(grade),
        comment=sentence_case(statement) + ".",
    )


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- Key messages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionFacts:
    """What a condition's key messages count (trials.models.TrialQuerySet.key_counts and the
    published reviews of its trials)."""

    trials: int
    people: int | None
    people_recorded: int
    controlled: int
    uncontrolled: int
    running: int
    unconfirmed: int
    classes: tuple[tuple[str, int], ...] = ()  # (the cells' short name, trials)
    reviews: int = 0  # published systematic reviews that include any of these studies
    no_difference: tuple[tuple[str, int], ...] = ()  # (measure, reviews whose CI includes none)


@dataclass(frozen=True)
class ResultLine:
    """What a key message needs of one pooled result."""

    outcome: str
    participants: int
    certainty: str  # high, moderate, low, very_low
    statement: str  # GRADE's statement (wording.statement)
    studies: int  # trials in the result: one trial's result is not a combined one


def key_messages(facts: ConditionFacts, results: list[ResultLine]) -> list[str]:
    """Three to five plain sentences: where from, with what comparison, what was found and how
    sure, what speaks against it, what is still running."""
    if not facts.trials:
        return [
            _("We hold no published study of this condition yet, so we cannot say what the "
              "evidence shows."),
            _running(facts),
        ]  # fmt: skip
    messages = [_where_from(facts), _comparison(facts)]
    if results:
        messages.append(_found(results))
    elif facts.controlled:
        messages.append(
            _(
                "We cannot yet combine any result measured against a control group: the studies "
                "do not report per-arm numbers we can use."
            )
        )
    if facts.reviews:
        messages.append(_reviews(facts))
    messages.append(_running(facts))
    return messages


def _where_from(facts: ConditionFacts) -> str:
    text = ngettext(
        "We hold %(count)d published study of this condition",
        "We hold %(count)d published studies of this condition",
        facts.trials,
    ) % {"count": facts.trials}
    if facts.people_recorded and facts.people:
        text += _(" with %(people)s enrolled or planned") % {"people": about_people(facts.people)}
        if facts.people_recorded < facts.trials:
            text += _(" (the number is recorded for %(recorded)d of them)") % {
                "recorded": facts.people_recorded
            }
    if facts.classes:
        text += _("; cells given: %(classes)s") % {
            "classes": _(", ").join(
                ngettext("%(kind)s in %(count)d study", "%(kind)s in %(count)d studies", count)
                % {"kind": kind, "count": count}
                for kind, count in facts.classes
            )
        }
    return text + "."


def _comparison(facts: ConditionFacts) -> str:
    if not facts.controlled:
        return _(
            "None of them compared people given the cells with a control group, so none can "
            "show what the cells did: changes within a treated group can come from the course "
            "of the disease or from other care."
        )
    text = ngettext(
        "%(count)d of them compared people given the cells with a control group",
        "%(count)d of them compared people given the cells with a control group",
        facts.controlled,
    ) % {"count": facts.controlled}
    if facts.uncontrolled:
        text += ngettext(
            "; %(count)d had no control group, so its before-and-after changes cannot show what "
            "the cells did",
            "; %(count)d had no control group, so their before-and-after changes cannot show "
            "what the cells did",
            facts.uncontrolled,
        ) % {"count": facts.uncontrolled}
    return text + "."


def _found(results: list[ResultLine]) -> str:
    names = list(dict.fromkeys(result.outcome for result in results))
    listed = _(", ").join(names[:LISTED_OUTCOMES])
    if len(names) > LISTED_OUTCOMES:
        listed = _("%(names)s and %(count)d more") % {
            "names": listed,
            "count": len(names) - LISTED_OUTCOMES,
        }
    largest = sorted(results, key=lambda result: -result.participants)[:LARGEST_RESULTS]
    values = {
        "count": len(results),
        "outcomes": listed,
        "statements": _("; ").join(result.statement for result in largest),
    }
    combined = sum(1 for result in results if result.studies > 1)
    if combined == len(results):
        text = ngettext(
            "We could combine %(count)d result measured against a control group (%(outcomes)s). "
            "It says: %(statements)s.",
            "We could combine %(count)d results measured against a control group "
            "(%(outcomes)s). The largest say: %(statements)s.",
            len(results),
        )
    elif not combined:
        text = ngettext(
            "We have one trial's result measured against a control group (%(outcomes)s); a "
            "single trial's result is not combined with others. It says: %(statements)s.",
            "We have %(count)d results measured against a control group (%(outcomes)s), each "
            "from a single trial, so none combines several trials. The largest say: "
            "%(statements)s.",
            len(results),
        )
    else:
        values["combined"] = ngettext(
            "%(count)d of them combines several trials",
            "%(count)d of them combine several trials",
            combined,
        ) % {"count": combined}
        text = _(
            "We have %(count)d results measured against a control group (%(outcomes)s); "
            "%(combined)s, the others come from a single trial each. The largest say: "
            "%(statements)s."
        )
    text %= values
    levels = Counter(result.certainty for result in results)
    counted = _(", ").join(
        _LEVEL_COUNTS[level](levels[level]) % {"count": levels[level]}
        for level in ("high", "moderate", "low", "very_low")
        if levels[level]
    )
    return (
        text
        + " "
        + _("How sure we can be (GRADE): %(levels)s; the reasons are given under each result.")
        % {"levels": counted}
    )


_LEVEL_COUNTS = {
    "high": lambda n: ngettext(
        "%(count)d result of high certainty", "%(count)d results of high certainty", n
    ),
    "moderate": lambda n: ngettext(
        "%(count)d result of moderate certainty", "%(count)d results of moderate certainty", n
    ),
    "low": lambda n: ngettext(
        "%(count)d result of low certainty", "%(count)d results of low certainty", n
    ),
    "very_low": lambda n: ngettext(
        "%(count)d result of very low certainty", "%(count)d results of very low certainty", n
    ),
}


def _reviews(facts: ConditionFacts) -> str:
    """What speaks against: reviews whose published interval includes no effect; and where the
    reviews' own findings are (some give no numbers, only words)."""
    text = ngettext(
        "%(count)d published systematic review includes studies of this condition; its "
        "findings, favourable or not, are on the evidence page.",
        "%(count)d published systematic reviews include studies of this condition; their "
        "findings, favourable or not, are on the evidence page.",
        facts.reviews,
    ) % {"count": facts.reviews}
    if not facts.no_difference:
        return text
    measures = _(", ").join(
        ngettext("%(measure)s (%(count)d review)", "%(measure)s (%(count)d reviews)", count)
        % {"measure": measure, "count": count}
        for measure, count in facts.no_difference
    )
    return (
        _(
            "Published systematic reviews that include these studies found no clear difference "
            "in %(measures)s: their 95%% intervals include no effect."
        )
        % {"measures": measures}
        + " "
        + text
    )


def _running(facts: ConditionFacts) -> str:
    if facts.running:
        text = ngettext(
            "%(count)d study is still running or recruiting; its results are not in yet.",
            "%(count)d studies are still running or recruiting; their results are not in yet.",
            facts.running,
        ) % {"count": facts.running}
    else:
        text = _("No study of this condition is recorded as still running.")
    if facts.unconfirmed:
        text += " " + ngettext(
            "%(count)d more was last said to be running, but its registry has not confirmed it "
            "for two years.",
            "%(count)d more were last said to be running, but their registries have not "
            "confirmed it for two years.",
            facts.unconfirmed,
        ) % {"count": facts.unconfirmed}
    return text


def includes_no_effect(effect_measure: str, low: float, high: float) -> bool:
    """Whether a published 95% interval includes no effect (1 for ratios, else 0)."""
    null = 1.0 if effect_measure in meta.RATIO_MEASURES else 0.0
    return low <= null <= high and not math.isnan(low + high)
