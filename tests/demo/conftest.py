"""The real demo data, loaded once for every test in this package (and the English page of every
published trial, requested once for the tests that read it).

The load runs inside a transaction that is rolled back after the package's last test. Each test
runs in its own savepoint inside it (pytest-django's `db`), so a test that changes the demo rows
(a second load, a curator account) leaves the next test the data as loaded.
"""

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import translation

from trials.models import Trial


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:  # noqa: ANN001
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="package")
def trial_pages(demo, django_db_blocker) -> dict[str, tuple[int, str]]:  # noqa: ANN001
    """Every published demo trial's English page as a new visitor gets it, (status, HTML) by
    slug: requested once, in the data as loaded, for the tests that read those pages."""
    client = Client()
    with django_db_blocker.unblock(), translation.override("en"):
        return {
            trial.slug: (response.status_code, response.content.decode())
            for trial in Trial.objects.published().order_by("slug")
            for response in [client.get(trial.get_absolute_url())]
        }
