"""Checks on the numbers the meta-analysis functions are given: finite, positive, whole."""

import math


def number(name: str, value: float, *, positive: bool = False) -> float:
    """Return value as a finite float (Decimals from the database included) or raise ValueError."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}") from None
    if isinstance(value, bool) or not math.isfinite(result):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    if positive and result <= 0:
        raise ValueError(f"{name} must be positive, not {value!r}")
    return result


def count(name: str, value: float, *, minimum: int = 0) -> int:
    """Return value as an int, or raise ValueError if it is not a whole number >= minimum."""
    result = number(name, value)
    if not (result.is_integer() and result >= minimum):
        raise ValueError(f"{name} must be a whole number >= {minimum}, not {value!r}")
    return int(result)
