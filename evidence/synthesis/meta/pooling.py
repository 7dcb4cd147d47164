"""Inverse-variance pooling: fixed effect, DerSimonian-Laird, REML and Paule-Mandel, with
Hartung-Knapp, heterogeneity and prediction intervals (sources in the package's __init__.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

METHODS = ("FE", "DL", "REML", "PM")
RATIO_MEASURES = frozenset({"RR", "OR", "HR", "ROM"})
ADDITIVE_MEASURES = frozenset({"MD", "SMD", "RD"})
Z_95 = float(stats.norm.ppf(0.975))
# metafor's rma() threshold; its maxiter is 100, but creeping to the tau2 = 0 boundary by step
# halving from a large start can need more steps (each about halves tau2).
REML_THRESHOLD = 1e-10
REML_MAX_ITERATIONS = 1000


class NotEstimable(ValueError):
    """A study whose effect cannot be estimated; `reason` is a short code for the exclusion note."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class PooledEstimate:
    """One pooled result on the analysis scale (log scale for ratio measures)."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    z: float  # the test statistic: t with k - 1 df when hartung_knapp is True
    p: float
    tau2: float
    tau: float
    i2: float  # percent, 0-100
    h2: float
    q: float
    df: int
    q_p: float
    k: int
    pi_low: float | None
    pi_high: float | None
    method: str
    hartung_knapp: bool
    weights: tuple[float, ...]  # percent of the total weight, in input order


@dataclass(frozen=True)
class BackTransformed:
    """A pooled result on the scale people read (ratios exponentiated)."""

    measure: str
    estimate: float
    ci_low: float
    ci_high: float
    pi_low: float | None
    pi_high: float | None


def pool(
    estimates: Sequence[float],
    variances: Sequence[float],
    method: str = "REML",
    hartung_knapp: bool = False,
) -> PooledEstimate:
    """Pool study estimates by inverse variance (B2009 ch. 11-12; V2010 rma.uni)."""
    y, v = _validated(estimates, variances)
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    k, df = y.size, y.size - 1
    w_fe = 1.0 / v
    sw_fe = float(w_fe.sum())
    q = float(w_fe @ (y - (w_fe @ y) / sw_fe) ** 2) if k > 1 else 0.0

    if k == 1 or method == "FE":
        tau2 = 0.0
    elif method == "DL":
        # DerSimonian & Laird (1986): method of moments on Q, truncated at 0.
        tau2 = max(0.0, (q - df) / (sw_fe - float(w_fe @ w_fe) / sw_fe))
    elif method == "PM":
        tau2 = _tau2_paule_mandel(y, v)
    else:
        tau2 = _tau2_reml(y, v)

    w = 1.0 / (v + tau2)
    sw = float(w.sum())
    mu = float(w @ y) / sw
    se = math.sqrt(1.0 / sw)
    use_hk = hartung_knapp and k > 1  # with one study there are no df to estimate a scale from
    if use_hk:
        # Hartung & Knapp (2001), as metafor test="knha": the scale is not truncated at 1.
        se = math.sqrt(float(w @ (y - mu) ** 2) / df / sw)
        crit = float(stats.t.ppf(0.975, df))
    else:
        crit = Z_95
    stat = mu / se if se > 0 else (0.0 if mu == 0 else math.copysign(math.inf, mu))
    sf = stats.t.sf(abs(stat), df) if use_hk else stats.norm.sf(abs(stat))
    i2, h2 = _heterogeneity(q, df, tau2, w_fe, method)
    pi_low, pi_high = (None, None)
    if method != "FE" and k >= 3:  # no spread of true effects to predict under a fixed effect
        # With Hartung-Knapp this uses the adjusted se, as metafor does for test="knha".
        pi_low, pi_high = prediction_interval(mu, se, tau2, k)
    return PooledEstimate(
        estimate=mu,
        se=se,
        ci_low=mu - crit * se,
        ci_high=mu + crit * se,
        z=stat,
        p=min(1.0, 2.0 * float(sf)),
        tau2=tau2,
        tau=math.sqrt(tau2),
        i2=i2,
        h2=h2,
        q=q,
        df=df,
        q_p=float(stats.chi2.sf(q, df)) if k > 1 else 1.0,  # metafor reports QEp = 1 for k = 1
        k=k,
        pi_low=pi_low,
        pi_high=pi_high,
        method=method,
        hartung_knapp=use_hk,
        weights=tuple(float(x) for x in 100.0 * w / sw),
    )


def prediction_interval(
    estimate: float, se: float, tau2: float, k: int, *, distribution: str = "t"
) -> tuple[float, float]:
    """95% prediction interval, t with k-2 df (Higgins et al. 2009; Cochrane Handbook 10.10.4.3)."""
    # distribution="z" gives metafor's predict() default, mu +/- 1.96 sqrt(se^2 + tau2).
    if distribution == "t":
        if k < 3:
            raise ValueError("a t-based prediction interval needs at least 3 studies")
        crit = float(stats.t.ppf(0.975, k - 2))
    elif distribution == "z":
        crit = Z_95
    else:
        raise ValueError(f"distribution must be 't' or 'z', not {distribution!r}")
    half = crit * math.sqrt(se * se + tau2)
    return estimate - half, estimate + half


def back_transform(pooled: PooledEstimate, measure: str) -> BackTransformed:
    """Exponentiate a pooled log ratio (RR, OR, HR, ROM); additive measures pass through."""
    if measure in RATIO_MEASURES:
        f = math.exp
    elif measure in ADDITIVE_MEASURES:

        def f(x: float) -> float:
            return x
    else:
        known = ", ".join(sorted(RATIO_MEASURES | ADDITIVE_MEASURES))
        raise ValueError(f"unknown measure {measure!r}; expected one of {known}")
    return BackTransformed(
        measure=measure,
        estimate=f(pooled.estimate),
        ci_low=f(pooled.ci_low),
        ci_high=f(pooled.ci_high),
        pi_low=None if pooled.pi_low is None else f(pooled.pi_low),
        pi_high=None if pooled.pi_high is None else f(pooled.pi_high),
    )


def study_ci(effect: float, variance: float) -> tuple[float, float]:
    """Normal-theory 95% CI of one study's effect (B2009 ch. 8)."""
    half = Z_95 * math.sqrt(variance)
    return effect - half, effect + half


