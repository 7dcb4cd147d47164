"""A database's schema as a set of lines (tables' columns, keys, checks and indexes; on PostgreSQL
also the search configurations, extensions and functions), to compare two databases built by
different migrations. Run as a module (`python -m tests.migration_schema`), it migrates the empty
database of DATABASE_URL with every migration the squashed ones replace, one by one, and prints
that database's schema as JSON (tests/test_migrations.py compares it with the test database's).
On the way it stops at trials 0013 to write a trial and an arm, and after 0014 (text made
translatable) prints what became of their text, for the translation migration's test.
"""

import json
import re

from django.db.backends.base.base import BaseDatabaseWrapper


def schema(database: BaseDatabaseWrapper) -> set[str]:
    """Every table, column, key, check and index (and PostgreSQL's search setup) of a database."""
    with database.cursor() as cursor:
        if database.vendor == "postgresql":
            return _postgresql_schema(cursor)
        return _sqlite_schema(cursor)


def _sqlite_schema(cursor) -> set[str]:  # noqa: ANN001
    described = set()
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    for table, sql in cursor.fetchall():
        # Not the citation rule's record table: post_migrate makes it, not a migration.
        if table.startswith("sqlite_") or table == "evidence_unlinked_citation":
            continue
        cursor.execute(f'PRAGMA table_xinfo("{table}")')
        described |= {f"column {table} {row[1:]}" for row in cursor.fetchall()}
        cursor.execute(f'PRAGMA foreign_key_list("{table}")')
        described |= {f"foreign key {table} {row[2:]}" for row in cursor.fetchall()}
        # Each check written out whole (the columns' order may differ, so not the table's text).
        described |= {f"check {table} {check}" for check in _checks(sql)}
        cursor.execute(f'PRAGMA index_list("{table}")')
        for _seq, index, unique, origin, partial in cursor.fetchall():
            cursor.execute(f'PRAGMA index_xinfo("{index}")')
            columns = [row[2] for row in cursor.fetchall() if row[5]]
            name = "automatic" if index.startswith("sqlite_autoindex") else index
            described.add(f"index {table} {name} {unique} {origin} {partial} {columns}")
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    return described | {f"index {name} {sql}" for name, sql in cursor.fetchall()}


def _checks(sql: str) -> list[str]:
    """The `CONSTRAINT "name" CHECK (...)` clauses of a CREATE TABLE, parentheses balanced."""
    checks = []
    for match in re.finditer(r'CONSTRAINT "[^"]+" CHECK \(', sql):
        depth, end = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(sql[end], 0)
            end += 1
        checks.append(sql[match.start() : end])
    return checks


_POSTGRESQL_QUERIES = {
    "column": "SELECT table_name, column_name, data_type, is_nullable, column_default,"
    " character_maximum_length FROM information_schema.columns WHERE table_schema = 'public'",
    "index": "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    # Not the rules' constraint triggers: post_migrate installs those, not a migration.
    "constraint": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
    " FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 't'",
    "search configuration": "SELECT cfgname FROM pg_ts_config"
    " WHERE cfgnamespace = 'public'::regnamespace",
    "extension": "SELECT extname FROM pg_extension",
    # The search helpers (not the triggers' functions: post_migrate installs those).
    "function": "SELECT proname, pg_get_functiondef(oid) FROM pg_proc"
    " WHERE pronamespace = 'public'::regnamespace AND prokind = 'f'"
    " AND prorettype <> 'trigger'::regtype",
}


def _postgresql_schema(cursor) -> set[str]:  # noqa: ANN001
    described = set()
    for kind, query in _POSTGRESQL_QUERIES.items():
        cursor.execute(query)
        described |= {f"{kind} {row}" for row in cursor.fetchall()}
    return described


# The translation migration: the rows are written at BEFORE and read back at AFTER.
BEFORE = [
    ("trials", "0013_cell_source_class_required"),
    ("evidence", "0006_reference_completeness"),
]
AFTER = [("trials", "0014_translated_trial_arm_result_text")]


def _one_by_one_executor():  # noqa: ANN202
    """An executor that plans with the replaced migrations instead of the squashed ones."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    # A new one each time: an executor's loader keeps the applied migrations it read first.
    executor = MigrationExecutor(connection)
    executor.loader.replace_migrations = False
    executor.loader.build_graph()
    return executor


def migrate_one_by_one() -> dict[str, object]:
    """Migrate the database with the replaced migrations instead of the squashed ones; report
    which migrations were squashed and the text of the rows written before trials 0014."""
    executor = _one_by_one_executor()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    trial = old.get_model("trials", "Trial").objects.create(
        slug="t", title="A trial", follow_up="75 months", data_notes="A note."
    )
    old.get_model("trials", "Arm").objects.create(trial=trial, label="UC-MSC", role="experimental")
    executor = _one_by_one_executor()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    arm = new.get_model("trials", "Arm").objects.get()
    trial = new.get_model("trials", "Trial").objects.get()
    translated = {
        "arm": [arm.label_en, arm.label_es],
        "trial": [trial.follow_up_en, trial.data_notes_en],
    }
    executor = _one_by_one_executor()
    graph = executor.loader.graph
    squashed = [key for key in graph.nodes if graph.nodes[key].replaces]
    executor.migrate([key for key in graph.leaf_nodes() if key not in squashed])
    return {"squashed": squashed, "translated": translated}


if __name__ == "__main__":
    import django

    django.setup()
    from django.db import connection

    migrated = migrate_one_by_one()
    print(json.dumps({**migrated, "schema": sorted(schema(connection))}))
