"""Create or refresh trials from ClinicalTrials.gov (API v2), live or from saved documents."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evidence.importing import http
from evidence.importing.errors import ImporterError
from evidence.importing.services import (
    ImportReport,
    trials_import_ctgov_document,
    waiting_for_review,
)
from evidence.importing.sources.ctgov import NCT_PATTERN


class Command(BaseCommand):
    help = (
        "Create or refresh trials from ClinicalTrials.gov: by NCT number (live), from saved "
        "study or search-page JSON (--file), or from a live search (--search, following "
        "nextPageToken). New trials arrive as drafts; a refresh keeps what curators wrote."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("nct_ids", nargs="*", metavar="NCT", help="e.g. NCT01220492")
        parser.add_argument(
            "--file", action="append", default=[], help="A saved study or search page (repeatable)."
        )
        parser.add_argument("--search", default="", help="Search terms; imports every study found.")
        parser.add_argument("--max-pages", type=int, default=10, help="Search pages to follow.")
        parser.add_argument(
            "--retries", type=int, default=3, help="Retries after 429, 5xx or a dropped connection."
        )

    def handle(
        self,
        *args: object,
        nct_ids: list[str],
        file: list[str],
        search: str,
        max_pages: int,
        retries: int,
        **options: object,
    ) -> None:
        wrong = [value for value in nct_ids if not NCT_PATTERN.fullmatch(value.strip().upper())]
        if wrong:
            raise CommandError(f"{', '.join(wrong)}: not an NCT number (NCT and 8 digits).")
        if not (nct_ids or file or search):
            raise CommandError("Give NCT numbers, --file or --search.")
        jobs: list[tuple[str, Callable[[], list[ImportReport]]]] = []
        for path in file:
            jobs.append((path, lambda path=path: trials_import_ctgov_document(raw=_read(path))))
        for nct_id in (value.strip().upper() for value in nct_ids):
            jobs.append(
                (
                    nct_id,
                    lambda nct_id=nct_id: trials_import_ctgov_document(
                        raw=http.ctgov_study(nct_id, retries=retries)
                    ),
                )
            )
        if search:
            jobs.append((search, lambda: self._search(search, max_pages)))
        failures, reports = [], []
        for label, job in jobs:
            try:
                for report in job():
                    self.stdout.write(report.summary())
                    reports.append(report)
            except ImporterError as error:
                failures.append(f"{label}: {error.message}")
        waiting = waiting_for_review(reports)
        if waiting:
            self.stdout.write(waiting)
        if failures:
            raise CommandError("\n".join(failures))

    def _search(self, term: str, max_pages: int) -> list[ImportReport]:
        reports = []
        for raw in http.ctgov_search_pages(term, max_pages=max_pages):
            reports += trials_import_ctgov_document(raw=raw)
        return reports


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise ImporterError(f"cannot read the file: {error.strerror}") from error
