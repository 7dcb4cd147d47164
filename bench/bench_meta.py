"""Pooling and forest-plot speed: .venv/bin/python bench/bench_meta.py

Prints the median time to pool 100 and 1,000 studies by REML (target: < 5 ms for 100), to
render a 50-row forest plot (target: < 20 ms) and to build everything a page shows for a pooled
result of 50 trials (plot, table, subgroups by cell source and route, sentence). Not a test.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()  # forest.py translates its headings

from evidence.synthesis import meta  # noqa: E402
from evidence.synthesis.display import pooled_display  # noqa: E402
from evidence.synthesis.forest import ForestRow, forest_plot_svg  # noqa: E402
from evidence.synthesis.from_curated import WINDOWS, ArmData, StudyRow, Synthesis  # noqa: E402
from trials.models import MeasureKind, OutcomeMeasure  # noqa: E402


def median_ms(work: Callable[[], object], repeats: int) -> float:
    """Median wall time of one call, in milliseconds, after one warm-up call."""
    work()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def studies(k: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """k heterogeneous studies: true effects spread by tau = 0.3, variances 0.02-0.5."""
    rng = np.random.default_rng(seed)
    variances = rng.uniform(0.02, 0.5, k)
    return rng.normal(0.2, 0.3, k) + rng.normal(0, np.sqrt(variances)), variances


def main() -> None:
    for k in (100, 1000):
        y, v = studies(k)
        print(
            f"pool REML, {k:>5} studies: {median_ms(lambda y=y, v=v: meta.pool(y, v), 200):7.3f} ms"
        )
    y, v = studies(50)
    pooled = meta.pool(y, v)
    rows = [
        ForestRow.from_study(f"Trial {i} (20{i % 25:02d})", e, var, w, 20 + i, 18 + i)
        for i, (e, var, w) in enumerate(zip(y, v, pooled.weights, strict=True))
    ]

    def plot() -> str:
        return forest_plot_svg(
            rows,
            pooled,
            measure_label="Mean difference",
            favours_left="Favours MSC",
            favours_right="Favours control",
            title="Benchmark",
            description="50 synthetic trials.",
        )

    print(f"forest plot, 50 rows:     {median_ms(plot, 200):7.3f} ms ({len(plot()):,} bytes)")

    synthesis = synthetic_synthesis(y, v)

    def page_parts() -> object:
        return pooled_display(synthesis, id_prefix="bench")

    print(f"pooled result for a page, 50 trials: {median_ms(page_parts, 100):7.3f} ms")


def synthetic_synthesis(y: np.ndarray, v: np.ndarray) -> Synthesis:
    """A Synthesis of synthetic trials (no database): 3 cell sources, 2 routes."""
    measure = OutcomeMeasure(
        name="Synthetic measure", kind=MeasureKind.CONTINUOUS, unit="g/L", higher_is_better=True
    )
    rows = tuple(
        StudyRow(
            trial_id=i,
            slug=f"synthetic-trial-{i}",
            label=f"Synthetic trial {i}",
            timepoint_weeks=12,
            experimental=ArmData(n=20 + i, mean=30.0, sd=4.0),
            control=ArmData(n=18 + i, mean=29.0, sd=4.0),
            effect=float(e),
            variance=float(var),
            cell_sources=(("Source A", "Source B", "Source C")[i % 3],),
            routes=(("Route A", "Route B")[i % 2],),
        )
        for i, (e, var) in enumerate(zip(y, v, strict=True))
    )
    pooled = meta.pool(y, v)
    return Synthesis(measure, "MD", WINDOWS[2], rows, (), pooled, meta.back_transform(pooled, "MD"))


if __name__ == "__main__":
    main()
