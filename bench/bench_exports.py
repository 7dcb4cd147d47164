"""Export speed: .venv/bin/python bench/bench_exports.py [--count 10000] [--formats ris,apa]

Prints references exported per second in every format, three ways:
  1. the pure formatters on records already in memory (targets: at least 20,000 per second for
     RIS, BibTeX, CSV and CSL-JSON); formatted citations rendered by citeproc-py ("render") and
     assembled from their stored entries ("stored");
  2. the whole /references/export/ view on SQLite: queries, records, formatting, streaming;
  3. formatted citations through the view in a fresh process (a subprocess: nothing parsed or
     rendered in memory, the citations stored as manage.py store_citations leaves them): the first
     export after a start ("cold", target 1,000 references per second) and the same export again
     ("warm"), with their ratio to a constant view (/healthz) timed in that process; then the
     first export of references whose citations are not stored yet (rendered and stored then).
The figures of 1 and 2 are the best of --repeat runs, by wall time and by this process's CPU time
(steadier on a busy machine, and with SQLite in the process it covers the database too). The
baseline row (json.dumps of the same fields) lets runs on different machines be compared.

It writes to a throwaway SQLite file unless BENCH_DATABASE_URL names another database (which it
migrates and fills: never point it at real data). Not a test: figures only.
"""

