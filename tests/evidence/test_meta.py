"""evidence.meta against published results, statsmodels and hand-worked arithmetic."""

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize
from statsmodels.stats.meta_analysis import combine_effects

from evidence.synthesis import meta

# Published datasets and results, recorded in tests/fixtures/meta (see its README).
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meta"
approx = pytest.approx


def _rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(newline="") as f:
        return list(csv.DictReader(f))


def _results(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def _kacker() -> tuple[list[float], list[float]]:
    rows = _rows("kacker2004.csv")
    return [float(r["yi"]) for r in rows], [float(r["vi"]) for r in rows]


def _normand(effect) -> tuple[list[float], list[float]]:
    pairs = [
        effect(
            float(r["m1i"]),
            float(r["sd1i"]),
            int(r["n1i"]),
            float(r["m2i"]),
            float(r["sd2i"]),
            int(r["n2i"]),
        )  # fmt: skip
        for r in _rows("dat.normand1999.csv")
    ]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _hine(scale: float = 1.0) -> tuple[list[float], list[float]]:
    pairs = [
        meta.risk_difference(int(r["ai"]), int(r["n1i"]), int(r["ci"]), int(r["n2i"]))
        for r in _rows("dat.hine1989.csv")
    ]
    return [p[0] * scale for p in pairs], [p[1] * scale**2 for p in pairs]


# --- published results (metafor output; Kacker 2004 via statsmodels' results_meta.py) ---------


def test_kacker2004_dl_matches_metafor_full_precision():
    want = _results("kacker2004.results.json")["DL"]
    got = meta.pool(*_kacker(), method="DL")
    for ours, theirs in [
        (got.estimate, "estimate"), (got.se, "se"), (got.z, "z"), (got.ci_low, "ci_lb"),
        (got.ci_high, "ci_ub"), (got.tau2, "tau2"), (got.q, "Q"), (got.q_p, "Q_p"),
        (got.i2, "I2_percent"), (got.h2, "H2"),
    ]:  # fmt: skip
        assert ours == approx(want[theirs], rel=1e-9), theirs


def test_kacker2004_paule_mandel_matches_metafor():
    want = _results("kacker2004.results.json")["PM_Paule_Mandel"]
    got = meta.pool(*_kacker(), method="PM")
    assert got.tau2 == approx(want["tau2"], rel=1e-9)
    assert got.estimate == approx(want["estimate"], rel=1e-9)
    assert got.se == approx(want["se"], rel=1e-9)
    assert (got.ci_low, got.ci_high) == approx((want["ci_lb"], want["ci_ub"]), rel=1e-9)
    assert (got.i2, got.h2) == approx((want["I2_percent"], want["H2"]), rel=1e-9)


def test_kacker2004_fixed_effect_matches_metafor():
    want = _results("kacker2004.results.json")["FE"]
    got = meta.pool(*_kacker(), method="FE")
    assert (got.estimate, got.se, got.z) == approx(
        (want["estimate"], want["se"], want["z"]), rel=1e-9
    )
    assert (got.ci_low, got.ci_high) == approx((want["ci_lb"], want["ci_ub"]), rel=1e-9)
    assert (got.tau2, got.i2, got.h2) == approx((0, want["I2_percent"], want["H2"]), rel=1e-9)


def test_kacker2004_hartung_knapp_matches_metafor_knha():
    # metafor test="knha": se scaled by sqrt(sum w (y - mu)^2 / (k - 1)), not truncated at 1.
    results = _results("kacker2004.results.json")
    dl = meta.pool(*_kacker(), method="DL", hartung_knapp=True)
    want = results["DL_knha"]
    assert (dl.se, dl.z, dl.p) == approx((want["se"], want["t"], want["p"]), rel=1e-8)
    assert (dl.ci_low, dl.ci_high) == approx((want["ci_lb"], want["ci_ub"]), rel=1e-9)
    fe = meta.pool(*_kacker(), method="FE", hartung_knapp=True)
    want = results["FE_knha"]
    assert (fe.se, fe.ci_low, fe.ci_high) == approx(
        (want["se"], want["ci_lb"], want["ci_ub"]), rel=1e-9
    )


def test_kacker2004_tau_matches_kacker_table_1():
    want = _results("kacker2004.results.json")["published_tau_Kacker2004_table1"]
    assert meta.pool(*_kacker(), method="PM").tau == approx(want["tau_PM"], abs=1e-4)
    # Kacker's DL differs from metafor's in the 4th decimal; statsmodels accepts 1e-3 too.
    assert meta.pool(*_kacker(), method="DL").tau == approx(want["tau_DL"], abs=1e-3)


def test_normand1999_mean_difference_reml_matches_metafor():
    analysis = _results("dat.normand1999.results.json")["analyses"][0]
    y, v = _normand(meta.mean_difference)
    assert (y, v) == (
        approx(analysis["per_study"]["yi"]),
        approx(analysis["per_study"]["vi"], abs=1e-4),
    )
    want, got = analysis["REML"], meta.pool(y, v, method="REML")
    for ours, theirs in [
        (got.estimate, "estimate"), (got.se, "se"), (got.z, "z"), (got.p, "p"),
        (got.ci_low, "ci_lb"), (got.ci_high, "ci_ub"), (got.tau2, "tau2"), (got.tau, "tau"),
        (got.q, "Q"),
    ]:  # fmt: skip
        assert ours == approx(want[theirs], abs=1e-4), theirs
    assert (got.i2, got.h2, got.df) == (
        approx(want["I2_percent"], abs=5e-3),
        approx(want["H2"], abs=5e-3),
        8,
    )


def test_normand1999_pooled_sd_analysis_matches_normand_tables():
    # Normand (1999) Tables VIII-IX via metafor's tests: vi = sdp^2 (1/n1 + 1/n2).
    analysis = _results("dat.normand1999.results.json")["analyses"][1]
    y, v = _normand(_md_pooled_sd)
    assert v == approx(analysis["per_study"]["vi"], abs=1e-4)
    for method, key in (("FE", "EE_fixed"), ("DL", "DL"), ("REML", "REML")):
        got, want = meta.pool(y, v, method=method), analysis[key]
        assert (got.estimate, got.ci_low, got.ci_high) == approx(
            (want["estimate"], want["ci_lb"], want["ci_ub"]), abs=1e-4
        ), method
        assert got.tau2 == approx(want.get("tau2", 0.0), abs=1e-4), method


def _md_pooled_sd(m1: float, sd1: float, n1: int, m2: float, sd2: float, n2: int) -> tuple:
    sdp2 = ((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / (n1 + n2 - 2)
    return m1 - m2, sdp2 * (1 / n1 + 1 / n2)


def test_normand1999_hedges_g_reml_matches_metafor_with_exact_correction():
    want = _results("dat.normand1999.results.json")["analyses"][2]["REML"]
    got = meta.pool(*_normand(lambda *a: meta.hedges_g(*a, exact_correction=True)))
    for ours, theirs in [
        (got.estimate, "estimate"), (got.se, "se"), (got.z, "z"), (got.ci_low, "ci_lb"),
        (got.ci_high, "ci_ub"), (got.tau2, "tau2"), (got.tau, "tau"), (got.q, "Q"),
    ]:  # fmt: skip
        assert ours == approx(want[theirs], abs=1e-4), theirs
    assert (got.i2, got.h2) == (approx(want["I2_percent"], abs=5e-3), approx(want["H2"], abs=5e-3))


def test_hedges_g_default_correction_stays_close_to_metafor():
    # J = 1 - 3/(4N - 9) versus the exact gamma form: pooled results differ in the 4th decimal.
    want = _results("dat.normand1999.results.json")["analyses"][2]["REML"]
    got = meta.pool(*_normand(meta.hedges_g))
    assert (got.estimate, got.tau2) == approx((want["estimate"], want["tau2"]), abs=2e-4)
    assert got.q == approx(want["Q"], rel=1e-5)


def test_normand1999_ratio_of_means_prediction_interval_matches_metafor():
    want = _results("dat.normand1999.results.json")["analyses"][3]["REML"]
    got = meta.pool(*_normand(_log_ratio_of_means))
    assert (got.estimate, got.se, got.tau2, got.q) == approx(
        (want["estimate"], want["se"], want["tau2"], want["Q"]), abs=1e-4
    )
    # metafor's predict() uses z; ours (Cochrane, t with k - 2 df) is wider.
    z_low, z_high = meta.prediction_interval(
        got.estimate, got.se, got.tau2, got.k, distribution="z"
    )
    assert (round(math.exp(z_low), 2), round(math.exp(z_high), 2)) == (
        want["exp"]["pi_lb"],
        want["exp"]["pi_ub"],
    )
    assert got.pi_low < z_low and got.pi_high > z_high
    exp = meta.back_transform(got, "ROM")
    assert (round(exp.estimate, 2), round(exp.ci_low, 2), round(exp.ci_high, 2)) == (
        0.8,
        0.64,
        1.01,
    )


def _log_ratio_of_means(m1: float, sd1: float, n1: int, m2: float, sd2: float, n2: int) -> tuple:
    # metafor's escalc "ROM" adds Lajeunesse's (2015) bias correction to log(m1/m2).
    u1, u2 = sd1**2 / (n1 * m1**2), sd2**2 / (n2 * m2**2)
    return math.log(m1 / m2) + u1 / 2 - u2 / 2, u1 + u2


def test_hine1989_risk_difference_reml_has_tau2_exactly_zero():
    analysis = _results("dat.hine1989.results.json")["analyses"][0]
    y, v = _hine()
    assert (y, v) == (
        approx(analysis["per_study"]["yi"], abs=1e-4),
        approx(analysis["per_study"]["vi"], abs=1e-4),
    )
    want, got = analysis["REML"], meta.pool(y, v, method="REML")
    for ours, theirs in [
        (got.estimate, "estimate"), (got.se, "se"), (got.z, "z"), (got.p, "p"),
        (got.ci_low, "ci_lb"), (got.ci_high, "ci_ub"), (got.q, "Q"), (got.q_p, "Q_p"),
    ]:  # fmt: skip
        assert ours == approx(want[theirs], abs=1e-4), theirs
    assert (got.tau2, got.i2, got.h2) == (0.0, 0.0, 1.0)


def test_hine1989_percentage_points_fe_reml_and_dl_coincide():
    analysis = _results("dat.hine1989.results.json")["analyses"][1]
    y, v = _hine(scale=100)
    assert v == approx(analysis["per_study"]["vi"], abs=1e-4)
    for method, key in (("FE", "EE_fixed"), ("REML", "REML"), ("DL", "DL"), ("PM", "DL")):
        got, want = meta.pool(y, v, method=method), analysis[key]
        assert (got.estimate, got.ci_low, got.ci_high, got.tau2) == approx(
            (want["estimate"], want["ci_lb"], want["ci_ub"], 0.0), abs=1e-4
        ), method


# --- independent implementations --------------------------------------------------------------

studies = st.integers(min_value=2, max_value=30).flatmap(
    lambda k: st.tuples(
        st.lists(st.floats(-10, 10, allow_nan=False), min_size=k, max_size=k),
        st.lists(st.floats(0.01, 10, allow_nan=False), min_size=k, max_size=k),
    )
)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # statsmodels' weights for tau2 < 0
@settings(deadline=None, max_examples=200)
@given(studies)
def test_dersimonian_laird_agrees_with_statsmodels(data):
    y, v = data
    sm = combine_effects(np.array(y), np.array(v), method_re="dl")
    got = meta.pool(y, v, method="DL")
    # statsmodels does not truncate a negative DL tau2; truncated, the model is the fixed effect.
    if sm.tau2 > 0:
        want = (sm.mean_effect_re, sm.sd_eff_w_re, sm.tau2, 100 * sm.i2)
    else:
        want = (sm.mean_effect_fe, sm.sd_eff_w_fe, 0.0, 0.0)
    assert (got.estimate, got.se, got.tau2, got.i2) == approx(want, rel=1e-8, abs=1e-8)
    assert got.q == approx(sm.q, rel=1e-8, abs=1e-8)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@settings(deadline=None, max_examples=200)
@given(studies)
def test_paule_mandel_agrees_with_statsmodels(data):
    y, v = np.array(data[0]), np.array(data[1])
    got = meta.pool(y, v, method="PM")
    w = 1 / (v + got.tau2)
    q_generalised = w @ (y - got.estimate) ** 2  # Paule & Mandel (1982): equals k - 1 at tau2
    assert q_generalised == approx(y.size - 1, rel=1e-9) or (
        got.tau2 == 0 and q_generalised < y.size
    )
    sm = combine_effects(y, v, method_re="pm", atol=1e-9, maxiter=1000)
    if sm.tau2 == 0 and got.tau2 > 0:
        return  # statsmodels' Newton step overshot below 0 and it gave up at tau2 = 0
    assert (got.estimate, got.se, got.tau2) == approx(
        (sm.mean_effect_re, sm.sd_eff_w_re, sm.tau2), rel=1e-6, abs=1e-6
    )


@settings(deadline=None, max_examples=200)
@given(studies)
def test_reml_agrees_with_direct_maximisation_of_restricted_likelihood(data):
    y, v = np.array(data[0]), np.array(data[1])

    def minus_restricted_loglik(tau2: float) -> float:  # Viechtbauer (2005) eq. 11
        w = 1 / (v + tau2)
        mu = (w @ y) / w.sum()
        return 0.5 * (np.log(v + tau2).sum() + np.log(w.sum()) + w @ (y - mu) ** 2)

    # The likelihood can have two maxima: find the best grid cell, then refine inside it.
    grid = np.linspace(0, 10 * (np.var(y) + v.max()), 401)
    i = int(np.argmin([minus_restricted_loglik(t) for t in grid]))
    bounds = (grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)])
    best = optimize.minimize_scalar(
        minus_restricted_loglik, bounds=bounds, method="bounded", options={"xatol": 1e-12}
    )
    tau2 = 0.0 if minus_restricted_loglik(0.0) <= best.fun else best.x
    got = meta.pool(y, v, method="REML")
    # REML's tau2 maximises the restricted likelihood at least as well as the search does. Its
    # value is not compared: where the likelihood is flat at its maximum, tau2 a little apart are
    # equally good, and about one seed in a hundred found such a case.
    assert minus_restricted_loglik(got.tau2) <= minus_restricted_loglik(tau2) + 1e-12


def test_reml_finds_an_interior_maximum_better_than_the_boundary():
    # Found by the property test above: the restricted likelihood falls from tau2 = 0, then rises
    # to a higher maximum near 0.262; Fisher scoring from the Hedges start stops at 0.
    y = [3.0, 0.125, 1.0, 0.25, 3.0, 2.0, 2.0]
    v = [3.0, 0.125, 1.0, 0.125, 3.0, 2.0, 2.0]
    got = meta.pool(y, v, method="REML")
    assert got.tau2 == approx(0.2618428932, abs=1e-6)
    assert meta.reml_loglik(np.array(y), np.array(v), got.tau2) > meta.reml_loglik(
        np.array(y), np.array(v), 0.0
    )


# --- effect sizes, by hand ---------------------------------------------------------------------


def test_mean_difference_by_hand():
    # 10 - 8 = 2; variance 2²/20 + 3²/30 = 0.2 + 0.3 = 0.5
    assert meta.mean_difference(10, 2, 20, 8, 3, 30) == approx((2.0, 0.5))


def test_hedges_g_by_hand():
    # sp² = (19·4 + 29·9)/48 = 337/48 = 7.020833, sp = 2.649686, d = 2/sp = 0.754807;
    # J = 1 - 3/(4·50 - 9) = 188/191 = 0.984293, g = 0.742951;
    # variance 1/20 + 1/30 + g²/(2·50) = 0.083333 + 0.005520 = 0.088853
    assert meta.hedges_g(10, 2, 20, 8, 3, 30) == approx((0.742951, 0.088853), abs=1e-6)


def test_binary_effects_by_hand():
    # a=10/100 vs c=20/100. RR = 0.1/0.2 = 0.5, var 1/10 - 1/100 + 1/20 - 1/100 = 0.13;
    # OR = (10·80)/(90·20) = 4/9, var 1/10 + 1/90 + 1/20 + 1/80 = 0.173611;
    # RD = -0.1, var 0.1·0.9/100 + 0.2·0.8/100 = 0.0025
    assert meta.log_risk_ratio(10, 100, 20, 100) == approx((math.log(0.5), 0.13))
    assert meta.log_odds_ratio(10, 100, 20, 100) == approx((math.log(4 / 9), 0.173611), abs=1e-6)
    assert meta.risk_difference(10, 100, 20, 100) == approx((-0.1, 0.0025))


def test_zero_cell_adds_half_to_every_cell():
    # 0/10 vs 3/10 -> cells 0.5, 10.5, 3.5, 7.5. RR = (0.5/11)/(3.5/11) = 1/7,
    # var 1/0.5 - 1/11 + 1/3.5 - 1/11 = 2.103896; OR = 0.5·7.5/(10.5·3.5) = 3.75/36.75,
    # var 1/0.5 + 1/10.5 + 1/3.5 + 1/7.5 = 2.514286
    assert meta.log_risk_ratio(0, 10, 3, 10) == approx((math.log(1 / 7), 2.103896), abs=1e-6)
    assert meta.log_odds_ratio(0, 10, 3, 10) == approx((math.log(3.75 / 36.75), 2.514286), abs=1e-6)
    result = meta.effect_size("RR", 0, 10, 3, 10)
    assert result.corrected and result.notes == ("zero_cell_correction",)
    assert not meta.effect_size("RR", 1, 10, 3, 10).corrected


@pytest.mark.parametrize("kind", ["RR", "OR", "RD"])
def test_study_without_events_is_not_estimable(kind):
    with pytest.raises(meta.NotEstimable) as caught:
        meta.effect_size(kind, 0, 12, 0, 11)
    assert caught.value.reason == "no_events"
    with pytest.raises(meta.NotEstimable) as caught:
        meta.effect_size(kind, 12, 12, 11, 11)
    assert caught.value.reason == "all_events"


def test_no_event_study_is_left_out_and_the_rest_pooled():
    tables = [(3, 20, 6, 20), (0, 15, 0, 14), (5, 30, 9, 31)]
    included, excluded = [], []
    for table in tables:
        try:
            included.append(meta.log_risk_ratio(*table))
        except meta.NotEstimable as exc:
            excluded.append((table, exc.reason))
    assert excluded == [((0, 15, 0, 14), "no_events")]
    assert meta.pool(*zip(*included, strict=True)).k == 2


def test_effect_size_rejects_impossible_counts_and_sds():
    with pytest.raises(ValueError, match="exceed"):
        meta.log_odds_ratio(11, 10, 3, 10)
    with pytest.raises(ValueError, match="whole number"):
        meta.risk_difference(1.5, 10, 3, 10)
    with pytest.raises(ValueError, match="sd1"):
        meta.mean_difference(1, 0, 10, 2, 1, 10)
    with pytest.raises(ValueError, match="unknown effect size"):
        meta.effect_size("XYZ", 1, 2, 3, 4)


# --- pooling edge cases ------------------------------------------------------------------------


@pytest.mark.parametrize("method", meta.METHODS)
def test_one_study_pools_to_itself(method):
    got = meta.pool([0.5], [0.04], method=method, hartung_knapp=True)
    assert (got.estimate, got.se, got.tau2, got.q, got.df, got.i2, got.k) == (
        0.5,
        0.2,
        0,
        0,
        0,
        0,
        1,
    )
    assert (got.ci_low, got.ci_high) == approx((0.5 - 1.959964 * 0.2, 0.5 + 1.959964 * 0.2))
    assert got.pi_low is None and not got.hartung_knapp  # no df for a t interval


@pytest.mark.parametrize("method", meta.METHODS)
def test_identical_studies_give_tau2_zero(method):
    got = meta.pool([1.0, 1.0, 1.0], [0.1, 0.2, 0.3], method=method)
    assert (got.estimate, got.tau2, got.q, got.i2) == approx((1.0, 0.0, 0.0, 0.0))
    assert got.weights == approx((100 * 6 / 11, 100 * 3 / 11, 100 * 2 / 11))


def test_prediction_interval_needs_three_studies_and_random_effects():
    assert meta.pool([0.1, 0.3], [0.01, 0.02]).pi_low is None
    assert meta.pool([0.1, 0.3, 0.2], [0.01, 0.02, 0.01], method="FE").pi_high is None
    got = meta.pool([0.1, 0.3, 0.2], [0.01, 0.02, 0.01], method="DL")
    assert got.pi_low < got.ci_low < got.ci_high < got.pi_high


@pytest.mark.parametrize(
    ("estimates", "variances", "message"),
    [
        ([], [], "no studies"),
        ([1, 2], [1], "2 estimates but 1 variances"),
        ([1, 2], [1, 0], "positive"),
        ([1, float("nan")], [1, 1], "finite"),
    ],
)
def test_pool_rejects_invalid_input(estimates, variances, message):
    with pytest.raises(ValueError, match=message):
        meta.pool(estimates, variances)


def test_pool_rejects_unknown_method():
    with pytest.raises(ValueError, match="method must be one of"):
        meta.pool([1, 2], [1, 1], method="ML")


def test_back_transform_exponentiates_ratios_only():
    pooled = meta.pool([math.log(0.5), math.log(0.8), math.log(0.6)], [0.1, 0.2, 0.1])
    rr = meta.back_transform(pooled, "RR")
    assert (rr.estimate, rr.ci_low, rr.pi_high) == approx(
        (math.exp(pooled.estimate), math.exp(pooled.ci_low), math.exp(pooled.pi_high))
    )
    assert meta.back_transform(pooled, "MD").estimate == pooled.estimate
    with pytest.raises(ValueError, match="unknown measure"):
        meta.back_transform(pooled, "NNT")


# --- conversions -------------------------------------------------------------------------------


def test_sd_from_se_is_flagged():
    # SD = SE·√n = 0.5·5 = 2.5 (Cochrane Handbook 6.5.2.2)
    assert meta.sd_from_se(0.5, 25) == meta.Conversion(None, 2.5, True, "sd_from_se")


def test_sd_from_ci_uses_t_below_60():
    # n = 25: 2·t(0.975, 24) = 4.127797, SD = 5·4/4.127797 = 4.845199;
    # n = 100: SD = 10·4/3.92 = 10.204082
    small, large = meta.sd_from_ci(10, 14, 25), meta.sd_from_ci(10, 14, 100)
    assert (small.sd, small.method) == (approx(4.845199), "sd_from_ci_t")
    assert (large.sd, large.method, large.converted) == (approx(10.204082), "sd_from_ci_z", True)


def test_wan_2014_conversions_by_hand():
    # IQR: mean (8 + 10 + 14)/3 = 10.6667; η(50) = 2Φ⁻¹(37.375/50.25) = 2·0.655046, SD = 6/1.310093
    iqr = meta.mean_sd_from_median_iqr(10, 8, 14, 50)
    assert (iqr.mean, iqr.sd, iqr.converted) == (approx(32 / 3), approx(4.579827), True)
    # range: mean (2 + 2·10 + 30)/4 = 13; ξ(50) = 2Φ⁻¹(49.625/50.25) = 2·2.243329, SD = 28/4.486658
    rng = meta.mean_sd_from_median_range(10, 2, 30, 50)
    assert (rng.mean, rng.sd, rng.method) == (13.0, approx(6.240726), "wan2014_range")


def test_conversions_reject_inconsistent_input():
    with pytest.raises(ValueError, match="q1 <= median <= q3"):
        meta.mean_sd_from_median_iqr(20, 8, 14, 50)
    with pytest.raises(ValueError, match="upper limit"):
        meta.sd_from_ci(14, 10, 25)
    with pytest.raises(ValueError, match="se must be positive"):
        meta.sd_from_se(0, 25)
