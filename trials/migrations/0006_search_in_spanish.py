"""Recompute the stored search document, which now includes the Spanish short title and summary
(PostgreSQL only; SQLite searches with icontains and stores no document)."""

from django.contrib.postgres.search import SearchVector
from django.db import migrations


def refresh_search_vectors(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    Trial = apps.get_model("trials", "Trial")
    Trial.objects.update(
        search_vector=SearchVector("title", weight="A", config="english")
        + SearchVector("short_title_en", "acronym", weight="A", config="english")
        + SearchVector("condition_text", "sponsor", weight="B", config="english")
        + SearchVector("plain_summary_en", "clinician_summary", weight="C", config="english")
        + SearchVector("short_title_es", weight="A", config="spanish")
        + SearchVector("plain_summary_es", weight="C", config="spanish")
    )


class Migration(migrations.Migration):
    dependencies = [("trials", "0005_registry_identifier_upper")]

    operations = [migrations.RunPython(refresh_search_vectors, migrations.RunPython.noop)]
