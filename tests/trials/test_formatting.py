"""Numbers and time labels for readers, in English and Spanish (pure functions, no database)."""

import pytest
from django.utils import translation

from trials.formatting import (
    decimal_mark,
    fixed_number,
    reported_number,
    time_label,
    weeks_label,
    weeks_number,
)


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (1.956, 2, "1.96"),
        (-0.5, 2, "-0.50"),
        (-0.001, 2, "0.00"),
        (12.34, 0, "12"),
        (0.0004, 3, "0.000"),
    ],
)
def test_fixed_number_never_writes_a_negative_zero(value, digits, expected):
    assert fixed_number(value, digits) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(None, ""), (31.0, "31"), (31.25, "31.25"), (0.04567, "0.0457")]
)
def test_reported_number_drops_needless_decimals(value, expected):
    assert reported_number(value) == expected


@pytest.mark.parametrize(
    ("weeks", "expected"),
    [(1, "1 week"), (12, "12 weeks"), (4.3, "4.3 weeks"), (0.5, "0.5 weeks"), (52, "52 weeks")],
)
def test_weeks_label_counts_weeks(weeks, expected):
    assert weeks_label(weeks) == expected


@pytest.mark.parametrize(
    ("weeks", "expected"),
    [(12, "12 weeks"), (48, "48 weeks"), (52, "1 year"), (104, "2 years"), (78, "78 weeks")],
)
def test_time_label_says_years_for_whole_years(weeks, expected):
    assert time_label(weeks) == expected


def test_spanish_readers_get_a_decimal_comma_and_spanish_words():
    with translation.override("es"):
        assert fixed_number(-1.256) == "-1,26"
        assert weeks_number(4.3) == "4,3"
        assert weeks_label(4.3) == "4,3 semanas"
        assert time_label(104) == "2 años"
        assert reported_number(31.25) == "31,25"
        assert decimal_mark("p < 0.001 after 1.5") == "p < 0,001 after 1,5"
