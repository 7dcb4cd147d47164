"""Server time and query count of the browsing pages on PostgreSQL, at 1,000 to 100,000 trials.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_pages.py

It creates one database per size on that server (bench_pages_<pid>_1000, ...: two runs never
share one; with --reuse bench_pages_1000, ... kept between runs and seeded only when missing),
migrates and seeds each with synthetic trials (seed_synthetic), then times each page in-process
with django.test.Client (middleware, views, templates; no network). Requests to the databases
alternate, so a change in the machine's load touches every size alike.
It prints the median of many requests in three states: after a save (one published trial saved
before each request, as a curator's save does: each process re-reads what it keeps per data
version and brings the facet index up to date), cold (the cache emptied before each request,
the data unchanged: the first visitor to this combination of filters) and cached (the same URL
again), each page's ratio to the constant view measured in the same run. DEBUG is off, as in
production (with it on Django also records every query's SQL); --debug turns it on. Not a test.
Options: --sizes 1000,10000,100000  --repeat 20  --keep (leave the databases)  --reuse
(--prefix bench_pages: reuse <prefix>_<size>, e.g. copies of the kept databases)  --debug
--pages list,trial (only the pages whose names start so, and the constant view).
"""

import argparse
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import dj_database_url
import psycopg2

ROOT = Path(__file__).resolve().parents[1]
DATABASE_PREFIX = f"bench_pages_{os.getpid()}"
KEPT_PREFIX = "bench_pages"  # --reuse


