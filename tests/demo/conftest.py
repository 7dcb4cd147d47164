"""The real demo data, loaded once for every test in this package.

The load runs inside a transaction that is rolled back after the package's last test. Each test
runs in its own savepoint inside it (pytest-django's `db`), so a test that changes the demo rows
(a second load, a curator account) leaves the next test the data as loaded.
"""

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:  # noqa: ANN001
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
