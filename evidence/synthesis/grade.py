"""GRADE certainty of a pooled result: the software's suggestion per domain, the curator's rating.

Pure functions over plain values (no database), so they work on any pooled rows.

Rules (GRADE handbook, Schünemann et al. 2013, section 5; Guyatt et al., J Clin Epidemiol 2011,
GRADE guidelines 4–8):
- Start: high (4) for randomised trials, low (2) for other studies.
- Five domains can lower it by one level (serious) or two (very serious):
  - risk of bias, suggested from the trials' assessments weighted by their share of the pool:
    two levels when trials at high risk (RoB 2 high; ROBINS-I serious or critical) carry half
    of the weight or more; one level when trials at low risk carry less than half (trials with
    some concerns or moderate risk, trials nobody has assessed and "no information" count
    against it: unknown is never taken as low, and the reason says how much is unassessed);
  - inconsistency, suggested from I² and the studies' intervals (k ≥ 2 only): two levels when
    I² ≥ 75% and some intervals do not overlap; one level when I² ≥ 50% or some intervals do
    not overlap; none with one study (not applicable);
  - imprecision, suggested from the interval and the number of participants: with a minimal
    important difference (MID), the optimal information size (OIS: α 0.05, power 0.8) and
    whether the interval includes both no effect and an important effect, or important benefit
    and important harm (two levels); without an MID, whether the interval includes no effect
    and GRADE's rule of thumb (400 participants for a continuous outcome, 300 events for a
    binary one);
  - indirectness and publication bias: no suggestion; the curator decides (fewer than 10
    studies cannot be tested for small-study effects).
- A curator's rating of a domain replaces its suggestion; domains nobody rated keep the
  suggestion (none for indirectness and publication bias). A curator may also raise the
  certainty of non-randomised evidence (large effect, dose response): `upgrade`.
- The certainty is the start minus the downgrades plus any upgrade, between very low (1) and
  high (4).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

DOMAINS = ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")
LEVELS = {4: "high", 3: "moderate", 2: "low", 1: "very_low"}
HALF = 0.5
I2_SUBSTANTIAL = 50.0  # Cochrane Handbook 10.10.2: 50–90% may be substantial
I2_CONSIDERABLE = 75.0  # 75–100%: considerable
RULE_OF_THUMB_PARTICIPANTS = 400  # continuous outcomes (GRADE guidelines 6, Guyatt 2011)
RULE_OF_THUMB_EVENTS = 300  # binary outcomes
Z_ALPHA = 1.959964  # two-sided α = 0.05
Z_BETA = 0.841621  # power 0.8
PUBLICATION_BIAS_MIN_STUDIES = 10  # Cochrane Handbook 13.3.5.4


def domain_label(domain: str) -> str:
    """The domain's name in the active language."""
    return {
        "risk_of_bias": _("Risk of bias"),
        "inconsistency": _("Inconsistency"),
        "indirectness": _("Indirectness"),
        "imprecision": _("Imprecision"),
        "publication_bias": _("Publication bias"),
    }[domain]


def certainty_label(level: str) -> str:
    """'High', 'Moderate', 'Low', 'Very low' in the active language."""
    return {
        "high": _("High"),
        "moderate": _("Moderate"),
        "low": _("Low"),
        "very_low": _("Very low"),
    }[level]


@dataclass(frozen=True)
class Suggestion:
    """The software's suggestion for one domain: levels down (None: left to the curator)."""

    domain: str
    downgrade: int | None
    reason: str


@dataclass(frozen=True)
class DomainRating:
    """One domain as shown: the suggestion, the curator's rating (if any) and what counts."""

    domain: str
    suggested: int | None
    suggested_reason: str
    rated: int | None = None
    rated_reason: str = ""

    @property
    def downgrade(self) -> int:
        """Levels down that count: the curator's, else the suggestion's, else none."""
        if self.rated is not None:
            return self.rated
        return self.suggested or 0

    @property
    def label(self) -> str:
        return domain_label(self.domain)

    @property
    def is_rated(self) -> bool:
        return self.rated is not None

    @property
    def suggested_text(self) -> str:
        """'no serious concern', 'serious (−1)', 'left to the curator'."""
        return (
            levels_text(self.suggested) if self.suggested is not None else _("left to the curator")
        )

    @property
    def rated_text(self) -> str:
        """The curator's rating in words, or 'not rated'."""
        return levels_text(self.rated) if self.rated is not None else _("not rated")

    @property
    def reason(self) -> str:
        """The reason that counts: the curator's when rated, else the suggestion's."""
        return (
            self.rated_reason
            if self.rated is not None and self.rated_reason
            else (self.suggested_reason)
        )


