"""Create or update references from PubMed (efetch XML), live by PMID or from a saved answer."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evidence.importing import http
from evidence.importing.errors import ImporterError
from evidence.importing.services import reference_import_pubmed, waiting_for_review


class Command(BaseCommand):
    help = (
        "Create or update references from PubMed by PMID (live) or from saved efetch XML "
        "(--file). An existing PMID or DOI is updated, never duplicated; the NCT numbers in "
        "DataBankList link a paper to the trials we hold."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pmids", nargs="*", metavar="PMID", help="e.g. 22663011")
        parser.add_argument(
            "--file", action="append", default=[], help="A saved efetch XML answer (repeatable)."
        )
        parser.add_argument(
            "--retries", type=int, default=3, help="Retries after 429, 5xx or a dropped connection."
        )

    def handle(
        self, *args: object, pmids: list[str], file: list[str], retries: int, **options: object
    ) -> None:
        pmids = [value.strip() for value in pmids]
        wrong = [value for value in pmids if not value.isdigit()]
        if wrong:
            raise CommandError(f"{', '.join(wrong)}: not a PMID (digits only).")
        if not (pmids or file):
            raise CommandError("Give PMIDs or --file.")
        failures: list[str] = []
        self.reports: list = []
        for path in file:
            try:
                with open(path, "rb") as handle:
                    raw = handle.read()
                self._write(reference_import_pubmed(payload=raw))
            except OSError as error:
                failures.append(f"{path}: cannot read the file: {error.strerror}")
            except ImporterError as error:
                failures.append(f"{path}: {error.message}")
        if pmids:
            try:
                raw = http.pubmed_efetch(pmids, retries=retries)
                self._write(reference_import_pubmed(payload=raw, pmids=pmids))
            except ImporterError as error:
                failures.append(error.message)
        waiting = waiting_for_review(self.reports)
        if waiting:
            self.stdout.write(waiting)
        if failures:
            raise CommandError("\n".join(failures))

    def _write(self, reports: list) -> None:
        for report in reports:
            self.stdout.write(report.summary())
        self.reports += reports