def _validated(estimates: Sequence[float], variances: Sequence[float]) -> tuple[np.ndarray, ...]:
    """Return the inputs as float arrays, or raise ValueError saying what is wrong."""
    y = np.asarray(estimates, dtype=float).ravel()
    v = np.asarray(variances, dtype=float).ravel()
    if y.size == 0:
        raise ValueError("no studies to pool")
    if y.size != v.size:
        raise ValueError(f"{y.size} estimates but {v.size} variances")
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(v))):
        raise ValueError("estimates and variances must be finite numbers (no NaN or infinity)")
    if np.any(v <= 0):
        raise ValueError("every variance must be positive")
    return y, v


def _heterogeneity(
    q: float, df: int, tau2: float, w_fe: np.ndarray, method: str
) -> tuple[float, float]:
    """I² (percent) and H² as metafor reports them (Higgins & Thompson 2002; V2010)."""
    if df == 0:
        return 0.0, 1.0
    if method == "FE":
        i2 = 100.0 * max(0.0, (q - df) / q) if q > 0 else 0.0
        return i2, q / df
    # Random effects: from tau2 and the "typical" within-study variance s2 (Higgins & Thompson
    # 2002), so I² agrees with the tau2 each estimator found (equals the Q form for DL).
    sw = float(w_fe.sum())
    s2 = df * sw / (sw * sw - float(w_fe @ w_fe))
    return 100.0 * tau2 / (tau2 + s2), (tau2 + s2) / s2


def _q_generalised(y: np.ndarray, v: np.ndarray, tau2: float) -> float:
    """Generalised Q: sum of w_i (y_i - mu)^2 with w_i = 1/(v_i + tau2)."""
    w = 1.0 / (v + tau2)
    return float(w @ (y - (w @ y) / w.sum()) ** 2)


def _tau2_paule_mandel(y: np.ndarray, v: np.ndarray) -> float:
    """Paule & Mandel (1982): tau2 solving generalised Q = k - 1, truncated at 0."""
    df = y.size - 1
    if _q_generalised(y, v, 0.0) <= df:
        return 0.0
    # Q(t) <= sum (y - mean y)^2 / t, so at t = that sum / df the root is bracketed.
    upper = float(((y - y.mean()) ** 2).sum()) / df
    return float(
        optimize.brentq(lambda t: _q_generalised(y, v, t) - df, 0.0, upper, xtol=1e-14, rtol=1e-15)
    )


