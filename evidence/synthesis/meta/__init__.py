"""Effect sizes, data conversions and inverse-variance pooling: pure functions over numbers.

Three modules: pooling, effect_sizes, conversions; everything public is importable from here.

Sources, cited again at each function:
- Borenstein, Hedges, Higgins & Rothstein (2009) Introduction to Meta-Analysis, Wiley (B2009).
- Viechtbauer (2005) J Educ Behav Stat 30:261-293 and (2010) J Stat Softw 36(3), metafor (V2010).
- DerSimonian & Laird (1986) Control Clin Trials 7:177-188.
- Paule & Mandel (1982) J Res Natl Bur Stand 87:377-385.
- Hartung & Knapp (2001) Stat Med 20:3875-3889.
- Higgins & Thompson (2002) Stat Med 21:1539-1558.
- Wan, Wang, Liu & Tong (2014) BMC Med Res Methodol 14:135.
- Cochrane Handbook for Systematic Reviews of Interventions v6.4, chapters 6 and 10.
"""

from evidence.synthesis.meta.conversions import (
    Conversion,
    mean_sd_from_median_iqr,
    mean_sd_from_median_range,
    sd_from_ci,
    sd_from_se,
)
from evidence.synthesis.meta.effect_sizes import (
    EffectSize,
    effect_size,
    hedges_g,
    log_odds_ratio,
    log_risk_ratio,
    mean_difference,
    risk_difference,
)
from evidence.synthesis.meta.pooling import (
    ADDITIVE_MEASURES,
    METHODS,
    RATIO_MEASURES,
    REML_MAX_ITERATIONS,
    REML_THRESHOLD,
    Z_95,
    BackTransformed,
    NotEstimable,
    PooledEstimate,
    back_transform,
    pool,
    prediction_interval,
    reml_loglik,
    study_ci,
)

__all__ = [
    "ADDITIVE_MEASURES",
    "BackTransformed",
    "Conversion",
    "EffectSize",
    "METHODS",
    "NotEstimable",
    "PooledEstimate",
    "RATIO_MEASURES",
    "REML_MAX_ITERATIONS",
    "REML_THRESHOLD",
    "Z_95",
    "back_transform",
    "effect_size",
    "hedges_g",
    "log_odds_ratio",
    "log_risk_ratio",
    "mean_difference",
    "mean_sd_from_median_iqr",
    "mean_sd_from_median_range",
    "pool",
    "prediction_interval",
    "reml_loglik",
    "risk_difference",
    "sd_from_ci",
    "sd_from_se",
    "study_ci",
]
