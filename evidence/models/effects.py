"""Each trial's comparisons for pooling, stored when what they derive from changes, so that a
condition page reads its pooled results from a few rows instead of every outcome result.

A TrialEffect row is what evidence.synthesis.from_curated.trial_effect gives for one trial, one
measure, one time window and one class of cells: the trial's effect and variance with the
per-arm numbers used, or the reason it cannot be used. Rows hold numbers and ids only (names,
the trial's label and the timepoint's words are read in the visitor's language), and are kept
for every trial, draft or not (pages keep to published trials when they read). The same-study
links are applied when the rows are read, since they depend on which trials a page pools.

Database triggers (below, PostgreSQL and SQLite alike) put a trial in TrialEffectRefresh, in
the same transaction, whenever a row its comparisons derive from is written by anyone (the
admin, QuerySet.update(), a bulk delete, an import, a revision approved or reverted, SQL typed
into a shell): its results, its arms, its design, a cell source's class, a measure's kind.
Readers compute those trials afresh and ignore their stored rows, so a page is never behind;
evidence.synthesis.stored.trial_effects_refresh stores them again (after each committed save or
delete, after migrate, and from `manage.py refresh_trial_effects`).
"""

from typing import Any

from django.apps import AppConfig
from django.db import connections, models

from trials.models import InterventionClass, OutcomeMeasure, OutcomeResult, Trial

REFRESH_TABLE = "evidence_trialeffectrefresh"
TRIGGER_PREFIX = "evidence_trial_effects_stale"


class TrialEffect(models.Model):
    """One trial's comparison (or why it cannot be used) for one measure, window and class."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="effects")
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.CASCADE, related_name="+")
    window = models.CharField(max_length=20)  # from_curated.Window.label
    intervention_class = models.CharField(max_length=30, choices=InterventionClass)
    design = models.CharField(max_length=30)  # the trial's design when computed
    # Empty for a comparison used; else from_curated.ExclusionReason's value.
    exclusion = models.CharField(max_length=30, blank=True)
    effect = models.FloatField(null=True)
    variance = models.FloatField(null=True)
    timepoint_weeks = models.FloatField(null=True)
    # The treated result whose timepoint label the page shows (read in the visitor's language).
    timepoint_result = models.ForeignKey(
        OutcomeResult,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # its deletion makes the trial stale; the row is then ignored
        null=True,
        related_name="+",
    )
    arms = models.JSONField(default=dict)  # {"experimental": ArmData fields, "control": ...}
    cell_source_ids = models.JSONField(default=list)
    route_ids = models.JSONField(default=list)
    notes = models.JSONField(default=list)  # [[code, count], ...]: from_curated.note_text

    class Meta:
        indexes = [
            # A page first finds the comparisons used among its trials: few rows.
            models.Index(
                fields=["trial"],
                condition=models.Q(exclusion=""),
                name="evidence_trialeffect_used",
            ),
            models.Index(
                fields=["measure", "window", "intervention_class"],
                name="evidence_trialeffect_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trial_id} · {self.measure_id} · {self.window} · {self.intervention_class}"


class TrialEffectRefresh(models.Model):
    """A trial whose stored comparisons are out of date (written by triggers only)."""

    trial_id = models.BigIntegerField(primary_key=True)  # no foreign key: a deleted trial too

    def __str__(self) -> str:
        return str(self.trial_id)


# What marks a trial stale: (table, operation, SQL giving the trial ids, condition or "").
_MARKS = [
    ("trials_outcomeresult", "INSERT", "SELECT NEW.trial_id", ""),
    ("trials_outcomeresult", "UPDATE", "SELECT OLD.trial_id UNION SELECT NEW.trial_id", ""),
    ("trials_outcomeresult", "DELETE", "SELECT OLD.trial_id", ""),
    ("trials_arm", "UPDATE", "SELECT OLD.trial_id UNION SELECT NEW.trial_id", ""),
    ("trials_arm", "DELETE", "SELECT OLD.trial_id", ""),
    ("trials_trial", "UPDATE", "SELECT NEW.id", "OLD.design <> NEW.design"),
    (
        "trials_cellsource",
        "UPDATE",
        "SELECT DISTINCT trial_id FROM trials_arm WHERE cell_source_id = NEW.id",
        "OLD.intervention_class <> NEW.intervention_class",
    ),
    (
        "trials_outcomemeasure",
        "UPDATE",
        "SELECT DISTINCT trial_id FROM trials_outcomeresult WHERE measure_id = NEW.id",
        "OLD.kind <> NEW.kind",
    ),
]


def _name(table: str, operation: str) -> str:
    return f"{TRIGGER_PREFIX}_{table}_{operation.lower()}"


def _statements(vendor: str) -> list[str]:
    statements = []
    for table, operation, ids, condition in _MARKS:
        name = _name(table, operation)
        when = f"WHEN ({condition})" if condition else ""
        if vendor == "postgresql":
            statements += [
                f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    INSERT INTO {REFRESH_TABLE} (trial_id) {ids} ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$ LANGUAGE plpgsql""",
                f'DROP TRIGGER IF EXISTS {name} ON "{table}"',
                f'CREATE TRIGGER {name} AFTER {operation} ON "{table}" FOR EACH ROW {when} '
                f"EXECUTE FUNCTION {name}()",
            ]
        else:
            statements += [
                f'DROP TRIGGER IF EXISTS "{name}"',
                f'CREATE TRIGGER "{name}" AFTER {operation} ON "{table}" FOR EACH ROW {when} '
                f"BEGIN INSERT OR IGNORE INTO {REFRESH_TABLE} (trial_id) {ids}; END",
            ]
    return statements


def install_effect_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate of the evidence app: the triggers that mark trials stale (idempotent)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if REFRESH_TABLE not in existing:
        return  # migrated back to before the stored comparisons
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor):
            cursor.execute(statement)


def drop_effect_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """pre_migrate of the evidence app: SQLite cannot rebuild a table that another table's
    trigger names, so the triggers go while migrating (post_migrate installs them again)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table, operation, _ids, _condition in _MARKS:
            if table not in existing:
                continue
            name = _name(table, operation)
            if connection.vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
            else:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