def _reml_step(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    """Fisher-scoring step (Y'PPY - tr P) / tr PP for an intercept-only model (V2005)."""
    # P = W - w w'/sum(w) has closed forms here, so a step costs O(k), not O(k^2).
    w = 1.0 / (v + tau2)
    sw = float(w.sum())
    r = y - float(w @ y) / sw
    w2 = w * w
    sw2 = float(w2.sum())
    tr_p = sw - sw2 / sw
    tr_pp = sw2 - 2.0 * float(w2 @ w) / sw + (sw2 / sw) ** 2
    return (float(w2 @ (r * r)) - tr_p) / tr_pp


def reml_loglik(y: np.ndarray, v: np.ndarray, tau2: float) -> float:
    """Restricted log-likelihood of tau2 up to a constant (V2005)."""
    w = 1.0 / (v + tau2)
    sw = float(w.sum())
    r = y - float(w @ y) / sw
    return -0.5 * (float(np.log(v + tau2).sum()) + math.log(sw) + float(w @ (r * r)))


def _tau2_reml(y: np.ndarray, v: np.ndarray) -> float:
    """REML tau2 by Fisher scoring from the Hedges estimate, as metafor's rma() (V2005; V2010)."""
    start = max(0.0, float(np.var(y, ddof=1) - v.mean()))
    candidates = [0.0, _fisher_scoring(y, v, start), *_score_roots(y, v)]
    # The restricted likelihood can have more than one maximum. metafor's ll0check compares the
    # one found with tau2 = 0; here every maximum the score's sign changes show is a candidate
    # too. Ties go to the smaller tau2, so creeping to ~1e-10 towards the boundary reports 0.
    return max(candidates, key=lambda t: (reml_loglik(y, v, t), -t))


def _score_roots(y: np.ndarray, v: np.ndarray, cells: int = 400) -> list[float]:
    """Every interior maximum of the restricted likelihood that a grid of ``cells`` shows: where
    the score falls through zero between two grid points, solved there. The grid reaches past
    the last maximum (the score is negative for every larger tau2 once the weights are even) and
    is geometric from a millionth of the smallest variance, so a maximum close to 0 is seen too."""
    upper = 10.0 * (float(np.var(y)) + float(v.max()))
    for _ in range(60):
        if _reml_step(upper, y, v) < 0:
            break
        upper *= 2.0
    grid = np.concatenate(([0.0], np.geomspace(1e-6 * float(v.min()), upper, cells)))
    score = [_reml_step(t, y, v) for t in grid]
    return [
        float(optimize.brentq(_reml_step, low, high, (y, v), xtol=1e-14, rtol=1e-14))
        for low, high, s_low, s_high in zip(grid, grid[1:], score, score[1:], strict=False)
        if s_low > 0 >= s_high
    ]


def _fisher_scoring(y: np.ndarray, v: np.ndarray, tau2: float) -> float:
    """Maximise the restricted likelihood from tau2 by Fisher scoring (metafor's rma.uni loop)."""
    previous: tuple[float, float] | None = None
    for _ in range(REML_MAX_ITERATIONS):
        adj = _reml_step(tau2, y, v)  # has the sign of the REML score
        if tau2 == 0.0 and adj <= 0:
            return 0.0  # at the boundary with the score pointing down
        if previous is not None and (previous[1] > 0) != (adj > 0):
            # Unlike metafor: once the score changes sign between two iterates, solve it there;
            # expected-information steps can overshoot back and forth for hundreds of steps.
            low, high = sorted((previous[0], tau2))
            return float(optimize.brentq(_reml_step, low, high, (y, v), xtol=1e-14, rtol=1e-14))
        previous = (tau2, adj)
        while tau2 + adj < 0:  # metafor's step halving keeps tau2 >= 0
            adj /= 2.0
        tau2 += adj
        if abs(adj) < REML_THRESHOLD * max(1.0, tau2):
            return tau2
    raise ValueError(f"REML estimate of tau2 did not converge in {REML_MAX_ITERATIONS} steps")
