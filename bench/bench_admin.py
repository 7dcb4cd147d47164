"""Server time of the trial change form: .venv/bin/python bench/bench_admin.py [--repeat 30]

Loads the demo data into a throwaway SQLite file (BENCH_DATABASE_URL selects another database,
which it migrates and fills: never point it at real data), adds to one demo trial enough outcome
results to have 30, signs a superuser in with django.test.Client (middleware, admin view,
templates, queries; no network) and prints the median time of the trial change form for that
trial and for the demo trial with the most results, with the queries of one request, and the
ratio of each to a constant view (/healthz) timed in the same run, so that the figure can be
read on a busy machine, and the CPU time of the request; then one result's and one arm's own page
(where each is edited). Target: under 300 ms for the trial of 30 results. Not a test.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_scratch = Path(tempfile.mkdtemp(prefix="bench_admin_")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{_scratch}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
# As in production: DEBUG off (with it on, Django also records every query's SQL and time),
# requests over HTTPS (secure=True: production redirects plain HTTP).
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"  # django.test.Client's host

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from trials.models import OutcomeResult, Trial  # noqa: E402

RESULTS = 30


def trial_of_30_results() -> Trial:
    """The demo trial with the most results, copied (its own rows) until it has 30."""
    trial = Trial.objects.annotate(count=Count("outcome_results")).order_by("-count", "pk")[0]
    results = list(trial.outcome_results.order_by("pk"))
    copy = 0
    while trial.outcome_results.count() < RESULTS:
        result = results[copy % len(results)]
        result.pk = None
        result.timepoint_label = f"{result.timepoint_label} (copy {copy + 1})"
        result.save()
        copy += 1
    return trial


def median_ms(client: Client, url: str, repeat: int) -> tuple[float, float]:
    """The median wall time and the median CPU time of this process (client, view, templates
    and SQLite all run in it: on a busy machine the CPU time is close to what an idle one takes
    on the wall; with PostgreSQL it leaves out the server's share)."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, secure=True)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), statistics.median(cpu)


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url, secure=True)
    return len(captured.captured_queries)


def report(client: Client, pages: list[tuple[str, str]], repeat: int) -> None:
    """Each page's median, its ratio to the first page (the constant view) and its queries."""
    for _label, url in pages:  # warm: templates compiled, permissions and content types read
        client.get(url, secure=True)
    constant = None
    for label, url in pages:
        ms, cpu = median_ms(client, url, repeat)
        constant = constant or ms
        print(
            f"{label:46} {ms:8.1f} ms  x{ms / constant:6.1f}  {queries(client, url):3d} queries"
            f"  (CPU {cpu:6.1f} ms)"
        )


# Static files by their plain names: production's hashed names need `collectstatic` first, and
# naming a file costs the same either way.
PLAIN_STATIC = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@override_settings(STORAGES=PLAIN_STATIC)
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    user = User.objects.create_superuser("bench", password=secrets.token_urlsafe(20))
    client = Client()
    client.force_login(user)
    constant = ("constant response (/healthz)", "/healthz")
    most = Trial.objects.annotate(count=Count("outcome_results")).order_by("-count", "pk")[0]
    change_url = reverse("admin:trials_trial_change", args=[most.pk])
    print(f"{connection.vendor}, {Trial.objects.count()} trials, median of {options.repeat}")
    report(
        client,
        [constant, (f"trial form, demo trial, {most.count} results", change_url)],
        options.repeat,
    )
    trial_of_30_results()
    count = OutcomeResult.objects.filter(trial=most).count()
    result = OutcomeResult.objects.filter(trial=most).order_by("pk").first()
    report(
        client,
        [
            constant,
            (f"trial form, the same trial, {count} results", change_url),
            (
                "one result's own page",
                reverse("admin:trials_outcomeresult_change", args=[result.pk]),
            ),
            (
                "one arm's own page",
                reverse("admin:trials_arm_change", args=[most.arms.order_by("pk").first().pk]),
            ),
        ],
        options.repeat,
    )


if __name__ == "__main__":
    main()
