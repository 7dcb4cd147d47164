"""Server time and query count of the browsing pages on PostgreSQL, at 1,000 and 100,000 trials.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_pages.py

It (re)creates its own database `bench_pages` on that server, migrates it, seeds synthetic trials
(seed_synthetic) and times each page in-process with django.test.Client (middleware, views,
templates; no network), printing the median of many requests. Not a test: nothing is asserted.
Options: --sizes 1000,100000  --repeat 40  --keep (leave the database for inspection).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import dj_database_url
import psycopg2

ROOT = Path(__file__).resolve().parents[1]
DATABASE_NAME = "bench_pages"


def recreate_database(base_url: str, *, create: bool = True) -> str:
    """Drop (and create again) the bench database; return its URL."""
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
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE_NAME} WITH (FORCE)")
        if create:
            cursor.execute(f"CREATE DATABASE {DATABASE_NAME}")
    connection.close()
    head = base_url.rsplit("/", 1)[0]
    return f"{head}/{DATABASE_NAME}"


def time_page(client, url: str, repeat: int, *, cold: bool) -> tuple[float, int, int]:  # noqa: ANN001
    """Median milliseconds over `repeat` requests (after warming up), queries, status.

    cold=True empties the cache before every request, so the list page counts from scratch;
    cold=False times what a repeated combination of filters costs (counts from the cache).
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(url)
    if cold:
        cache.clear()
    connection.queries_log.clear()  # a full log (maxlen 9000) would count nothing
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        status = client.get(url).status_code
    if time.perf_counter() - start > 1:
        repeat = min(repeat, 3)  # a page of seconds: a few requests say enough
    timings = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(queries), status


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
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server: postgres://postgres@127.0.0.1/postgres")
    os.environ["DATABASE_URL"] = recreate_database(base_url)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"  # django.test.Client's host
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    client = Client()
    results: dict[int, dict[str, tuple[float, float, int, int]]] = {}
    for size in (int(value) for value in options.sizes.split(",")):
        start = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("seed_synthetic", trials=size, stdout=quiet)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # fresh statistics, as autovacuum would give
        print(f"\n== {size:,} synthetic trials (seeded in {time.perf_counter() - start:.1f} s)")
        print(f"{'page':38} {'warm ms':>8} {'cold ms':>8} {'queries':>8} {'status':>6}")
        results[size] = {}
        for name, url in pages():
            warm, _queries, _status = time_page(client, url, options.repeat, cold=False)
            cold, queries, status = time_page(client, url, options.repeat, cold=True)
            results[size][name] = (warm, cold, queries, status)
            print(f"{name:38} {warm:8.1f} {cold:8.1f} {queries:8d} {status:6d}")
    sizes = sorted(results)
    if len(sizes) >= 2:
        small, large = results[sizes[0]], results[sizes[-1]]
        key = "list, three filters"
        for label, index in (("warm", 0), ("cold", 1)):
            print(
                f"filtered list ({label}): {large[key][index]:.1f} ms at {sizes[-1]:,} "
                f"(target 25 ms), {large[key][index] / small[key][index]:.2f}x its time at "
                f"{sizes[0]:,} (target 1.5x)"
            )
    if not options.keep:
        connection.close()
        recreate_database(base_url, create=False)


if __name__ == "__main__":
    main()
