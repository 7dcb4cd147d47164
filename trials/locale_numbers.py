"""Numbers formatted in Python, written with the reader's decimal mark (0.54 → 0,54 in Spanish).

Templates localize numbers themselves (USE_I18N with locale formats); text built in Python with
f-strings does not, so the helpers that format numbers for readers pass their result through
decimal_mark(). Machine-readable output (exports, the API, SVG coordinates) never does.
"""

import re

from django.utils.formats import get_format

_POINT_BETWEEN_DIGITS = re.compile(r"(?<=\d)\.(?=\d)")


def decimal_mark(text: str) -> str:
    """The text with each decimal point between digits written as the active language's mark."""
    separator = get_format("DECIMAL_SEPARATOR")
    if separator == "." or "." not in text:
        return text
    return _POINT_BETWEEN_DIGITS.sub(separator, text)
