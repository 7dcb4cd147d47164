"""An index on authors' family names without accents or case (PostgreSQL only): a search for
"Shi" or "Pena" reads it instead of folding every author's name (trials_fold_name comes from
trials 0020)."""

from django.db import migrations


def create_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS evidence_referenceauthor_family_folded "
            "ON evidence_referenceauthor (trials_fold_name(family))"
        )


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS evidence_referenceauthor_family_folded")


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0011_claims"),
        ("trials", "0020_search_accents"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
