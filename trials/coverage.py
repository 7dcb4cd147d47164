"""The coverage note as pages and the API show it: the curated note beside counted numbers."""

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import CoverageGap, CoverageNote, Trial


@dataclass(frozen=True)
class Coverage:
    """How many published studies we hold (counted), and the curated note about the rest."""

    trial_count: int
    registered_count: int  # published studies with at least one registry id
    note: CoverageNote | None
    gaps: tuple[CoverageGap, ...]


def coverage_current(*, counts: dict[str, int] | None = None) -> Coverage:
    """The counts of published trials ('total' and 'registered', counted here unless a page has
    them already) and the newest published note with its gaps (two queries, three counting)."""
    if counts is None:
        counts = Trial.objects.published().aggregate(
            total=Count("pk", distinct=True),
            registered=Count("pk", distinct=True, filter=Q(registry_ids__isnull=False)),
        )
    note = CoverageNote.objects.for_page().first()
    return Coverage(
        trial_count=counts["total"],
        registered_count=counts["registered"],
        note=note,
        gaps=tuple(note.gaps.all()) if note else (),
    )
