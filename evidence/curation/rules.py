"""Data-quality rules as QuerySets: pure reads, one query each."""

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate

from evidence.models import Reference, ReferenceKind
from trials.models import (
    Arm,
    CellSource,
    Condition,
    CurationStatus,
    DatePrecision,
    OutcomeResult,
    RecruitmentStatus,
    RegistryId,
    Route,
    SourceKind,
    Trial,
)

REVIEW_WAIT = datetime.timedelta(days=14)
REVIEW_INTERVAL = datetime.timedelta(days=365)
RESULTS_GRACE_YEARS = 2


def results_without_reference() -> QuerySet[OutcomeResult]:
    """Outcome results that do not name the reference they came from."""
    return OutcomeResult.objects.filter(reference__isnull=True)


def results_without_location() -> QuerySet[OutcomeResult]:
    """Outcome results that do not say which table, figure or page they came from."""
    # The English column is the record (a result made in code may leave it NULL).
    return OutcomeResult.objects.filter(Q(source_location_en="") | Q(source_location_en=None))


def results_from_secondary_sources() -> QuerySet[OutcomeResult]:
    """Outcome results that only a review's table supports."""
    return OutcomeResult.objects.filter(source_kind=SourceKind.SECONDARY)


def trials_with_unverified_fields() -> QuerySet[Trial]:
    """Trials with fields that only a secondary source supports."""
    return Trial.objects.exclude(unverified_fields=[])


def arms_with_unverified_fields() -> QuerySet[Arm]:
    """Arms with fields that only a secondary source supports."""
    return Arm.objects.exclude(unverified_fields=[])


def references_with_unverified_fields() -> QuerySet[Reference]:
    """References with values (a year, a first author) that only a review's table supports."""
    return Reference.objects.exclude(unverified_fields=[])


def registry_ids_without_official_title() -> QuerySet[RegistryId]:
    """Registry ids of published trials whose registry title we do not hold: no registry-record
    reference carries it, and the trial's title is not the registry's (not imported from
    ClinicalTrials.gov). The exports cite them by their identifier."""
    stored = Reference.objects.filter(
        kind=ReferenceKind.REGISTRY_RECORD, report_number__iexact=OuterRef("identifier")
    )
    imported = Q(registry="ctgov", trial__registry_synced_at__isnull=False)
    return (
        RegistryId.objects.filter(trial__status=CurationStatus.PUBLISHED)
        .exclude(Exists(stored))
        .exclude(imported)
    )


def inferred_registry_ids() -> QuerySet[RegistryId]:
    """Registry ids linked by matching rather than printed in the paper."""
    return RegistryId.objects.filter(is_inferred=True)


def trials_long_in_review(*, now: datetime.datetime) -> QuerySet[Trial]:
    """Trials waiting in review for more than 14 days (since submission, else last change)."""
    return (
        Trial.objects.filter(status=CurationStatus.IN_REVIEW)
        .alias(waiting_since=Coalesce("submitted_at", "updated_at"))
        .filter(waiting_since__lt=now - REVIEW_WAIT)
    )


def trials_due_for_review(*, now: datetime.datetime) -> QuerySet[Trial]:
    """Published trials not reviewed (or, never reviewed, not published) for 12 months."""
    # Publishing is itself a review, so a trial published last week is not overdue.
    return (
        Trial.objects.published()
        .alias(reviewed_at=Coalesce("last_reviewed_at", "published_at"))
        .filter(Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=now - REVIEW_INTERVAL))
    )


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def completed_trials_without_results(*, today: datetime.date) -> QuerySet[Trial]:
    """Completed trials with no outcome data two years after completion (unpublished results?)."""
    cutoff = _years_before(today, RESULTS_GRACE_YEARS)
    # A date known only to the month or year counts from the end of that month or year.
    completed_long_ago = (
        Q(completion_date_precision=DatePrecision.DAY, completion_date__lte=cutoff)
        | Q(
            completion_date_precision=DatePrecision.MONTH, completion_date__lt=cutoff.replace(day=1)
        )
        | Q(completion_date_precision=DatePrecision.YEAR, completion_date__year__lt=cutoff.year)
    )
    return Trial.objects.filter(
        completed_long_ago, recruitment_status=RecruitmentStatus.COMPLETED
    ).exclude(Exists(OutcomeResult.objects.filter(trial=OuterRef("pk"))))


def trials_with_registry_changes() -> QuerySet[Trial]:
    """Trials whose registry record changed after their last review (or were never reviewed)."""
    return (
        Trial.objects.filter(registry_last_updated_date__isnull=False)
        .alias(reviewed_on=TruncDate(Coalesce("last_reviewed_at", "published_at")))
        .filter(Q(reviewed_on__isnull=True) | Q(registry_last_updated_date__gt=F("reviewed_on")))
    )


def results_above_arm_size() -> QuerySet[OutcomeResult]:
    """Results counting more participants or events than their arm randomised."""
    randomised = F("arm__participants_count")
    return OutcomeResult.objects.filter(
        Q(n__gt=randomised)
        | Q(total__gt=randomised)
        | Q(events__gt=randomised)
        # The database refuses events above total; kept for rows loaded around the constraint.
        | Q(events__gt=F("total"))
    )


def trials_with_arms_above_enrollment() -> QuerySet[Trial]:
    """Trials whose arms add up to more participants than the trial enrolled."""
    return (
        Trial.objects.filter(enrollment__isnull=False)
        .alias(arms_participants=Sum("arms__participants_count"))
        .filter(arms_participants__gt=F("enrollment"))
    )


def unused_conditions() -> QuerySet[Condition]:
    """Active conditions that no published trial uses, directly or through a narrower term."""
    links = Trial.conditions.through.objects.filter(trial__status=CurationStatus.PUBLISHED)
    used = links.filter(
        Q(condition=OuterRef("pk"))
        | Q(condition__parent=OuterRef("pk"))
        | Q(condition__parent__parent=OuterRef("pk"))
    )
    return Condition.objects.active().exclude(Exists(used))


def unused_cell_sources() -> QuerySet[CellSource]:
    """Active cell sources that no arm of a published trial uses."""
    used = Arm.objects.filter(cell_source=OuterRef("pk"), trial__status=CurationStatus.PUBLISHED)
    return CellSource.objects.active().exclude(Exists(used))


def unused_routes() -> QuerySet[Route]:
    """Active routes that no arm of a published trial uses."""
    used = Arm.objects.filter(route=OuterRef("pk"), trial__status=CurationStatus.PUBLISHED)
    return Route.objects.active().exclude(Exists(used))