@dataclass(frozen=True)
class Grade:
    """A pooled result's certainty with every domain and whether a curator rated it."""

    start: int
    domains: tuple[DomainRating, ...]
    upgrade: int = 0
    upgrade_reason: str = ""
    is_rated: bool = False  # a published curator's rating applies
    unassessed_share: float = 0.0  # share of the weight from studies nobody assessed for bias

    @property
    def level(self) -> int:
        total = sum(domain.downgrade for domain in self.domains)
        return max(1, min(4, self.start - total + self.upgrade))

    @property
    def certainty(self) -> str:
        """high, moderate, low or very_low."""
        return LEVELS[self.level]

    @property
    def suggested_certainty(self) -> str:
        """What the software alone suggests (curators' ratings and upgrades left out)."""
        total = sum(domain.suggested or 0 for domain in self.domains)
        return LEVELS[max(1, min(4, self.start - total))]

    @property
    def label(self) -> str:
        return certainty_label(self.certainty)

    @property
    def suggested_label(self) -> str:
        return certainty_label(self.suggested_certainty)

    @property
    def downgrades(self) -> tuple[DomainRating, ...]:
        """The domains that lower the certainty, for "reasons for downgrading"."""
        return tuple(domain for domain in self.domains if domain.downgrade)


def levels_text(levels: int) -> str:
    """GRADE's words for levels down: 0 'no serious concern', 1 'serious (−1)', 2 'very serious
    (−2)'."""
    return {
        0: _("no serious concern"),
        1: _("serious (−1)"),
        2: _("very serious (−2)"),
    }[levels]


def start_level(randomised: bool | None) -> int:
    """High (4) for randomised trials, low (2) for anything else (GRADE handbook 5.1)."""
    return 4 if randomised is True else 2


def _percent(share: float) -> str:
    return number_format(round(share * 100))


def suggest_risk_of_bias(weighted: list[tuple[float, int | None]]) -> Suggestion:
    """From (weight, concern) per study: concern 0 low, 1 some concerns/moderate, 2 high/
    serious/critical, None not assessed or no information."""
    total = sum(weight for weight, _concern in weighted)
    if total <= 0:
        raise ValueError("risk of bias needs at least one study with a weight")
    high = sum(w for w, c in weighted if c == 2) / total
    low = sum(w for w, c in weighted if c == 0) / total
    unknown = sum(w for w, c in weighted if c is None) / total
    values = {"high": _percent(high), "low": _percent(low), "unknown": _percent(unknown)}
    if high >= HALF:
        return Suggestion(
            "risk_of_bias",
            2,
            _("%(high)s%% of the weight comes from trials at high risk of bias.") % values,
        )
    if low < HALF:
        if unknown > 0:
            text = _(
                "Only %(low)s%% of the weight comes from trials at low risk of bias; "
                "%(unknown)s%% comes from trials whose risk of bias is not assessed, which "
                "counts as unknown, not as low."
            )
        else:
            text = _(
                "Only %(low)s%% of the weight comes from trials at low risk of bias; the rest "
                "has some concerns or worse."
            )
        return Suggestion("risk_of_bias", 1, text % values)
    return Suggestion(
        "risk_of_bias",
        0,
        _("%(low)s%% of the weight comes from trials at low risk of bias.") % values,
    )


def intervals_overlap(intervals: list[tuple[float, float]]) -> bool:
    """Whether every pair of intervals overlaps (all share a point: max of lows <= min of highs)."""
    return max(low for low, _high in intervals) <= min(high for _low, high in intervals)


def suggest_inconsistency(i2: float | None, intervals: list[tuple[float, float]]) -> Suggestion:
    """From I² (percent) and the studies' 95% intervals on the analysis scale."""
    if len(intervals) < 2 or i2 is None:
        return Suggestion(
            "inconsistency", 0, _("Not applicable: one study cannot be inconsistent with itself.")
        )
    overlap = intervals_overlap(intervals)
    values = {"i2": number_format(round(i2))}
    if i2 >= I2_CONSIDERABLE and not overlap:
        return Suggestion(
            "inconsistency",
            2,
            _("I² is %(i2)s%% and some studies' intervals do not overlap.") % values,
        )
    if i2 >= I2_SUBSTANTIAL:
        return Suggestion(
            "inconsistency", 1, _("I² is %(i2)s%%: the results vary substantially.") % values
        )
    if not overlap:
        return Suggestion(
            "inconsistency",
            1,
            _("I² is %(i2)s%%, but some studies' intervals do not overlap.") % values,
        )
    return Suggestion(
        "inconsistency", 0, _("I² is %(i2)s%% and the studies' intervals overlap.") % values
    )


def optimal_information_size_continuous(sd: float, mid: float) -> int:
    """Participants in both groups together to detect the MID (α 0.05, power 0.8)."""
    if sd <= 0 or mid <= 0:
        raise ValueError("the SD and the MID must be positive")
    per_group = 2 * ((Z_ALPHA + Z_BETA) * sd / mid) ** 2
    return 2 * math.ceil(per_group)


