"""Indexes for the list page's filters and facet counts, on PostgreSQL only (measured with
bench/bench_pages.py): semi-joins read narrow (term, trial) indexes instead of whole tables, and
counts over trials read a covering index instead of the wide trial rows."""

from django.db import migrations

INDEXES = {
    "trials_trial_conditions_condition_trial": (
        "trials_trial_conditions (condition_id, trial_id)"
    ),
    "trials_arm_cell_source_trial": "trials_arm (cell_source_id, trial_id)",
    "trials_arm_route_trial": "trials_arm (route_id, trial_id)",
    "trials_trial_status_updated": "trials_trial (status, updated_at DESC, id DESC)",
    "trials_trial_facets_covering": (
        "trials_trial (status, recruitment_status) "
        "INCLUDE (id, design, phase, start_date, enrollment, updated_at)"
    ),
}


def create_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name, target in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("trials", "0003_translated_fields")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
