"""An outcome result cites only a reference of its own trial (an evidence.TrialReference of the
result's trial), whoever writes: the admin, an importer, a script or a shell.

The rule spans two tables, so triggers hold it (trials.models.integrity, on PostgreSQL and
SQLite alike, installed after every migrate and flush):

- writing a result (an insert, or a change of its trial or reference) is checked at once;
- removing or moving a trial's link to a reference that its results still cite is refused when
  the transaction commits, so deleting a whole trial (its results and links go in one
  transaction, in any order) is allowed. PostgreSQL checks it with a deferred trigger. SQLite has
  no deferred triggers, but it checks deferred foreign keys at the commit: the trigger records the
  removed link in `evidence_unlinked_citation`, whose rows must name a link of the trial when the
  transaction commits; deleting or moving the last result that cited it, or linking the
  reference again, removes the record. So both databases refuse the same writes (a flush, which
  empties the tables in any order, still passes).

The admin says the same in a curator's words first (OutcomeResult.clean, the reference choices
of the trial admin, the trial references formset, the reference link's own page).
"""

from typing import Any

from django.apps import AppConfig
from django.db import connections

from trials.models.integrity import RowRule, rules_drop, rules_install

PREFIX = "evidence_result_cites_own_reference"
MESSAGE = "an outcome result may cite only a reference of its own trial"
_RESULTS = "trials_outcomeresult"
_LINKS = "evidence_trialreference"
# SQLite only: links removed while results still cite them, checked at commit (see above).
UNLINKED = "evidence_unlinked_citation"
_UNLINKED_TABLE = (
    f'CREATE TABLE IF NOT EXISTS "{UNLINKED}" ('
    '"id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"trial_id" integer NOT NULL, "reference_id" integer NOT NULL, '
    f'FOREIGN KEY ("trial_id", "reference_id") REFERENCES "{_LINKS}" ("trial_id", "reference_id") '
    "DEFERRABLE INITIALLY DEFERRED)"
)


def _cited(row: str) -> str:
    """SQL: a result still cites the link's reference (OLD or NEW row of a link)."""
    return (
        f"EXISTS (SELECT 1 FROM {_RESULTS} "
        f"WHERE trial_id = {row}.trial_id AND reference_id = {row}.reference_id)"
    )


CITATION_RULES = [
    RowRule(
        name=f"{PREFIX}_result",
        table=_RESULTS,
        operations=("INSERT", "UPDATE OF trial_id, reference_id"),
        violated=f"NEW.reference_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {_LINKS} "
        "WHERE trial_id = NEW.trial_id AND reference_id = NEW.reference_id)",
        message=MESSAGE,
    ),
    RowRule(
        name=f"{PREFIX}_link",
        table=_LINKS,
        operations=("DELETE", "UPDATE OF trial_id, reference_id"),
        violated=f"{_cited('OLD')} AND NOT EXISTS (SELECT 1 FROM {_LINKS} "
        "WHERE trial_id = OLD.trial_id AND reference_id = OLD.reference_id)",
        message=MESSAGE,
        deferred=True,
        sqlite_action=f"INSERT INTO {UNLINKED} (trial_id, reference_id) "
        "VALUES (OLD.trial_id, OLD.reference_id)",
    ),
]
# SQLite only: a removed link's record goes when no result cites it any more, or when the link
# is made again (the foreign key is then satisfied; the record would only linger).
SQLITE_RECORD_RULES = [
    RowRule(
        name=f"{PREFIX}_uncited",
        table=_RESULTS,
        operations=("DELETE", "UPDATE OF trial_id, reference_id"),
        violated=f"OLD.reference_id IS NOT NULL AND NOT {_cited('OLD')}",
        message=MESSAGE,
        sqlite_action=f"DELETE FROM {UNLINKED} "
        "WHERE trial_id = OLD.trial_id AND reference_id = OLD.reference_id",
    ),
    RowRule(
        name=f"{PREFIX}_relinked",
        table=_LINKS,
        operations=("INSERT", "UPDATE OF trial_id, reference_id"),
        violated=f"EXISTS (SELECT 1 FROM {UNLINKED} "
        "WHERE trial_id = NEW.trial_id AND reference_id = NEW.reference_id)",
        message=MESSAGE,
        sqlite_action=f"DELETE FROM {UNLINKED} "
        "WHERE trial_id = NEW.trial_id AND reference_id = NEW.reference_id",
    ),
]


def install_integrity_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate of the evidence app: the citation rules' triggers."""
    connection = connections[using]
    rules = CITATION_RULES
    if connection.vendor == "sqlite":
        if {_RESULTS, _LINKS} <= set(connection.introspection.table_names()):
            with connection.cursor() as cursor:
                cursor.execute(_UNLINKED_TABLE)
        rules = [*CITATION_RULES, *SQLITE_RECORD_RULES]
    rules_install(using=using, rules=rules, tables={_RESULTS, _LINKS})


def drop_integrity_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """pre_migrate of the evidence app: no citation rule while tables may be rebuilt."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        rules_drop(using=using, rules=CITATION_RULES, tables={_RESULTS, _LINKS})
        return
    rules_drop(
        using=using, rules=[*CITATION_RULES, *SQLITE_RECORD_RULES], tables={_RESULTS, _LINKS}
    )
    with connection.cursor() as cursor:  # empty between transactions; made again after
        cursor.execute(f'DROP TABLE IF EXISTS "{UNLINKED}"')
