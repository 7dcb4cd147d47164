"""Models and migrations agree; the squashed migrations build what the ones they replace built."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from .migration_schema import schema


@pytest.mark.django_db
def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.fixture
def empty_database_url() -> Iterator[str]:
    """A second, empty database beside the test database (in memory on SQLite)."""
    if connection.vendor != "postgresql":
        yield "sqlite://:memory:"
        return
    name = f"{connection.settings_dict['NAME']}_one_by_one"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings = connection.settings_dict
    yield f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.django_db(transaction=True)  # CREATE DATABASE cannot run in a transaction
def test_squashed_migrations_build_the_schema_of_the_migrations_they_replace(empty_database_url):
    # The test database was built by `migrate`, which runs the squashed migrations on a new
    # database; another process runs every migration they replace, one by one, on an empty one
    # (their RunPython code writes through the default connection, so not in this process).
    ran = subprocess.run(
        [sys.executable, "-m", "tests.migration_schema"],
        env={**os.environ, "DATABASE_URL": empty_database_url},
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    one_by_one = json.loads(ran.stdout)
    assert sorted(app for app, _name in one_by_one["squashed"]) == ["evidence", "trials"]
    replaced_schema = set(one_by_one["schema"])
    squashed_schema = schema(connection)
    assert len(squashed_schema) > 800  # every table, column, index and constraint
    assert sorted(squashed_schema - replaced_schema) == []
    assert sorted(replaced_schema - squashed_schema) == []
