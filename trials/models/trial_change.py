"""Which trials changed, numbered in commit order, so that the facet index (trials.facet_index)
re-reads only those after a save instead of every trial.

Database triggers (PostgreSQL and SQLite alike) give a trial's TrialChange row a new number,
in the same transaction, on any insert, update or delete of the trial, whoever writes (the
admin, QuerySet.update(), a bulk delete, an import, SQL typed into a shell). A write to one of
the trial's rows (an arm, a result, a condition link...) marks the trial updated through the
triggers of trials.models.trial_version, so it renumbers the trial too.

Why a number and not `updated_at`: a reader keeps the highest number it has read and next asks
only for higher ones, which is safe only if a transaction that commits later never holds a lower
number. Timestamps do not promise that (a transaction stamped earlier can commit later). The
numbers do: they are taken while the transaction holds the data version's row lock, which every
writing statement to a trials or evidence table takes before its first row (trials.page_cache)
and keeps until it commits, so writers number their changes one transaction after another; on
SQLite the database's single writer lock does the same.

The row of trial id 0 is the *epoch*: a random number replaced whenever every trial must be read
again (after every migrate and flush; a cell source's class changed, which changes a facet
value of every trial that gives it; PostgreSQL's TRUNCATE, which runs no row triggers). A reader
holding another epoch rebuilds.
"""

from typing import Any

from django.apps import AppConfig
from django.db import connections, models

CHANGE_TABLE = "trials_trialchange"
PREFIX = "trials_trial_change"
EPOCH = 0  # the trial id of the epoch row (trial ids start at 1)
SEQUENCE = f"{PREFIX}_number"  # PostgreSQL


class TrialChange(models.Model):
    """A trial's latest write, by its number (written by triggers only)."""

    trial_id = models.BigIntegerField(primary_key=True)  # no foreign key: deleted trials too
    number = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"trial {self.trial_id} changed (#{self.number})"


# Tables whose TRUNCATE (PostgreSQL; no row triggers run) or whose facet-changing update makes
# every trial be read again.
_EPOCH_ON_TRUNCATE = ("trials_trial", "trials_cellsource", CHANGE_TABLE)
_EPOCH_ON_UPDATE = ("trials_cellsource", "OLD.intervention_class <> NEW.intervention_class")

_POSTGRESQL_EPOCH = (
    f"INSERT INTO {CHANGE_TABLE} (trial_id, number) VALUES ({EPOCH}, (random() * 9e18)::bigint) "
    "ON CONFLICT (trial_id) DO UPDATE SET number = EXCLUDED.number"
)
_SQLITE_EPOCH = (
    f"INSERT INTO {CHANGE_TABLE} (trial_id, number) VALUES ({EPOCH}, random()) "
    "ON CONFLICT (trial_id) DO UPDATE SET number = excluded.number"
)


def _postgresql_mark(trial: str) -> str:
    return (
        f"INSERT INTO {CHANGE_TABLE} (trial_id, number) VALUES ({trial}, nextval('{SEQUENCE}')) "
        "ON CONFLICT (trial_id) DO UPDATE SET number = EXCLUDED.number"
    )


def _sqlite_mark(trial: str) -> str:
    # The number after the highest (the epoch's random one aside): one step down the index.
    return (
        f"INSERT INTO {CHANGE_TABLE} (trial_id, number) SELECT {trial}, "
        f"COALESCE(MAX(number), 0) + 1 FROM {CHANGE_TABLE} WHERE trial_id <> {EPOCH} "
        "ON CONFLICT (trial_id) DO UPDATE SET number = excluded.number"
    )


def _postgresql() -> list[str]:
    statements = [
        f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}",
        f"""CREATE OR REPLACE FUNCTION {PREFIX}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        {_postgresql_mark("OLD.id")};
    ELSE
        {_postgresql_mark("NEW.id")};
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        f'DROP TRIGGER IF EXISTS {PREFIX} ON "trials_trial"',
        f'CREATE TRIGGER {PREFIX} AFTER INSERT OR UPDATE OR DELETE ON "trials_trial" '
        f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}()",
        f"""CREATE OR REPLACE FUNCTION {PREFIX}_epoch() RETURNS trigger AS $$
BEGIN
    {_POSTGRESQL_EPOCH};
    RETURN NULL;
END
$$ LANGUAGE plpgsql""",
    ]
    table, condition = _EPOCH_ON_UPDATE
    statements += [
        f'DROP TRIGGER IF EXISTS {PREFIX}_epoch_update ON "{table}"',
        f'CREATE TRIGGER {PREFIX}_epoch_update AFTER UPDATE ON "{table}" FOR EACH ROW '
        f"WHEN ({condition}) EXECUTE FUNCTION {PREFIX}_epoch()",
    ]
    for table in _EPOCH_ON_TRUNCATE:
        statements += [
            f'DROP TRIGGER IF EXISTS {PREFIX}_epoch_truncate ON "{table}"',
            f'CREATE TRIGGER {PREFIX}_epoch_truncate AFTER TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}_epoch()",
        ]
    return statements


def _sqlite() -> list[str]:
    statements = []
    for operation, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        name = f"{PREFIX}_{operation.lower()}"
        statements += [
            f'DROP TRIGGER IF EXISTS "{name}"',
            f'CREATE TRIGGER "{name}" AFTER {operation} ON "trials_trial" FOR EACH ROW '
            f"BEGIN {_sqlite_mark(f'{row}.id')}; END",
        ]
    table, condition = _EPOCH_ON_UPDATE
    statements += [
        f'DROP TRIGGER IF EXISTS "{PREFIX}_epoch_update"',
        f'CREATE TRIGGER "{PREFIX}_epoch_update" AFTER UPDATE ON "{table}" FOR EACH ROW '
        f"WHEN {condition} BEGIN {_SQLITE_EPOCH}; END",
    ]
    return statements


def _drop(vendor: str) -> list[tuple[str, str]]:
    """(table, statement) of every trigger."""
    if vendor == "postgresql":
        return [
            ("trials_trial", f'DROP TRIGGER IF EXISTS {PREFIX} ON "trials_trial"'),
            (
                _EPOCH_ON_UPDATE[0],
                f'DROP TRIGGER IF EXISTS {PREFIX}_epoch_update ON "{_EPOCH_ON_UPDATE[0]}"',
            ),
            *(
                (table, f'DROP TRIGGER IF EXISTS {PREFIX}_epoch_truncate ON "{table}"')
                for table in _EPOCH_ON_TRUNCATE
            ),
        ]
    return [
        ("trials_trial", f'DROP TRIGGER IF EXISTS "{PREFIX}_{operation}"')
        for operation in ("insert", "update", "delete", "epoch_update")
    ]


def drop_change_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """pre_migrate: SQLite cannot rebuild a table that another table's trigger names."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table, statement in _drop(connection.vendor):
            if table in existing:
                cursor.execute(statement)


def install_change_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate (after every migrate and flush; idempotent): the triggers, and a new epoch
    (a migration may have changed anything)."""
    connection = connections[using]
    if CHANGE_TABLE not in set(connection.introspection.table_names()):
        return  # migrated back to before the change log
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for statement in _postgresql() if postgresql else _sqlite():
            cursor.execute(statement)
        cursor.execute(_POSTGRESQL_EPOCH if postgresql else _SQLITE_EPOCH)
