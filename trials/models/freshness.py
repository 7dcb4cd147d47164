"""Whether a trial's recruitment status is still current: ClinicalTrials.gov's two-year rule.

ClinicalTrials.gov shows a study as "Unknown status" when its last known status was an ongoing
one (not yet recruiting, recruiting, active...) and the registry has not confirmed it within the
past two years. We apply the same rule to the status we hold and the date it was last confirmed
(`Trial.status_as_of`): in Python for what a page shows, in SQL for what a filter or facet counts,
the two tested to agree.
"""

import calendar
import datetime

from django.db.models import Case, F, Q, Value, When

from .choices import DatePrecision, RecruitmentStatus

STATUS_FRESH_YEARS = 2
# Statuses that say what is happening now, so they go stale; the final ones (completed,
# terminated, withdrawn) stay true however old.
ONGOING_STATUSES = frozenset(
    {
        RecruitmentStatus.NOT_YET_RECRUITING,
        RecruitmentStatus.RECRUITING,
        RecruitmentStatus.ENROLLING_BY_INVITATION,
        RecruitmentStatus.ACTIVE_NOT_RECRUITING,
        RecruitmentStatus.SUSPENDED,
    }
)


def status_cutoff(today: datetime.date) -> datetime.date:
    """The same day two years before today (28 February for a 29 February)."""
    year = today.year - STATUS_FRESH_YEARS
    return today.replace(year=year, day=min(today.day, calendar.monthrange(year, today.month)[1]))


def period_end(value: datetime.date, precision: str) -> datetime.date:
    """The last day a partial date can mean: 2024-12 → 2024-12-31, 2024 → 2024-12-31."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def is_status_stale(
    status: str, as_of: datetime.date | None, precision: str, today: datetime.date
) -> bool:
    """An ongoing status with no date, or one last confirmed more than two years ago."""
    if status not in ONGOING_STATUSES:
        return False
    return as_of is None or period_end(as_of, precision) < status_cutoff(today)


def current_status(
    status: str, as_of: datetime.date | None, precision: str, today: datetime.date
) -> str:
    """The status to show and count: "unknown" for a stale ongoing one, else the status held."""
    return RecruitmentStatus.UNKNOWN if is_status_stale(status, as_of, precision, today) else status


def confirmed_since_cutoff(today: datetime.date) -> Q:
    """SQL for "status_as_of lies within two years", a partial date counting to its period's end."""
    cutoff = status_cutoff(today)
    return (
        Q(status_as_of_precision=DatePrecision.DAY, status_as_of__gte=cutoff)
        | Q(status_as_of_precision=DatePrecision.MONTH, status_as_of__gte=cutoff.replace(day=1))
        | Q(status_as_of_precision=DatePrecision.YEAR, status_as_of__year__gte=cutoff.year)
    )


def stale_status(today: datetime.date) -> Q:
    """SQL for is_status_stale()."""
    return Q(recruitment_status__in=ONGOING_STATUSES) & ~confirmed_since_cutoff(today)


def current_status_expression(today: datetime.date) -> Case:
    """SQL for current_status()."""
    return Case(
        When(stale_status(today), then=Value(RecruitmentStatus.UNKNOWN.value)),
        default=F("recruitment_status"),
    )
