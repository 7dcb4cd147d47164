"""Create or update references from Crossref (/works/{doi} JSON), live by DOI or from a file."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evidence.importing import http
from evidence.importing.errors import ImporterError
from evidence.importing.services import reference_import_crossref
from evidence.models.references import DOI_PATTERN, normalise_doi


class Command(BaseCommand):
    help = (
        "Create or update references from Crossref by DOI (live) or from a saved /works/{doi} "
        "answer (--file). An existing DOI or PMID is updated, never duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "dois", nargs="*", metavar="DOI", help="e.g. 10.1007/s12072-021-10199-2"
        )
        parser.add_argument(
            "--file", action="append", default=[], help="A saved Crossref answer (repeatable)."
        )
        parser.add_argument(
            "--retries", type=int, default=3, help="Retries after 429, 5xx or a dropped connection."
        )

    def handle(
        self, *args: object, dois: list[str], file: list[str], retries: int, **options: object
    ) -> None:
        dois = [normalise_doi(value) for value in dois]
        wrong = [value for value in dois if not DOI_PATTERN.fullmatch(value)]
        if wrong:
            raise CommandError(f"{', '.join(wrong)}: not a DOI (10.<prefix>/<suffix>).")
        if not (dois or file):
            raise CommandError("Give DOIs or --file.")
        failures = []
        for path in file:
            try:
                with open(path, "rb") as handle:
                    raw = handle.read()
                self.stdout.write(reference_import_crossref(payload=raw).summary())
            except OSError as error:
                failures.append(f"{path}: cannot read the file: {error.strerror}")
            except ImporterError as error:
                failures.append(f"{path}: {error.message}")
        for doi in dois:
            try:
                raw = http.crossref_work(doi, retries=retries)
                self.stdout.write(reference_import_crossref(payload=raw, doi=doi).summary())
            except ImporterError as error:
                failures.append(f"{doi}: {error.message}")
        if failures:
            raise CommandError("\n".join(failures))
