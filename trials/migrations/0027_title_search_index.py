"""A GIN index over the titles' full-text document, on PostgreSQL only.

Search ranks a bounded set of candidates when many trials match (trials.filters); the trials whose
titles match are among them, found through this index. The expression is the one
trials.models.trial.title_document() builds (frozen here): a query must build the same
expression for PostgreSQL to use the index.
"""

import functools
import operator

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "trials_trial_title_search_gin"


def title_index() -> GinIndex:
    vectors = [
        SearchVector("title", config="english_unaccent"),
        SearchVector("short_title_en", "acronym", config="english_unaccent"),
        SearchVector("short_title_es", config="spanish_unaccent"),
    ]
    return GinIndex(functools.reduce(operator.add, vectors), name=INDEX_NAME)


def create_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("trials", "Trial"), title_index())


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("trials", "0026_result_numbers_follow_shape")]

    operations = [migrations.RunPython(create_index, drop_index)]
