"""What real clients get back from our export files: .venv/bin/python bench/bench_clients.py [-v]

Loads the demo data into a throwaway SQLite file, exports every published reference (and the
hostile synthetic ones of tests/evidence/clients/hostile.py) as BibTeX, RIS and CSL-JSON, reads
each file with pandoc and citation-js, and prints the number of fields each client got back
wrong (authors with all initials, title, journal, abbreviation, year, volume, issue, pages, DOI,
PMID; for registry records the identifier), then the Vancouver entries pandoc --citeproc renders
differently from the site. -v lists every mismatch. Not a test: the assertions are in
tests/demo/test_export_clients.py (with the readers' own limits).
"""

import argparse
import collections
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_scratch = Path(tempfile.mkdtemp(prefix="bench_clients_")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{_scratch}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from evidence.exports.records import export_records  # noqa: E402
from evidence.models import Reference  # noqa: E402
from tests.evidence import clients  # noqa: E402
from tests.evidence.clients.hostile import HOSTILE  # noqa: E402
from trials.models import Trial  # noqa: E402


def demo_records() -> list:
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return export_records(
        trials=Trial.objects.published().order_by("slug"),
        references=Reference.objects.order_by("pk"),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    missing = []
    if not clients.pandoc_path():
        missing.append("pandoc")
    if clients.citation_js_missing():
        missing.append("citation-js")
    records = demo_records()
    sets = {"demo": records, "hostile": list(HOSTILE)}
    print(f"demo references: {len(records)}, hostile: {len(HOSTILE)}")
    print(f"{'set':8} {'client':12} {'format':10} {'mismatches':>10}  by field")
    for name, chosen in sets.items():
        for client in clients.READERS:
            if client in missing:
                print(f"{name:8} {client:12} (not installed)")
                continue
            for fmt in clients.FORMATS:
                found = clients.compare(client, fmt, chosen)
                fields = collections.Counter(m.field for m in found)
                print(f"{name:8} {client:12} {fmt:10} {len(found):>10}  {dict(fields)}")
                if args.verbose:
                    for mismatch in found:
                        print("    ", mismatch)
        if "pandoc" not in missing:
            for fmt in clients.FORMATS:
                found = clients.compare_vancouver(fmt, chosen)
                print(f"{name:8} {'pandoc':12} {fmt + '→vanc':10} {len(found):>10}  entries")
                if args.verbose:
                    for mismatch in found:
                        print("    ", mismatch)


if __name__ == "__main__":
    main()
