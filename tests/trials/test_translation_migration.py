"""The migration that makes arm, result and trial text translatable keeps the English text."""

import pytest
from django.core.management.sql import emit_pre_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

BEFORE = [
    ("trials", "0013_cell_source_class_required"),
    ("evidence", "0006_reference_completeness"),
]
AFTER = [("trials", "0014_translated_trial_arm_result_text")]


@pytest.mark.django_db(transaction=True)
def test_existing_text_becomes_the_english_column():
    # What `migrate` does first: the rules' triggers go while tables are rebuilt (the flush
    # after the test installs them again).
    emit_pre_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    executor = MigrationExecutor(connection)
    # The test database was built by the squashed migrations (trials 0001_squashed_0027, evidence
    # 0003_squashed_0018), which record the ones they replace as applied too. Forgetting the
    # squashed ones leaves the record of a database migrated one migration at a time, so going
    # back to 0013 runs the replaced migrations backwards, as on such a database (the last
    # migrate records the squashed ones again).
    for app_label, name in executor.loader.replacements:
        MigrationRecorder(connection).record_unapplied(app_label, name)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    trial = old.get_model("trials", "Trial").objects.create(
        slug="t", title="A trial", follow_up="75 months", data_notes="A note."
    )
    old.get_model("trials", "Arm").objects.create(trial=trial, label="UC-MSC", role="experimental")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    arm = new.get_model("trials", "Arm").objects.get()
    assert (arm.label_en, arm.label_es) == ("UC-MSC", None)
    trial = new.get_model("trials", "Trial").objects.get()
    assert (trial.follow_up_en, trial.data_notes_en) == ("75 months", "A note.")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
