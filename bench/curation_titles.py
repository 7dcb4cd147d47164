"""How the near-duplicate title search scales: python bench/curation_titles.py

Prints the time to group n synthetic titles, in the worst case for blocking (every title shares
its first three words, so all land in one block) and in a mixed case. Not a test: figures only.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from evidence.curation.duplicates import similar_title_groups  # noqa: E402

WORDS = [
    "cells",
    "test",
    "liver",
    "stromal",
    "marrow",
    "cord",
    "infusion",
    "placebo",
    "phase",
    "trial",
    "safety",
    "dose",
]


def titles(count: int, *, shared_start: bool, seed: int = 1) -> list[tuple[int, str]]:
    rng = random.Random(seed)
    rows = []
    for pk in range(count):
        start = "test cells for test" if shared_start else " ".join(rng.sample(WORDS, 3))
        tail = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
        rows.append((pk, f"{start} {tail} {pk}"))
    return rows


def main() -> None:
    print(f"{'titles':>8} {'case':>14} {'seconds':>8} {'µs/title':>9} {'groups':>7}")
    for count in (1_000, 5_000, 20_000):
        for shared in (True, False):
            rows = titles(count, shared_start=shared)
            started = time.perf_counter()
            groups = similar_title_groups(rows)
            seconds = time.perf_counter() - started
            case = "one block" if shared else "mixed blocks"
            per_title = seconds / count * 1e6
            print(f"{count:>8} {case:>14} {seconds:>8.2f} {per_title:>9.0f} {len(groups):>7}")


if __name__ == "__main__":
    main()
