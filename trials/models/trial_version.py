"""A trial's `version` and `updated_at` follow every write to the trial and to its rows, kept by
database triggers on PostgreSQL and SQLite alike, whoever writes (the admin, an importer, a
reverted revision, a script or a shell).

- A row of a trial (an arm, a result, a registry id, a condition, etiology or country link, a
  reference link, a risk-of-bias assessment: each app names its own in ready()) inserted,
  changed or deleted marks its trial updated now and raises its version by one (both trials,
  when a row moves to another).
- A write to the trial that marks it updated (every save(); a queryset update of bookkeeping
  fields such as `registry_synced_at` does not) raises its version to one above the database's,
  whatever version the saved object held: an object read before its rows were written cannot
  lower it. Nor can an update that writes an older number (a restored revision holds one).

Optimistic locking (trials.revisions.locking) and pending revisions compare these versions.
The triggers are dropped before every migrate (SQLite refuses to rebuild `trials_trial` while
another table's trigger names it) and installed after every migrate and flush (idempotent).
"""

from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig
from django.db import connections, models
from django.db.models.signals import post_migrate, pre_migrate

TRIAL_TABLE = "trials_trial"
PREFIX = "trials_trial_version"


@dataclass(frozen=True)
class TrialRow:
    """A table whose rows belong to a trial, through its column `column` (the trial's id)."""

    table: str
    column: str

    @property
    def name(self) -> str:
        return f"{PREFIX}_{self.table}"


# Every app's trial rows, filled from the apps' ready(): all of them are dropped before any
# migration runs, whichever app's migration rebuilds a table.
_ROWS: dict[str, TrialRow] = {}

_MARK = "UPDATE trials_trial SET updated_at = {now}, version = version + 1 WHERE id {where}"
# Which trials a write marks: the row's trial (both trials when an update moves the row).
_WHERE = {"INSERT": "= NEW.{c}", "UPDATE": "IN (OLD.{c}, NEW.{c})", "DELETE": "= OLD.{c}"}

# PostgreSQL: a function per table; clock_timestamp() is the time of the write (now() would be
# the transaction's start, before a save made earlier in it).
_POSTGRESQL_ROW_FUNCTION = """CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {insert};
    ELSIF TG_OP = 'UPDATE' THEN
        {update};
    ELSE
        {delete};
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""

# A write that marks the trial updated (or writes an older version) gets the version one above
# the stored one. The rows' triggers already write that number: left as it is.
_RAISES = (
    "(NEW.updated_at IS DISTINCT FROM OLD.updated_at OR NEW.version < OLD.version) "
    "AND NEW.version IS DISTINCT FROM OLD.version + 1"
)
_POSTGRESQL_TRIAL = [
    f"""CREATE OR REPLACE FUNCTION {PREFIX}() RETURNS trigger AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END
$$ LANGUAGE plpgsql""",
    f'DROP TRIGGER IF EXISTS {PREFIX} ON "{TRIAL_TABLE}"',
    f'CREATE TRIGGER {PREFIX} BEFORE UPDATE ON "{TRIAL_TABLE}" FOR EACH ROW WHEN ({_RAISES}) '
    f"EXECUTE FUNCTION {PREFIX}()",
]

# SQLite: timestamps as Django writes them (UTC text, six decimals). Its triggers run AFTER the
# write (one cannot change NEW), so the trial's own trigger writes the version again.
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"
_SQLITE_TRIAL = [
    f'DROP TRIGGER IF EXISTS "{PREFIX}"',
    f'CREATE TRIGGER "{PREFIX}" AFTER UPDATE ON "{TRIAL_TABLE}" FOR EACH ROW '
    f"WHEN {_RAISES.replace('IS DISTINCT FROM', 'IS NOT')} "
    f"BEGIN UPDATE {TRIAL_TABLE} SET version = OLD.version + 1 WHERE id = NEW.id; END",
]


def _mark(operation: str, row: TrialRow, now: str) -> str:
    return _MARK.format(now=now, where=_WHERE[operation].format(c=row.column))


def _postgresql(row: TrialRow) -> list[str]:
    marks = {operation.lower(): _mark(operation, row, "clock_timestamp()") for operation in _WHERE}
    return [
        _POSTGRESQL_ROW_FUNCTION.format(name=row.name, **marks),
        f'DROP TRIGGER IF EXISTS {row.name} ON "{row.table}"',
        f'CREATE TRIGGER {row.name} AFTER INSERT OR UPDATE OR DELETE ON "{row.table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {row.name}()",
    ]


def _sqlite(row: TrialRow) -> list[str]:
    statements = []
    for operation in _WHERE:
        name = f"{row.name}_{operation.lower()}"
        statements.append(f'DROP TRIGGER IF EXISTS "{name}"')
        statements.append(
            f'CREATE TRIGGER "{name}" AFTER {operation} ON "{row.table}" FOR EACH ROW '
            f"BEGIN {_mark(operation, row, _SQLITE_NOW)}; END"
        )
    return statements


def _drop(vendor: str, row: TrialRow) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS {row.name} ON "{row.table}"']
    return [f'DROP TRIGGER IF EXISTS "{row.name}_{operation.lower()}"' for operation in _WHERE]


def drop_trial_version_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """pre_migrate: no trigger naming the trial table while tables may be rebuilt."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        if TRIAL_TABLE in existing:
            cursor.execute(
                f'DROP TRIGGER IF EXISTS {PREFIX} ON "{TRIAL_TABLE}"'
                if connection.vendor == "postgresql"
                else f'DROP TRIGGER IF EXISTS "{PREFIX}"'
            )
        for row in _ROWS.values():
            if row.table in existing:
                for statement in _drop(connection.vendor, row):
                    cursor.execute(statement)


def install_trial_version_triggers(
    sender: AppConfig, using: str = "default", **kwargs: Any
) -> None:
    """post_migrate (after every migrate and flush; idempotent): the triggers of every table
    that exists."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if TRIAL_TABLE not in existing:
        return  # migrated back to before the trials
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for statement in _POSTGRESQL_TRIAL if postgresql else _SQLITE_TRIAL:
            cursor.execute(statement)
        for row in _ROWS.values():
            if row.table in existing:
                for statement in _postgresql(row) if postgresql else _sqlite(row):
                    cursor.execute(statement)


def trial_rows_register(app_config: AppConfig, rows: list[type[models.Model]]) -> None:
    """Call from an app's ready() with its models whose `trial` (a foreign key to the trial)
    makes them rows of a trial (a many-to-many table by its through model, whose `trial` too)."""
    for model in rows:
        row = TrialRow(table=model._meta.db_table, column=model._meta.get_field("trial").column)
        _ROWS[row.table] = row
    pre_migrate.connect(
        drop_trial_version_triggers,
        sender=app_config,
        dispatch_uid=f"{PREFIX}:drop:{app_config.label}",
    )
    post_migrate.connect(
        install_trial_version_triggers,
        sender=app_config,
        dispatch_uid=f"{PREFIX}:install:{app_config.label}",
    )
