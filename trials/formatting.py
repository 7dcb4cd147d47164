"""Numbers and time labels for readers: one pure function for each way the site writes them.

Numbers are written with the reader's decimal mark (0.54 → 0,54 in Spanish). Templates localize
numbers themselves (USE_I18N with locale formats); text built in Python with f-strings does not,
so every function here that formats numbers for readers passes its result through decimal_mark().
Machine-readable output (exports, the API, SVG coordinates) never does. Both apps use this module
(evidence may import trials).
"""

import re

from django.utils.formats import get_format
from django.utils.translation import ngettext

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
