"""Effect sizes of one study from its arms: mean differences, Hedges' g, risk and odds ratios,
risk differences (sources in evidence/synthesis/meta/__init__.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import special

from evidence.synthesis.meta.inputs import count, number
from evidence.synthesis.meta.pooling import NotEstimable


@dataclass(frozen=True)
class EffectSize:
    """One study's effect and sampling variance, with what was done to get them."""

    effect: float
    variance: float
    corrected: bool = False  # 0.5 added to every cell because one cell was zero
    notes: tuple[str, ...] = ()


def mean_difference(
    mean1: float, sd1: float, n1: int, mean2: float, sd2: float, n2: int
) -> tuple[float, float]:
    """Mean difference, unpooled variance sd1²/n1 + sd2²/n2 (B2009 ch. 4; metafor "MD")."""
    mean1, sd1, n1, mean2, sd2, n2 = _arms(mean1, sd1, n1, mean2, sd2, n2, min_total=2)
    return mean1 - mean2, sd1 * sd1 / n1 + sd2 * sd2 / n2


def hedges_g(
    mean1: float,
    sd1: float,
    n1: int,
    mean2: float,
    sd2: float,
    n2: int,
    *,
    exact_correction: bool = False,
) -> tuple[float, float]:
    """Hedges' g, variance 1/n1 + 1/n2 + g²/(2(n1+n2)) (B2009 ch. 4; metafor escalc "SMD")."""
    # J = 1 - 3/(4(n1+n2) - 9) as in B2009; exact_correction uses the gamma-function J of
    # Hedges (1981) that metafor's escalc() uses, to reproduce its printed results.
    mean1, sd1, n1, mean2, sd2, n2 = _arms(mean1, sd1, n1, mean2, sd2, n2, min_total=3)
    m = n1 + n2 - 2
    sd_pooled = math.sqrt(((n1 - 1) * sd1 * sd1 + (n2 - 1) * sd2 * sd2) / m)
    if exact_correction:
        j = math.exp(special.gammaln(m / 2) - 0.5 * math.log(m / 2) - special.gammaln((m - 1) / 2))
    else:
        j = 1 - 3 / (4 * (n1 + n2) - 9)
    g = j * (mean1 - mean2) / sd_pooled
    return g, 1 / n1 + 1 / n2 + g * g / (2 * (n1 + n2))


def log_risk_ratio(events1: int, total1: int, events2: int, total2: int) -> tuple[float, float]:
    """Log risk ratio, variance 1/a - 1/n1 + 1/c - 1/n2 (B2009 ch. 5)."""
    r = _binary("RR", events1, total1, events2, total2)
    return r.effect, r.variance


def log_odds_ratio(events1: int, total1: int, events2: int, total2: int) -> tuple[float, float]:
    """Log odds ratio, variance 1/a + 1/b + 1/c + 1/d (B2009 ch. 5)."""
    r = _binary("OR", events1, total1, events2, total2)
    return r.effect, r.variance


def risk_difference(events1: int, total1: int, events2: int, total2: int) -> tuple[float, float]:
    """Risk difference, variance p1(1-p1)/n1 + p2(1-p2)/n2 (B2009 ch. 5; metafor "RD")."""
    r = _binary("RD", events1, total1, events2, total2)
    return r.effect, r.variance


def effect_size(kind: str, *args: float, **kwargs: float) -> EffectSize:
    """Compute one effect size by measure code (MD, SMD, RR, OR, RD) with its correction flags."""
    if kind in ("RR", "OR", "RD"):
        return _binary(kind, *args, **kwargs)
    if kind == "MD":
        return EffectSize(*mean_difference(*args, **kwargs))
    if kind == "SMD":
        return EffectSize(*hedges_g(*args, **kwargs), notes=("hedges_small_sample_correction",))
    raise ValueError(f"unknown effect size {kind!r}; expected MD, SMD, RR, OR or RD")


def _arms(
    mean1: float, sd1: float, n1: int, mean2: float, sd2: float, n2: int, *, min_total: int
) -> tuple[float, float, int, float, float, int]:
    """Return the arm statistics as floats and ints, or raise ValueError saying what is wrong."""
    checked = (
        number("mean1", mean1),
        number("sd1", sd1, positive=True),
        count("n1", n1, minimum=1),
        number("mean2", mean2),
        number("sd2", sd2, positive=True),
        count("n2", n2, minimum=1),
    )
    if checked[2] + checked[5] < min_total:
        raise ValueError(f"n1 + n2 must be at least {min_total}")
    return checked


def _binary(kind: str, events1: int, total1: int, events2: int, total2: int) -> EffectSize:
    """Two-by-two effect sizes; 0.5 is added to every cell when any cell is zero (RR, OR)."""
    a, n1 = count("events1", events1), count("total1", total1, minimum=1)
    c, n2 = count("events2", events2), count("total2", total2, minimum=1)
    if a > n1 or c > n2:
        raise ValueError("events cannot exceed the number of participants in an arm")
    # Cochrane Handbook 10.4.4.2: such studies carry no information on a ratio (and give a zero
    # variance for RD), so they are excluded from the pooled result with a note.
    if a == 0 and c == 0:
        raise NotEstimable("no_events", "no events in either arm: the effect is not estimable")
    if a == n1 and c == n2:
        raise NotEstimable("all_events", "every participant had the event in both arms")
    b, d = n1 - a, n2 - c
    if kind == "RD":
        p1, p2 = a / n1, c / n2
        return EffectSize(p1 - p2, p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    corrected = 0 in (a, b, c, d)
    if corrected:
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    notes = ("zero_cell_correction",) if corrected else ()
    if kind == "RR":
        effect = math.log((a / (a + b)) / (c / (c + d)))
        variance = 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)
    else:
        effect = math.log((a * d) / (b * c))
        variance = 1 / a + 1 / b + 1 / c + 1 / d
    return EffectSize(effect, variance, corrected=corrected, notes=notes)
