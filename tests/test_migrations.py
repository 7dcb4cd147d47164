"""Models and migrations agree; the squashed migrations build what the ones they replace built;
the migration that makes arm, result and trial text translatable keeps the English text."""

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


@pytest.fixture(scope="module")
def empty_database_url(django_db_setup, django_db_blocker) -> Iterator[str]:  # noqa: ANN001
    """A second, empty database beside the test database (in memory on SQLite)."""
    if connection.vendor != "postgresql":
        yield "sqlite://:memory:"
        return
    name = f"{connection.settings_dict['NAME']}_one_by_one"
    settings = connection.settings_dict
    # CREATE DATABASE cannot run in a transaction: outside any test's.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(scope="module")
def one_by_one(empty_database_url: str) -> dict:
    """Every migration the squashed ones replace, run one by one on the empty database, once for
    the tests of this file (about 12 s of CPU): the squashed ones, the text of the rows written
    before trials 0014 as 0014 left it, and the schema at the end. In another process: their
    RunPython code writes through the default connection."""
    ran = subprocess.run(
        [sys.executable, "-m", "tests.migration_schema"],
        env={**os.environ, "DATABASE_URL": empty_database_url},
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(ran.stdout)


@pytest.mark.django_db
def test_squashed_migrations_build_the_schema_of_the_migrations_they_replace(one_by_one):
    # The test database was built by `migrate`, which runs the squashed migrations on a new
    # database (trials 0001_squashed_0027, evidence 0003_squashed_0018).
    assert sorted(app for app, _name in one_by_one["squashed"]) == ["evidence", "trials"]
    replaced_schema = set(one_by_one["schema"])
    squashed_schema = schema(connection)
    assert len(squashed_schema) > 800  # every table, column, index and constraint
    assert sorted(squashed_schema - replaced_schema) == []
    assert sorted(replaced_schema - squashed_schema) == []


def test_existing_text_becomes_the_english_column(one_by_one):
    # Trials 0014 ran on a database at trials 0013 holding a trial and its arm
    # (tests/migration_schema.py writes them).
    arm_label_en, arm_label_es = one_by_one["translated"]["arm"]
    assert (arm_label_en, arm_label_es) == ("UC-MSC", None)
    follow_up_en, data_notes_en = one_by_one["translated"]["trial"]
    assert (follow_up_en, data_notes_en) == ("75 months", "A note.")
