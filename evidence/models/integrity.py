"""An outcome result cites only a reference of its own trial (an evidence.TrialReference of the
result's trial), whoever writes: the admin, an importer, a script or a shell.

The rule spans two tables, so triggers hold it (trials.models.integrity, on PostgreSQL and
SQLite alike, installed after every migrate and flush):

- writing a result (an insert, or a change of its trial or reference) is checked at once;
- removing or moving a trial's link to a reference that its results still cite: PostgreSQL
  refuses it, checking at the commit, so deleting a whole trial (its results and links go in
  one transaction, in any order) is allowed. SQLite has no deferred triggers and a flush empties
  tables in any order, so there the results that cited it are left citing nothing: never a
  reference of another trial.

The form says the same in a curator's words first (OutcomeResult.clean, the reference choices of
the trial admin, the trial references formset).
"""

from typing import Any

from django.apps import AppConfig

from trials.models.integrity import RowRule, rules_drop, rules_install

PREFIX = "evidence_result_cites_own_reference"
MESSAGE = "an outcome result may cite only a reference of its own trial"
_RESULTS = "trials_outcomeresult"
_LINKS = "evidence_trialreference"

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
        violated=f"EXISTS (SELECT 1 FROM {_RESULTS} "
        "WHERE trial_id = OLD.trial_id AND reference_id = OLD.reference_id) "
        f"AND NOT EXISTS (SELECT 1 FROM {_LINKS} "
        "WHERE trial_id = OLD.trial_id AND reference_id = OLD.reference_id)",
        message=MESSAGE,
        deferred=True,
        # SQLite: the results that cited it cite nothing (a flush, which empties the tables in
        # any order, must pass); the trial form refuses the unlinking before either happens.
        sqlite_repair=f"UPDATE {_RESULTS} SET reference_id = NULL "
        "WHERE trial_id = OLD.trial_id AND reference_id = OLD.reference_id",
    ),
]


def install_integrity_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate of the evidence app: the citation rules' triggers."""
    rules_install(using=using, rules=CITATION_RULES, tables={_RESULTS, _LINKS})


def drop_integrity_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """pre_migrate of the evidence app: no citation rule while tables may be rebuilt."""
    rules_drop(using=using, rules=CITATION_RULES, tables={_RESULTS, _LINKS})
