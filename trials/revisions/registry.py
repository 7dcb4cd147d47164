"""Which models django-reversion records, and which rows travel together in one revision.

A trial and its rows (registry ids, arms, outcome results, reference links) follow each other, so
every revision that touches any of them holds the whole trial: one history entry per save, and
reverting restores the trial with all its parts. Registered when the admin is loaded (before the
admin classes, which would otherwise register their models with reversion's defaults) and after
django-modeltranslation has added the per-language columns, so every language is recorded.
"""

import reversion
from django.db import models

from trials.models import (
    Arm,
    CellSource,
    Condition,
    Country,
    CoverageGap,
    CoverageNote,
    DomainJudgement,
    Etiology,
    OutcomeMeasure,
    OutcomeResult,
    RegistryId,
    RiskOfBiasAssessment,
    Route,
    SameStudyLink,
    Trial,
)

# The reference links are evidence.TrialReference (registered by evidence/admin.py): named here
# by their accessor, since trials never imports evidence.
TRIAL_ROWS = ("registry_ids", "arms", "outcome_results", "trial_references")


def history_register(model: type[models.Model], **options: object) -> None:
    """Record `model` in the history (once; the admin may load twice in tests)."""
    if not reversion.is_registered(model):
        reversion.register(model, **options)


def trials_history_register() -> None:
    """Record every curated model of the trials app."""
    # The full-text document is derived from the fields recorded (and rewritten on save).
    history_register(Trial, follow=TRIAL_ROWS, exclude=("search_vector",))
    for row in (RegistryId, Arm, OutcomeResult):
        history_register(row, follow=("trial",))
    for vocabulary in (Condition, Etiology, Route, CellSource, Country, OutcomeMeasure):
        history_register(vocabulary)
    history_register(RiskOfBiasAssessment, follow=("domains",))
    history_register(DomainJudgement, follow=("assessment",))
    history_register(SameStudyLink)
    # The coverage note and its known gaps travel together, like a trial and its rows.
    history_register(CoverageNote, follow=("gaps",))
    history_register(CoverageGap, follow=("note",))
