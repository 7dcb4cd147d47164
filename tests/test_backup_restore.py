"""A pg_dump backup restores into a fresh database with the same rows (the README's procedure)."""

import os
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

# Deselected on SQLite (tests/conftest.py says so in the summary): backups are made with pg_dump.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
    pytest.mark.needs("pg_dump", "pg_restore", "createdb", "dropdb"),
]


def postgres_command(*args: str) -> list[str]:
    settings = connection.settings_dict
    return [
        *args,
        "--host",
        settings["HOST"] or "127.0.0.1",
        "--port",
        str(settings["PORT"] or 5432),
        "--username",
        settings["USER"] or "postgres",
        "--no-password",
    ]


def row_counts(dbname: str) -> dict[str, int]:
    """Rows in every table of the public schema."""
    settings = connection.settings_dict
    with (
        psycopg2.connect(
            dbname=dbname,
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            user=settings["USER"] or "postgres",
            password=settings["PASSWORD"] or None,
        ) as database,
        database.cursor() as cursor,
    ):
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # names come from the catalogue
            counts[table] = cursor.fetchone()[0]
    database.close()
    return counts


@pytest.fixture
def fresh_database():  # noqa: ANN201
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "PGPASSWORD": connection.settings_dict["PASSWORD"] or ""}
    subprocess.run(postgres_command("createdb", name), check=True, env=env)
    yield name
    subprocess.run(postgres_command("dropdb", "--if-exists", name), check=True, env=env)


def test_a_dump_restores_into_a_fresh_database_with_the_same_counts(
    fresh_database, tmp_path: Path, make_trial, make_arm, make_reference, make_condition
):
    for number in range(3):
        trial = make_trial(f"Test trial {number}", conditions=[make_condition()])
        make_arm(trial)
        make_reference(trial=trial, authors=("Test", "Author", "Other"))
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "backup.dump"
    env = {**os.environ, "PGPASSWORD": connection.settings_dict["PASSWORD"] or ""}
    backup = postgres_command("pg_dump", "--format=custom", "--file", str(dump), source)
    subprocess.run(backup, check=True, env=env)
    restore = postgres_command("pg_restore", "--no-owner", "--dbname", fresh_database, str(dump))
    subprocess.run(restore, check=True, env=env)

    restored = row_counts(fresh_database)
    assert restored == row_counts(source)
    assert restored["trials_trial"] == 3
    assert restored["evidence_referenceauthor"] == 9
