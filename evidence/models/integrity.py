"""Rules the database keeps across the trials and evidence tables, whoever writes: the admin, an
importer, a script or a shell.

An outcome result may cite only a reference of its own trial (an evidence.TrialReference of the
result's trial). The rule spans two tables, so a CHECK constraint cannot hold it: triggers do, on
PostgreSQL and SQLite alike, installed after every migrate and flush (post_migrate; idempotent),
because SQLite's schema editor drops a table's triggers when it rebuilds the table.

- Writing a result (insert, or a change of its trial or reference) is checked at once.
- Removing or moving a trial's link to a reference that its results still cite is refused. On
  PostgreSQL the check waits for the commit (a deferred constraint trigger), so deleting a whole
  trial, whose results and links go in one transaction in any order, is allowed; SQLite has no
  deferred triggers and checks at once (Django deletes a trial's results before its links).

The form says the same in a curator's words first (OutcomeResult.clean, the reference choices of
the trial admin); these triggers are what an importer or a shell cannot get round.
"""

from typing import Any

from django.apps import AppConfig
from django.db import connections

PREFIX = "evidence_result_cites_own_reference"
MESSAGE = "an outcome result may cite only a reference of its own trial"

_RESULTS = "trials_outcomeresult"
_LINKS = "evidence_trialreference"

_POSTGRESQL = [
    f"""
CREATE OR REPLACE FUNCTION {PREFIX}_result() RETURNS trigger AS $$
BEGIN
    IF NEW.reference_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM {_LINKS} WHERE trial_id = NEW.trial_id AND reference_id = NEW.reference_id
    ) THEN
        RAISE EXCEPTION '{MESSAGE} (result %, trial %, reference %)',
            NEW.id, NEW.trial_id, NEW.reference_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
    f"""
CREATE OR REPLACE FUNCTION {PREFIX}_link() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM {_RESULTS} WHERE trial_id = OLD.trial_id AND reference_id = OLD.reference_id
    ) AND NOT EXISTS (
        SELECT 1 FROM {_LINKS} WHERE trial_id = OLD.trial_id AND reference_id = OLD.reference_id
    ) THEN
        RAISE EXCEPTION '{MESSAGE}: results of trial % cite reference %',
            OLD.trial_id, OLD.reference_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
    f'DROP TRIGGER IF EXISTS {PREFIX} ON "{_RESULTS}"',
    f"CREATE CONSTRAINT TRIGGER {PREFIX} AFTER INSERT OR UPDATE OF trial_id, reference_id "
    f'ON "{_RESULTS}" DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW '
    f"EXECUTE FUNCTION {PREFIX}_result()",
    f'DROP TRIGGER IF EXISTS {PREFIX} ON "{_LINKS}"',
    f"CREATE CONSTRAINT TRIGGER {PREFIX} AFTER DELETE OR UPDATE OF trial_id, reference_id "
    f'ON "{_LINKS}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
    f"EXECUTE FUNCTION {PREFIX}_link()",
]

_SQLITE_RESULT_UNLINKED = (
    f"NEW.reference_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {_LINKS} "
    "WHERE trial_id = NEW.trial_id AND reference_id = NEW.reference_id)"
)
_SQLITE_LINK_CITED = (
    f"EXISTS (SELECT 1 FROM {_RESULTS} "
    "WHERE trial_id = OLD.trial_id AND reference_id = OLD.reference_id)"
)
_SQLITE = [
    f'CREATE TRIGGER IF NOT EXISTS "{PREFIX}_insert" BEFORE INSERT ON "{_RESULTS}" '
    f"FOR EACH ROW WHEN {_SQLITE_RESULT_UNLINKED} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f'CREATE TRIGGER IF NOT EXISTS "{PREFIX}_update" BEFORE UPDATE OF trial_id, reference_id '
    f'ON "{_RESULTS}" FOR EACH ROW WHEN {_SQLITE_RESULT_UNLINKED} '
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f'CREATE TRIGGER IF NOT EXISTS "{PREFIX}_link_delete" BEFORE DELETE ON "{_LINKS}" '
    f"FOR EACH ROW WHEN {_SQLITE_LINK_CITED} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f'CREATE TRIGGER IF NOT EXISTS "{PREFIX}_link_update" BEFORE UPDATE OF trial_id, '
    f'reference_id ON "{_LINKS}" FOR EACH ROW WHEN {_SQLITE_LINK_CITED} '
    "AND (NEW.trial_id != OLD.trial_id OR NEW.reference_id != OLD.reference_id) "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]


def install_integrity_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Install the triggers (post_migrate of the evidence app; idempotent); nothing while either
    table is missing (migrated back)."""
    connection = connections[using]
    if not {_RESULTS, _LINKS} <= set(connection.introspection.table_names()):
        return
    with connection.cursor() as cursor:
        for statement in _POSTGRESQL if connection.vendor == "postgresql" else _SQLITE:
            cursor.execute(statement)
