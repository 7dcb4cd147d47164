"""Dates for test data that must stay true whenever the tests run."""

import datetime

from django.utils import timezone


def recently_confirmed() -> datetime.date:
    """A status date well within the two years a status stays current (freshness.py)."""
    return timezone.localdate() - datetime.timedelta(days=30)