import argparse
import dataclasses
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_scratch = Path(tempfile.mkdtemp(prefix="bench_exports_")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{_scratch}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from io import StringIO  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from evidence.exports import FORMATS, citations, render_text  # noqa: E402
from evidence.exports.records import Author, ExportRecord, StoredEntries  # noqa: E402
from evidence.models import Reference, ReferenceAuthor, StoredCitation, TrialReference  # noqa: E402
from trials.models import CurationStatus, RegistryId, Trial  # noqa: E402

CITATION_STYLES = set(citations.STYLES)


def synthetic_records(count: int) -> list[ExportRecord]:
    """Obviously synthetic papers (2 to 8 authors) with one registry record in ten."""
    records = []
    for number in range(count):
        if number % 10 == 9:
            records.append(
                ExportRecord(
                    id=f"registry-NCT9{number:07d}",
                    kind="registry_record",
                    title=f"Test trial {number}: an official title with MSC & 50% {{braces}}",
                    authors=(Author(group=f"Test Sponsor {number % 7}"),),
                    publisher="ClinicalTrials.gov",
                    year=2024,
                    month=3,
                    day=5,
                    report_number=f"NCT9{number:07d}",
                    url=f"https://clinicaltrials.gov/study/NCT9{number:07d}",
                    accessed_date=datetime.date(2026, 11, 21),
                )
            )
            continue
        authors = tuple(
            Author(family=f"Test{chr(65 + position)}üller", given=f"Given-Name {position}")
            for position in range(2 + number % 7)
        )
        records.append(
            ExportRecord(
                id=f"ref-{number}",
                kind="journal_article",
                title=f"Test reference {number}: umbilical cord MSC in HBV cirrhosis, a_trial",
                authors=authors,
                journal="Test Journal of Hepatology",
                journal_abbreviation="Test J Hepatol",
                year=2000 + number % 25,
                month=1 + number % 12,
                volume=str(number % 40),
                issue=str(number % 12),
                pages=f"{1000 + number % 500}-{(1010 + number % 500) % 100:02d}",
                doi=f"10.5555/test.{number}",
                pmid=str(90000000 + number),
                trials=(f"Test trial {number % 100}",),
            )
        )
    return records


def best_rate(
    count: int, run: Callable[[], object], repeat: int, reset: Callable | None = None
) -> tuple[float, float]:
    """References per second of the fastest of `repeat` runs: by wall time and by CPU time."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        if reset:
            reset()
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, max(time.process_time() - started_cpu, 1e-9))
    return count / wall, count / cpu


def show(label: str, rates: tuple[float, float], baseline: tuple[float, float] | None) -> None:
    wall, cpu = rates
    line = f"  {label:<20}{wall:>10,.0f} /s wall{cpu:>10,.0f} /s CPU"
    if baseline:
        line += f"   {cpu / baseline[1]:6.3f} of baseline (CPU)"
    print(line)


def pure_formatters(count: int, names: list[str], repeat: int) -> None:
    records = synthetic_records(count)
    citations.bibliography(records[:10], store=False)  # parse the styles once, as a running site
    baseline = best_rate(count, lambda: json.dumps([vars_of(record) for record in records]), repeat)
    print(f"\nPure formatters, {count:,} references in memory (best of {repeat})")
    show("baseline json.dumps", baseline, None)
    for name in names:
        if name in CITATION_STYLES:
            # citeproc-py takes seconds per thousand entries: one run is precise enough.
            fresh: list = []
            render = lambda name=name, fresh=fresh: fresh.extend(  # noqa: E731
                citations.render_entries(records, style=name)
            )
            show(f"{name} (render)", best_rate(count, render, 1), baseline)
            stored = with_stored_entries(records, fresh, name)
            read = lambda name=name, stored=stored: render_text(name, stored)  # noqa: E731
            show(f"{name} (stored)", best_rate(count, read, repeat), baseline)
        else:
            rate = best_rate(count, lambda name=name: render_text(name, records), repeat)
            show(name, rate, baseline)


def with_stored_entries(records: list, entries: list, style: str) -> list[ExportRecord]:
    """The records as a database read gives them when their entries are stored."""
    key = citations.entry_key(style, "en")
    return [
        dataclasses.replace(
            record,
            stored=StoredEntries(
                number,
                {key: [citations.source_digest(record), entry.text, entry.suffixed]},
            ),
        )
        for number, (record, entry) in enumerate(zip(records, entries, strict=True))
    ]


def vars_of(record: ExportRecord) -> dict:
    return {name: str(getattr(record, name)) for name in record.__slots__}


def fill_database(count: int, per_trial: int = 100) -> int:
    """Published trials with `per_trial` papers each and one registry id: about `count` rows."""
    call_command("migrate", verbosity=0)
    trials = Trial.objects.bulk_create(
        Trial(
            slug=f"bench-trial-{n}",
            title=f"Test trial {n}: an official title",
            short_title=f"Test trial {n}",
            sponsor=f"Test Sponsor {n}",
            status=CurationStatus.PUBLISHED,
        )
        for n in range(max(1, count // per_trial))
    )
    RegistryId.objects.bulk_create(
        RegistryId(trial=trial, registry="ctgov", identifier=f"NCT9{trial.pk:07d}")
        for trial in trials
    )
    references = Reference.objects.bulk_create(
        Reference(
            title=f"Test reference {n}: umbilical cord MSC in HBV cirrhosis",
            journal="Test Journal of Hepatology",
            journal_abbreviation="Test J Hepatol",
            year=2000 + n % 25,
            volume=str(n % 40),
            pages=f"{1000 + n % 500}-{(1010 + n % 500) % 100:02d}",
            doi=f"10.5555/test.{n}",
        )
        for n in range(len(trials) * per_trial)
    )
    ReferenceAuthor.objects.bulk_create(
        ReferenceAuthor(reference=reference, position=p, family=f"Test{p}", given="A")
        for reference in references
        for p in range(2 + reference.pk % 5)
    )
    TrialReference.objects.bulk_create(
        TrialReference(trial=trials[i // per_trial], reference=ref, role="primary_results")
        for i, ref in enumerate(references)
    )
    return len(references) + len(trials)


def download(client: Client, name: str, **params: object) -> int:
    response = client.get("/references/export/", {"format": name, **params})
    assert response.status_code == 200, response.status_code
    return sum(chunk.count(b"\n") for chunk in response.streaming_content)


def through_the_view(names: list[str], repeat: int, exported: int) -> None:
    client = Client()
    print(f"\nThe export view on {django.db.connection.vendor}, {exported:,} references")
    for name in names:
        if name in CITATION_STYLES:
            continue  # in a fresh process, below
        rate = best_rate(exported, lambda name=name: download(client, name), repeat)
        show(name, rate, None)


def constant_view_seconds(client: Client, count: int = 200) -> float:
    """The median time of the constant view (/healthz), in seconds."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        client.get("/healthz")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def child(name: str, trials: int) -> None:
    """In a fresh process: the first export of the style, then the same again; prints JSON."""
    client = Client()
    constant = constant_view_seconds(client)
    params = {"trial": [f"bench-trial-{n}" for n in range(trials)]} if trials else {}
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        lines = download(client, name, **params)
        timings.append(time.perf_counter() - started)
    print(json.dumps({"constant": constant, "cold": timings[0], "warm": timings[1], "n": lines}))


def run_child(name: str, trials: int = 0) -> dict:
    command = [sys.executable, __file__, "--child", name, "--child-trials", str(trials)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def show_child(label: str, result: dict) -> None:
    constant_rate = 1 / result["constant"]
    line = f"  {label:<26}"
    for mode in ("cold", "warm"):
        rate = result["n"] / result[mode]
        line += f"{rate:>10,.0f} /s {mode} ({rate / constant_rate:5.2f} of constant)"
    print(line + f"   constant view {result['constant'] * 1000:.2f} ms")


def citations_in_a_fresh_process(names: list[str], unstored_trials: int) -> None:
    styles = [name for name in names if name in CITATION_STYLES]
    if not styles:
        return
    started = time.process_time()
    out = StringIO()
    call_command("store_citations", stdout=out)
    print(f"\nmanage.py store_citations: {out.getvalue().strip()} "
          f"({time.process_time() - started:.1f} s of CPU)")  # fmt: skip
    print("\nFormatted citations through the view, a fresh process per line (wall time)")
    for name in styles:
        show_child(f"{name}, stored", run_child(name))
    print(f"\n  ... the first {unstored_trials} trials, nothing stored (rendered and stored then):")
    for name in styles:
        StoredCitation.objects.all().delete()
        show_child(f"{name}, not stored", run_child(name, unstored_trials))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--unstored-trials", type=int, default=5, help="trials of 100 papers")
    parser.add_argument("--skip-view", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-trials", type=int, default=0, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    setup_test_environment()  # lets the test client's host through ALLOWED_HOSTS
    if arguments.child:
        child(arguments.child, arguments.child_trials)
        return
    names = [name for name in arguments.formats.split(",") if name]
    unknown = set(names) - set(FORMATS)
    if unknown:
        parser.error(f"unknown formats: {', '.join(sorted(unknown))}")
    pure_formatters(arguments.count, names, arguments.repeat)
    if not arguments.skip_view:
        os.environ["BENCH_DATABASE_URL"] = os.environ["DATABASE_URL"]  # the children's database
        exported = fill_database(arguments.count)
        through_the_view(names, arguments.repeat, exported)
        citations_in_a_fresh_process(names, arguments.unstored_trials)


if __name__ == "__main__":
    main()
