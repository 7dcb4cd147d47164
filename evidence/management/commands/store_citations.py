"""manage.py store_citations: render and store the exports' formatted citations."""

from django.core.management.base import BaseCommand

from evidence.exports.citations import all_citations_store


class Command(BaseCommand):
    help = (
        "Render and store the Vancouver, APA and AMA citations (English and Spanish) of every "
        "reference, and of every registry record the exports build from a trial, whose stored "
        "ones are missing or stale, so that exports read them instead of rendering them. Safe "
        "to run again: current entries are left alone. Exports render and store what is "
        "missing anyway; this makes the first export fast."
    )

    def handle(self, *args: object, **options: object) -> None:
        rendered = all_citations_store()
        self.stdout.write(self.style.SUCCESS(f"Citations stored: {rendered} entries rendered."))