def optimal_information_size_binary(control_risk: float, relative_reduction: float) -> int:
    """Participants in both groups together to detect a relative change in risk (α 0.05,
    power 0.8), from the control group's risk."""
    if not 0 < control_risk < 1 or not 0 < relative_reduction < 1:
        raise ValueError("the control risk and the relative change must lie between 0 and 1")
    treated_risk = control_risk * (1 - relative_reduction)
    variance = control_risk * (1 - control_risk) + treated_risk * (1 - treated_risk)
    per_group = (Z_ALPHA + Z_BETA) ** 2 * variance / (control_risk - treated_risk) ** 2
    return 2 * math.ceil(per_group)


def suggest_imprecision(
    *,
    estimate: float,
    ci_low: float,
    ci_high: float,
    participants: int,
    events: int | None = None,
    threshold: float | None = None,
    information_size: int | None = None,
) -> Suggestion:
    """From the 95% interval on the analysis scale (no effect at 0; ratios as logs), the
    participants (and events, for a binary outcome), and with a minimal important difference:
    its `threshold` on the same scale and the optimal information size."""
    includes_none = ci_low <= 0 <= ci_high
    values = {"people": participants, "events": events, "ois": information_size}
    if threshold is not None and threshold > 0:
        important_both = ci_low <= -threshold and ci_high >= threshold
        important_one = ci_low <= -threshold or ci_high >= threshold
        small = information_size is not None and participants < information_size
        problems = []
        if important_both:
            problems.append(
                _("the interval includes both an important benefit and an important harm")
            )
        elif includes_none and important_one:
            problems.append(_("the interval includes both no effect and an important effect"))
        if small:
            problems.append(
                _(
                    "%(people)d participants, fewer than the %(ois)d needed (optimal "
                    "information size)"
                )
                % values
            )
        downgrade = 2 if important_both or len(problems) == 2 else len(problems)
        if not problems:
            text = _(
                "The interval lies on one side of the minimal important difference or of no "
                "effect, with enough participants (%(people)d of %(ois)d needed)."
            ) % {"people": participants, "ois": information_size or participants}
        else:
            text = _("%(problems)s.") % {"problems": _("; ").join(problems)}
            text = text[:1].upper() + text[1:]
        return Suggestion("imprecision", downgrade, text)
    if events is not None:
        few = events < RULE_OF_THUMB_EVENTS
        size = _("%(events)d events, fewer than 300") if few else _("%(events)d events")
    else:
        few = participants < RULE_OF_THUMB_PARTICIPANTS
        size = _("%(people)d participants, fewer than 400") if few else _("%(people)d participants")
    size %= values
    downgrade = int(includes_none) + int(few)
    parts = [_("the interval includes no effect")] if includes_none else []
    parts.append(size)
    text = _(
        "%(parts)s (no minimal important difference is recorded for this measure, so GRADE's "
        "rule of thumb is used)."
    ) % {"parts": _("; ").join(parts)}
    return Suggestion("imprecision", downgrade, text[:1].upper() + text[1:])


def suggest_publication_bias(studies: int) -> Suggestion:
    """Left to the curator; with fewer than 10 studies small-study effects cannot be tested."""
    if studies < PUBLICATION_BIAS_MIN_STUDIES:
        text = _(
            "Not suggested: with fewer than 10 studies small-study effects cannot be tested; "
            "a curator judges it (for example from unpublished registered trials)."
        )
    else:
        text = _("Not suggested: a curator judges it (funnel plot, unpublished registered trials).")
    return Suggestion("publication_bias", None, text)


def suggest_indirectness() -> Suggestion:
    """Left to the curator: population, cells, comparison and outcome against the question."""
    return Suggestion(
        "indirectness",
        None,
        _(
            "Not suggested: a curator judges whether the patients, cells, comparison and "
            "outcome answer the question."
        ),
    )


def grade_from(
    *,
    randomised: bool | None,
    suggestions: list[Suggestion],
    rated: dict[str, tuple[int | None, str]] | None = None,
    upgrade: int = 0,
    upgrade_reason: str = "",
    is_rated: bool = False,
    unassessed_share: float = 0.0,
) -> Grade:
    """The certainty from the suggestions and a curator's ratings (domain -> (levels, reason);
    levels None keeps the suggestion)."""
    rated = rated or {}
    by_domain = {suggestion.domain: suggestion for suggestion in suggestions}
    domains = []
    for domain in DOMAINS:
        suggestion = by_domain.get(domain) or Suggestion(domain, None, "")
        levels, reason = rated.get(domain, (None, ""))
        if levels is not None and levels not in (0, 1, 2):
            raise ValueError("a domain lowers the certainty by 0, 1 or 2 levels")
        domains.append(
            DomainRating(domain, suggestion.downgrade, suggestion.reason, levels, reason)
        )
    return Grade(
        start=start_level(randomised),
        domains=tuple(domains),
        upgrade=upgrade,
        upgrade_reason=upgrade_reason,
        is_rated=is_rated,
        unassessed_share=unassessed_share,
    )
