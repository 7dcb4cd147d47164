"""Means and SDs derived from other reported statistics: SE, CI, median with IQR or range
(sources in evidence/synthesis/meta/__init__.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

from evidence.synthesis.meta.inputs import count, number


@dataclass(frozen=True)
class Conversion:
    """A mean and/or SD derived from other reported statistics, flagged for the UI."""

    mean: float | None
    sd: float
    converted: bool
    method: str  # a code: "sd_from_se", "sd_from_ci_t", "sd_from_ci_z", "wan2014_iqr", ...


def sd_from_se(se: float, n: int) -> Conversion:
    """SD = SE × √n for a group mean (Cochrane Handbook 6.5.2.2)."""
    se, n = number("se", se, positive=True), count("n", n, minimum=1)
    return Conversion(mean=None, sd=se * math.sqrt(n), converted=True, method="sd_from_se")


def sd_from_ci(low: float, high: float, n: int) -> Conversion:
    """SD = √n (high - low) / divisor from a 95% CI of a group mean (Cochrane Handbook 6.5.2.2)."""
    # The divisor is 3.92, or 2 t(0.975, n-1) below 60 people, as the Handbook advises.
    low, high, n = number("low", low), number("high", high), count("n", n, minimum=2)
    if not high > low:
        raise ValueError("the CI's upper limit must be above its lower limit")
    if n < 60:
        divisor, method = 2 * float(stats.t.ppf(0.975, n - 1)), "sd_from_ci_t"
    else:
        divisor, method = 3.92, "sd_from_ci_z"
    return Conversion(
        mean=None, sd=math.sqrt(n) * (high - low) / divisor, converted=True, method=method
    )


def mean_sd_from_median_iqr(median: float, q1: float, q3: float, n: int) -> Conversion:
    """Wan et al. 2014 (scenario S3): mean (q1 + m + q3)/3, SD (q3 - q1)/η(n)."""
    # η(n) = 2Φ⁻¹((0.75n - 0.125)/(n + 0.25)), n the group size.
    median, q1, q3 = number("median", median), number("q1", q1), number("q3", q3)
    n = count("n", n, minimum=2)
    if not (q1 <= median <= q3 and q3 > q1):
        raise ValueError("need q1 <= median <= q3 with q3 > q1")
    eta = 2 * float(stats.norm.ppf((0.75 * n - 0.125) / (n + 0.25)))
    return Conversion(
        mean=(q1 + median + q3) / 3, sd=(q3 - q1) / eta, converted=True, method="wan2014_iqr"
    )


def mean_sd_from_median_range(median: float, minimum: float, maximum: float, n: int) -> Conversion:
    """Wan et al. 2014 (scenario S1): mean (a + 2m + b)/4, SD (b - a)/ξ(n)."""
    # ξ(n) = 2Φ⁻¹((n - 0.375)/(n + 0.25)), n the group size.
    median, low, high = (
        number("median", median),
        number("minimum", minimum),
        number("maximum", maximum),
    )
    n = count("n", n, minimum=2)
    if not (low <= median <= high and high > low):
        raise ValueError("need minimum <= median <= maximum with maximum > minimum")
    xi = 2 * float(stats.norm.ppf((n - 0.375) / (n + 0.25)))
    return Conversion(
        mean=(low + 2 * median + high) / 4,
        sd=(high - low) / xi,
        converted=True,
        method="wan2014_range",
    )