def recreate_database(base_url: str, name: str, *, create: bool = True) -> None:
    """Drop (and create again) one bench database."""
    config = dj_database_url.parse(base_url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if create:
            cursor.execute(f"CREATE DATABASE {name}")
    connection.close()


def holds_trials(base_url: str, name: str) -> bool:
    """Whether a kept bench database exists and was seeded (--reuse)."""
    config = dj_database_url.parse(base_url)
    try:
        connection = psycopg2.connect(
            dbname=name,
            user=config["USER"] or "postgres",
            password=config["PASSWORD"] or None,
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
        )
    except psycopg2.OperationalError:
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('trials_trial') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return False
            cursor.execute("SELECT EXISTS (SELECT 1 FROM trials_trial)")
            return bool(cursor.fetchone()[0])
    finally:
        connection.close()


def use_database(name: str) -> None:
    """Point Django's default connection at another bench database (reconnects lazily)."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def save_a_trial() -> None:
    """What a curator's save does: one published trial written again (a new data version; the
    trial's change numbered for the facet index)."""
    from trials.models import Trial

    trials = Trial.objects.published().order_by("pk")
    trials[random.randrange(min(trials.count(), 1000))].save()


def time_sizes(client, url: str, names: list[str], repeat: int, *, mode: str) -> list:  # noqa: ANN001
    """Per database: (median ms, queries, status), requests to the databases alternating.

    mode "cached": the same URL again (the list page below its header is cached); "cold": the
    cache emptied before every timed request; "after a save": a new data version as well.
    """
    cold = mode in ("cold", "after a save")
    saved = mode == "after a save"
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = []
    for name in names:
        use_database(name)
        for _ in range(2):
            client.get(url, secure=True)
        if saved:
            save_a_trial()
        if cold:
            cache.clear()
        connection.queries_log.clear()  # a full log (maxlen 9000) would count nothing
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            status = client.get(url, secure=True).status_code
        first.append((time.perf_counter() - start, len(queries), status))
    if max(seconds for seconds, _queries, _status in first) > 1:
        repeat = min(repeat, 3)  # a page of seconds: a few requests say enough
    timings: list[list[float]] = [[] for _ in names]
    for _ in range(repeat):
        for index, name in enumerate(names):
            use_database(name)
            client.get(url, secure=True)  # reconnect and warm up, untimed
            if saved:
                save_a_trial()
            if cold:
                cache.clear()
            start = time.perf_counter()
            client.get(url, secure=True)
            timings[index].append((time.perf_counter() - start) * 1000)
    return [
        (statistics.median(times), queries, status)
        for times, (_seconds, queries, status) in zip(timings, first, strict=True)
    ]


def pages() -> list[tuple[str, str]]:
    """The pages to time, with realistic parameters taken from the seeded vocabularies."""
    from trials.condition_tree import ConditionTree
    from trials.models import CellSource, Trial

    tree = ConditionTree.load()
    second_level = next((c for c, depth in tree.depth_first() if depth == 1), tree.conditions[0])
    source = CellSource.objects.active().order_by("name").first()
    three = urlencode(
        {"condition": second_level.slug, "cell_source": source.slug, "status": "recruiting"}
    )
    trial = Trial.objects.published().order_by("slug")[41]
    return [
        ("constant response (/healthz)", "/healthz"),
        ("list, unfiltered", "/trials/"),
        ("list, three filters", f"/trials/?{three}"),
        ("list, q (one match)", f"/trials/?q={trial.slug.rsplit('-', 1)[-1]}"),
        ("list, q (matches all)", "/trials/?q=synthetic"),
        ("trial detail", trial.get_absolute_url()),
        (f"condition page ({second_level.slug})", f"/conditions/{second_level.slug}/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--prefix", default=KEPT_PREFIX)
    parser.add_argument("--debug", action="store_true")
    parser.add_argument("--pages", default="", help="only pages whose name starts so (a,b)")
    options = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server: postgres://postgres@127.0.0.1/postgres")
    sizes = sorted(int(value) for value in options.sizes.split(","))
    prefix = options.prefix if options.reuse else DATABASE_PREFIX
    names = [f"{prefix}_{size}" for size in sizes]
    seeded = {name for name in names if options.reuse and holds_trials(base_url, name)}
    for name in names:
        if name not in seeded:
            recreate_database(base_url, name)
    os.environ["DATABASE_URL"] = f"{base_url.rsplit('/', 1)[0]}/{names[0]}"
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"  # django.test.Client's host
    # As in production unless --debug: DEBUG off, requests over HTTPS (secure=True: production
    # redirects plain HTTP).
    os.environ["DJANGO_DEBUG"] = "true" if options.debug else "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    # Static files by their plain names: production's hashed names need `collectstatic` first,
    # and naming a file costs the same either way.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    print(f"DEBUG {'on' if settings.DEBUG else 'off'}")

    for size, name in zip(sizes, names, strict=True):
        use_database(name)
        if name in seeded:
            call_command("migrate", verbosity=0)
            print(f"{size:,} synthetic trials in {name} (kept from an earlier run)")
            continue
        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command("seed_synthetic", trials=size, without_triggers=True, stdout=quiet)
            with connection.cursor() as cursor:
                # Statistics first: planned without them, the refresh's joins over 10,000
                # trials ran for minutes a batch; with them, under a second.
                cursor.execute("ANALYZE")
            # The seed wrote around the triggers that mark stored comparisons stale: store every
            # trial's (the pooling rows of evidence.models.effects).
            call_command("refresh_trial_effects", all=True, stdout=quiet)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # fresh statistics, as autovacuum would give
        print(f"{size:,} synthetic trials in {name} (migrated and seeded in "
              f"{time.perf_counter() - start:.1f} s)")  # fmt: skip
    use_database(names[0])
    client = Client()
    modes = ("after a save", "cold", "cached")
    header = "".join(f"{f'{mode[:5]} {size:,}':>13}" for mode in modes for size in sizes)
    print(f"\n{'median ms':38}{header}{'queries':>12}")
    results: dict[str, dict] = {}
    chosen = [prefix for prefix in options.pages.split(",") if prefix]
    for page_name, url in pages():
        if chosen and not page_name.startswith(("constant", *chosen)):
            continue
        results[page_name] = {
            mode: time_sizes(client, url, names, options.repeat, mode=mode) for mode in modes
        }
        figures = "".join(
            f"{ms:13.1f}" for mode in modes for ms, _q, _s in results[page_name][mode]
        )
        queries = "/".join(str(results[page_name][mode][-1][1]) for mode in modes)
        statuses = {status for mode in modes for _ms, _q, status in results[page_name][mode]}
        note = "" if statuses == {200} else f"  status {sorted(statuses)}"
        print(f"{page_name:38}{figures}{queries:>12}{note}")
    print("queries: at the largest size, after a save/cold/cached")
    constant = results["constant response (/healthz)"]["cold"]
    for mode in ("after a save", "cold"):
        sized = "".join(f"{size:>13,}" for size in sizes)
        print(f"\n{f'{mode}, ratio to the constant view':38}{sized}")
        for page_name, by_mode in results.items():
            ratios = "".join(
                f"{ms / base_ms:13.0f}"
                for (ms, _q, _s), (base_ms, _bq, _bs) in zip(by_mode[mode], constant, strict=True)
            )
            print(f"{page_name:38}{ratios}")
    # The targets of issue 20, all for the cold page at the largest size.
    smallest, largest = sizes[0], sizes[-1]
    for mode in ("after a save", "cold") if "list, unfiltered" in results else ():
        small_ms = results["list, unfiltered"][mode][0][0]
        verdict = "meets" if small_ms <= 10 else "MISSES"
        print(f"list, unfiltered, {mode} at {smallest:,}: {small_ms:.1f} ms (target 10 cold): "
              f"{verdict}")  # fmt: skip
    condition_page = next((name for name in results if name.startswith("condition page")), "")
    for page_name, target_ms in (
        ("list, three filters", 60),
        ("list, unfiltered", 60),
        ("list, q (matches all)", 150),
        (condition_page, 150),
    ):
        if page_name not in results:
            continue
        cold_ms = results[page_name]["cold"][-1][0]
        verdict = "meets" if cold_ms <= target_ms else "MISSES"
        print(f"{page_name}, cold at {largest:,}: {cold_ms:.1f} ms (target {target_ms}): {verdict}")
    if len(sizes) >= 2 and "list, three filters" in results:
        for mode in modes:
            timings = results["list, three filters"][mode]
            small, large = timings[0][0], timings[-1][0]
            print(
                f"filtered list ({mode}): {large / small:.2f}x at {largest:,} its time at "
                f"{sizes[0]:,} (target 1.5x cold)"
            )
    if not (options.keep or options.reuse):
        connection.close()
        for name in names:
            recreate_database(base_url, name, create=False)


if __name__ == "__main__":
    main()
