"""manage.py store_citations: render and store every reference's formatted citations."""

from django.core.management.base import BaseCommand

from evidence.exports.citations import references_citations_store
from evidence.models import Reference


class Command(BaseCommand):
    help = (
        "Render and store the Vancouver, APA and AMA citations (English and Spanish) of every "
        "reference whose stored ones are missing or stale, so that exports read them instead "
        "of rendering them. Safe to run again: current entries are left alone. Exports render "
        "and store what is missing anyway; this makes the first export fast."
    )

    def handle(self, *args: object, **options: object) -> None:
        pks = Reference.objects.values_list("pk", flat=True)
        rendered = references_citations_store(pks=pks)
        self.stdout.write(self.style.SUCCESS(f"Citations stored: {rendered} entries rendered."))
