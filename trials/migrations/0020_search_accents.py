"""Search that ignores accents and case (cordon finds cordón).

PostgreSQL: the unaccent extension, two text-search configurations that fold accents before
stemming (english_unaccent, spanish_unaccent) and an immutable trials_fold_name(text) =
lower(unaccent(text)) for authors' names; the stored document is recomputed with them (the GIN
index over it stays). Both databases: the folded search_text column, filled here and kept by
Trial.save().
"""

import functools
import operator

from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

from trials.search import SEARCHED_FIELDS, folded_search_text

CONFIGS = {"english_unaccent": "english_stem", "spanish_unaccent": "spanish_stem"}
TOKENS = "hword, hword_part, word, asciihword, asciiword, hword_asciipart"


def create_search_functions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_extension JOIN pg_namespace ON pg_namespace.oid = extnamespace"
            " WHERE extname = 'unaccent'"
        )
        schema = schema_editor.quote_name(cursor.fetchone()[0])
    for config, stemmer in CONFIGS.items():
        execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")
        language = config.split("_")[0]
        execute(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.{language})")
        execute(
            f"ALTER TEXT SEARCH CONFIGURATION {config} "
            f"ALTER MAPPING FOR {TOKENS} WITH {schema}.unaccent, {stemmer}"
        )
    # Immutable (the dictionary named explicitly), so it may serve in an index.
    execute(
        "CREATE OR REPLACE FUNCTION trials_fold_name(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
        f"AS $$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$"
    )


def drop_search_functions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION IF EXISTS trials_fold_name(text)")
    for config in CONFIGS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")


def fill_search_text(apps, schema_editor):
    Trial = apps.get_model("trials", "Trial")
    rows = Trial.objects.order_by("pk").values_list("pk", *SEARCHED_FIELDS)
    trials = [Trial(pk=pk, search_text=folded_search_text(list(values))) for pk, *values in rows]
    Trial.objects.bulk_update(trials, ["search_text"], batch_size=500)
    if schema_editor.connection.vendor == "postgresql":
        parts = (
            (("title",), "A", "english_unaccent"),
            (("short_title_en", "acronym"), "A", "english_unaccent"),
            (("condition_text_en", "sponsor"), "B", "english_unaccent"),
            (("plain_summary_en", "clinician_summary"), "C", "english_unaccent"),
            (("short_title_es",), "A", "spanish_unaccent"),
            (("condition_text_es",), "B", "spanish_unaccent"),
            (("plain_summary_es",), "C", "spanish_unaccent"),
        )
        vectors = [SearchVector(*names, weight=w, config=config) for names, w, config in parts]
        Trial.objects.update(search_vector=functools.reduce(operator.add, vectors))


class Migration(migrations.Migration):
    dependencies = [("trials", "0019_trial_edit_version")]

    operations = [
        migrations.AddField(
            model_name="trial",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(create_search_functions, drop_search_functions),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
