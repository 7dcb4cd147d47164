"""Load benchmark: gunicorn (4 sync workers) on PostgreSQL with 100,000 synthetic trials, under wrk.

Runs on loopback. Prints requests per second, p50/p99 latency and errors per page, and each page's
ratio to a trivial view (/robots.txt, a constant response) measured in the same run.

    .venv/bin/python bench/bench_load.py           # about 3 minutes once the data is there
    .venv/bin/python bench/bench_load.py --fresh   # drop and re-seed bench_load first (+5 min)

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and wrk (`apt-get install -y wrk`).
The database `bench_load` is kept between runs: seeding 100,000 trials is the slow part.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
LUA_REPORT = ROOT / "bench" / "wrk_report.lua"
TARGET_FILTERED_RATIO = 0.06
# What a visitor meets: every request a new combination of filters drawn from the vocabularies
# (wrk_report.lua "combinations"), so no page cache can answer it. Reported first.
TARGET_COMBINATIONS_RATIO = 0.02
COMBINATIONS_LABEL = "list, a new filter combination each request"
# The filtered list drawn afresh for every request (from its cached counts, facets and rows): see
# wrk_report.lua.
NEW_PAGE_LABEL = "  ... each request a new page"

# Printed as JSON by `manage.py shell`: the rows the benchmarked URLs point at.
LOOKUP = """
import json
from django.db.models import Count
from trials.models import CellSource, Condition, Country, Route, Trial
from trials.models.choices import Design, Phase, RecruitmentStatus
published = Trial.objects.published()
trial = published.order_by("slug")[published.count() // 2]
condition = Condition.objects.active().annotate(n=Count("trials")).order_by("-n", "slug")[0]
cell_source = CellSource.objects.active().annotate(n=Count("arms")).order_by("-n", "slug")[0]
vocabularies = {
    "condition": list(Condition.objects.active().values_list("slug", flat=True)),
    "cell_source": list(CellSource.objects.active().values_list("slug", flat=True)),
    "route": list(Route.objects.values_list("slug", flat=True)),
    "design": list(Design.values),
    "phase": list(Phase.values),
    "status": list(RecruitmentStatus.values),
    "country": list(Country.objects.values_list("code", flat=True)),
}
print(json.dumps({"trial": trial.slug, "condition": condition.slug,
                  "cell_source": cell_source.slug, "trials": published.count(),
                  "vocabularies": vocabularies}))
"""


def say(message: str) -> None:
    print(f"== {message}", flush=True)


def postgres(*command: str, check: bool = True) -> subprocess.CompletedProcess:
    args = [*command, "--host", "127.0.0.1", "--port", "5432", "--username", "postgres"]
    return subprocess.run(args, check=check, capture_output=True, text=True)


def ensure_database(name: str, fresh: bool) -> None:
    if fresh:
        postgres("dropdb", "--if-exists", name)
    result = postgres("createdb", name, check=False)
    if result.returncode != 0 and "already exists" not in result.stderr:
        raise SystemExit(f"createdb {name} failed: {result.stderr.strip()}")


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:  # refused while gunicorn starts, or a slow first answer
            time.sleep(0.3)
    raise SystemExit("gunicorn did not become healthy within a minute (see its log above)")


def drained(base: str, seconds: float = 10) -> bool:
    """Whether the requests queued by the last run are served within a few seconds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        began = time.monotonic()
        status, _ = fetch(f"{base}/robots.txt", timeout=seconds)
        if status == 200 and time.monotonic() - began < 0.1:
            return True
    return False


class Server:
    """gunicorn in its own process group, restartable when a slow page leaves a backlog."""

    def __init__(self, env: dict[str, str], base: str) -> None:
        self.env, self.base, self.process = env, base, None
        # The quick shutdown makes busy workers print tracebacks: keep them out of the report.
        self.log = Path(tempfile.gettempdir()) / f"bench-gunicorn-{os.getpid()}.log"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [GUNICORN, f"--error-logfile={self.log}"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        try:
            wait_until_healthy(self.base)
        except SystemExit:
            print(self.log.read_text()[-3000:])
            raise

    def stop(self) -> None:
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGQUIT)  # quick: do not serve the queued requests
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None


def warm(url: str, workers: int) -> None:
    """Concurrent requests, so that every worker has its connection and caches for the page.

    A sync worker serves one request at a time, so 2 x workers requests at once reach them all.
    """
    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        list(pool.map(fetch, [url] * (2 * workers)))


def fetch(url: str, timeout: float = 60) -> tuple[int, int]:
    """Status and body size of one request; status 0 when it timed out or failed."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0
    except OSError:
        return 0, 0


def wrk(
    url: str, *, seconds: int, connections: int, threads: int, script_args: tuple[str, ...] = ()
) -> dict[str, float]:
    command = [
        "wrk",
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={LUA_REPORT}",
        url,
        *(["--", *script_args] if script_args else []),
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    report = json.loads(output.strip().splitlines()[-1])
    report["rps"] = report["requests"] / (report["duration_us"] / 1e6)
    report["errors"] = sum(report[key] for key in ("connect", "read", "write", "status", "timeout"))
    if report["requests"] == 0:  # nothing finished within the run: a failure, not a zero
        report["errors"] += 1
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds per page under load")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--fresh", action="store_true", help="drop and re-seed the database")
    options = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode != 0:
        raise SystemExit("PostgreSQL is not answering on 127.0.0.1:5432 (see ../shared/TESTING.md)")

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{options.database}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, no proxy
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(options.workers),
        "GUNICORN_ACCESS_LOG": "",  # an access log line per request would be measured too
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_TIMEOUT": "120",  # a slow page shows as latency and wrk timeouts, not kills
    }
    started = time.monotonic()
    say(f"database {options.database}: migrate, seed {options.trials:,} synthetic trials")
    ensure_database(options.database, options.fresh)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    seeded = manage(env, "seed_synthetic", "--trials", str(options.trials), "--without-triggers")
    print(seeded.strip())
    # Fresh bulk-loaded tables have no planner statistics until autovacuum gets to them, and
    # the planner then picks nested loops that take seconds: analyse now, as production would be.
    postgres("vacuumdb", "--analyze", "--quiet", "--dbname", options.database)
    if "already there" not in seeded:  # the seed wrote around the triggers: store comparisons
        print(manage(env, "refresh_trial_effects", "--all").strip())
    say("collectstatic")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    rows = json.loads(manage(env, "shell", "--command", LOOKUP).strip().splitlines()[-1])

    base = f"http://127.0.0.1:{port}"
    filters = urlencode(
        [("condition", rows["condition"]), ("cell_source", rows["cell_source"]), ("design", "rct")]
    )
    combinations = (
        "combinations",
        *(f"{name}={','.join(values)}" for name, values in rows["vocabularies"].items() if values),
    )
    script_args = {COMBINATIONS_LABEL: combinations, NEW_PAGE_LABEL: ("new-page",)}
    targets = [
        ("trivial view (/robots.txt)", "/robots.txt"),
        (COMBINATIONS_LABEL, f"/trials/?{filters}"),
        ("trial list, unfiltered", "/trials/"),
        ("trial list, three filters", f"/trials/?{filters}"),
        (NEW_PAGE_LABEL, f"/trials/?{filters}"),
        ("trial page", f"/trials/{rows['trial']}/"),
        ("condition page", f"/conditions/{rows['condition']}/"),
        ("RIS export, filtered list", f"/references/export/?format=ris&{filters}"),
    ]

    say(f"gunicorn: {options.workers} sync workers on {base}, DEBUG off")
    server = Server(env, base)
    try:
        server.start()
        say(f"{rows['trials']:,} published trials; checking every URL once")
        sizes = {}
        for label, path in targets:
            began = time.monotonic()
            status, size = fetch(base + path)
            print(f"   {status} in {time.monotonic() - began:.2f} s, {size / 1024:.1f} KB: {path}")
            if status != 200:
                raise SystemExit(f"{path} answered {status}, not 200: fix it before measuring")
            sizes[label] = size
            warm(base + path, options.workers)

        say(
            f"wrk: 1 connection for 3 s (a request alone), then {options.connections} "
            f"connections for {options.duration} s, per page"
        )
        results = []
        for label, path in [*targets, ("trivial view, again at the end", "/robots.txt")]:
            extra = script_args.get(label, ())
            alone = wrk(base + path, seconds=3, connections=1, threads=1, script_args=extra)
            loaded = wrk(
                base + path,
                seconds=options.duration,
                connections=options.connections,
                threads=options.threads,
                script_args=extra,
            )
            results.append((label, path, loaded, alone))
            print(f"   {label}: {loaded['rps']:,.1f} requests/s", flush=True)
            if not drained(base):
                print("   (requests still queued: restarting gunicorn for the next page)")
                server.stop()
                server.start()
                for _, warm_path in targets:
                    warm(base + warm_path, options.workers)
    finally:
        server.stop()

    trivial = (results[0][2]["rps"] + results[-1][2]["rps"]) / 2
    print()
    print(
        f"{'page':<32} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'alone ms':>8} {'errors':>6} {'KB':>6}"
    )
    for label, _path, loaded, alone in results:
        size = sizes.get(label, sizes[results[0][0]]) / 1024
        print(
            f"{label:<32} {loaded['rps']:>8,.1f} {loaded['rps'] / trivial:>6.3f} "
            f"{loaded['p50_us'] / 1000:>7.1f} {loaded['p99_us'] / 1000:>7.1f} "
            f"{alone['p50_us'] / 1000:>8.2f} {loaded['errors'] + alone['errors']:>6} {size:>6.1f}"
        )
    print()
    print("ratio: requests/s divided by the mean of the two trivial-view runs of this run")
    for label, path, *_ in results[1:-1]:
        print(f"  {label.strip()}: {path}")
    print(
        f"  ({COMBINATIONS_LABEL}: /trials/?<filters drawn from the vocabularies>, a new "
        "combination for every request, so no page cache can answer it)"
    )
    print(
        f"  ({NEW_PAGE_LABEL.strip()}: page=new-<thread>-<n> added, so every request draws the "
        "page afresh from its cached counts, facets and rows)"
    )
    errors = sum(loaded["errors"] + alone["errors"] for _, _, loaded, alone in results)
    drawn = next(loaded for label, _, loaded, _ in results if label == COMBINATIONS_LABEL)
    drawn_ratio = drawn["rps"] / trivial
    filtered = next(loaded for label, _, loaded, _ in results if "three filters" in label)
    ratio = filtered["rps"] / trivial
    meets = (
        drawn_ratio >= TARGET_COMBINATIONS_RATIO and ratio >= TARGET_FILTERED_RATIO and errors == 0
    )
    verdict = "meets" if meets else "MISSES"
    print(
        f"target: no errors (got {errors}); a new filter combination each request, ratio >= "
        f"{TARGET_COMBINATIONS_RATIO} (got {drawn_ratio:.3f}); the same filtered list again, "
        f"ratio >= {TARGET_FILTERED_RATIO} (got {ratio:.3f}): {verdict} the targets"
    )
    fresh = next(loaded for label, _, loaded, _ in results if label == NEW_PAGE_LABEL)
    print(f"  rendered afresh for every request: ratio {fresh['rps'] / trivial:.3f}")
    print(f"machine: {os.cpu_count()} cores; whole run {time.monotonic() - started:.0f} s")
    if verdict != "meets":
        sys.exit(1)


if __name__ == "__main__":
    main()
