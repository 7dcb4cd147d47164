"""Numbers and time labels for readers: one pure function for each way the site writes them.

Numbers are written with the reader's decimal mark (0.54 → 0,54 in Spanish). Templates localize
numbers themselves (USE_I18N with locale formats); text built in Python with f-strings does not,
so every function here that formats numbers for readers passes its result through decimal_mark().
Machine-readable output (exports, the API, SVG coordinates) never does. Both apps use this module
(evidence may import trials).
"""

import datetime
import re

from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models.choices import DateKind, DatePrecision, RecruitmentStatus
from .models.freshness import is_status_stale

_POINT_BETWEEN_DIGITS = re.compile(r"(?<=\d)\.(?=\d)")
WEEKS_PER_YEAR = 52


def decimal_mark(text: str) -> str:
    """The text with each decimal point between digits written as the active language's mark."""
    separator = get_format("DECIMAL_SEPARATOR")
    if separator == "." or "." not in text:
        return text
    return _POINT_BETWEEN_DIGITS.sub(separator, text)


def fixed_number(value: float, digits: int = 2) -> str:
    """A fixed-point number without a negative zero: '1.96', '-0.50', '0.00' (never '-0.00')."""
    text = f"{value:.{digits}f}"
    return decimal_mark(text[1:] if text.startswith("-") and float(text) == 0 else text)


def reported_number(value: float | None) -> str:
    """A number as a reader expects it: no trailing .0, at most three significant decimals."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value)}"
    return decimal_mark(f"{value:.3g}" if abs(value) < 1 else f"{value:.4g}")


def weeks_number(weeks: float) -> str:
    """A number of weeks without a needless decimal: '12', '4.3'."""
    return decimal_mark(f"{weeks:g}")


def weeks_label(weeks: float) -> str:
    """'12 weeks', '4.3 weeks', '1 week'."""
    whole = float(weeks).is_integer()
    count = int(weeks) if whole else 2  # ngettext needs an int; a fraction reads as plural
    return ngettext("%(count)s week", "%(count)s weeks", count) % {"count": weeks_number(weeks)}


def time_label(weeks: float) -> str:
    """'2 years' for a whole number of years, else as weeks_label: '12 weeks', '4.3 weeks'."""
    if weeks >= WEEKS_PER_YEAR and weeks % WEEKS_PER_YEAR == 0:
        years = int(weeks // WEEKS_PER_YEAR)
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return weeks_label(weeks)


def partial_date_label(value: datetime.date, precision: str) -> str:
    """A date as precise as it is known, in the reader's language: '12 March 2019' (or the
    language's own order), 'April 2012', '2012'."""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


def status_text(
    status: str,
    as_of: datetime.date | None,
    precision: str,
    *,
    today: datetime.date,
) -> str:
    """The recruitment status with the date it was last confirmed, and "Unknown" (naming the
    last confirmation) once an ongoing status is more than two years old; '' when none is held."""
    if not status:
        return ""
    label = RecruitmentStatus(status).label
    when = partial_date_label(as_of, precision) if as_of else ""
    if is_status_stale(status, as_of, precision, today):
        if when:
            return _("Unknown — last confirmed %(date)s as “%(status)s”; check the registry") % {
                "date": when,
                "status": label,
            }
        return _(
            "Unknown — reported as “%(status)s” with no date of confirmation; check the registry"
        ) % {"status": label}
    if status == RecruitmentStatus.UNKNOWN:
        if when:
            return _("Unknown — last confirmed %(date)s; check the registry") % {"date": when}
        return _("Unknown — check the registry")
    if when:
        return _("%(status)s, as of %(date)s") % {"status": label, "date": when}
    return _("%(status)s (the date of this status is not recorded)") % {"status": label}


# What a date is called once we know whether it happened ("Completed") or was only planned.
DATE_LABELS = {
    ("start", DateKind.ACTUAL): gettext_lazy("Started"),
    ("start", DateKind.PLANNED): gettext_lazy("Planned start"),
    ("start", ""): gettext_lazy("Start date"),
    ("completion", DateKind.ACTUAL): gettext_lazy("Completed"),
    ("completion", DateKind.PLANNED): gettext_lazy("Planned completion"),
    ("completion", ""): gettext_lazy("Completion date"),
}
# DateKind.values builds a new list on every read; a row of the list reads it twice.
DATE_KINDS = frozenset(DateKind.values)
NOT_STATED_WHETHER_ACTUAL = gettext_lazy("the source does not say whether actual or planned")


def date_kind_shown(value: datetime.date | None, kind: str, *, today: datetime.date) -> str:
    """Actual or planned as recorded; a date still to come is planned whatever the record says
    (it cannot have happened yet); '' when neither is known."""
    if kind in DATE_KINDS:
        return kind
    if value is not None and value > today:
        return DateKind.PLANNED
    return ""


def date_label(which: str, kind: str) -> str:
    """'Started', 'Planned completion', or 'Start date' when the source does not say which."""
    return str(DATE_LABELS[(which, kind if kind in DATE_KINDS else "")])


def date_fact(
    which: str, value: datetime.date | None, kind: str, *, today: datetime.date
) -> tuple[str, str]:
    """The label of a start or completion date and, when a date is held but nobody says
    whether it happened, the note saying so: ('Planned completion', '')."""
    shown = date_kind_shown(value, kind, today=today)
    note = str(NOT_STATED_WHETHER_ACTUAL) if value is not None and not shown else ""
    return date_label(which, shown), note
