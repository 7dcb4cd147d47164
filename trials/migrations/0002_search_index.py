"""A GIN index over the stored full-text document, on PostgreSQL only."""

from django.db import migrations


def create_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS trials_trial_search_vector_gin "
            "ON trials_trial USING gin (search_vector)"
        )


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS trials_trial_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("trials", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
