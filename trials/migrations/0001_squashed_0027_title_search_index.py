"""The trials migrations 0001 to 0027 in one, for a new database (Django's squashed migration:
a database that has run any of 0001-0027 keeps running those, which stay in this folder).

The models are created in their final state (from `makemigrations` on the models as they are), so
a new database no longer creates and then drops the history tables or renders 27 states (about
20 s of CPU per test database). The RunPython operations of 0001-0027 that shape the schema
(PostgreSQL's indexes and search functions) or add a row every database needs (the data
version) are copied below, unchanged; those that only rewrite existing rows have nothing to do
in a new database and are left out. tests/test_migrations.py checks that this migration and the
chain it replaces build the same schema.
"""

import functools
import operator

import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.functions.comparison
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models




# From 0002_search_index: a GIN index over the stored full-text document (PostgreSQL).
def create_search_vector_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS trials_trial_search_vector_gin "
            "ON trials_trial USING gin (search_vector)"
        )


def drop_search_vector_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS trials_trial_search_vector_gin")


# From 0004_browse_indexes and 0005_registry_identifier_upper (PostgreSQL).
BROWSE_INDEXES = {
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
    "trials_registryid_identifier_upper": "trials_registryid (UPPER(identifier::text))",
}


def create_browse_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name, target in BROWSE_INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop_browse_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name in BROWSE_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


# From 0017_data_version.
def insert_first_version(apps, schema_editor):
    apps.get_model("trials", "DataVersion").objects.get_or_create(pk=1, defaults={"token": 1})


def drop_version_triggers(apps, schema_editor):
    """Remove every data-version trigger (they write to the table this migration created)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS trials_data_version_bump() CASCADE")
            return
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'trials_data_version%'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


# From 0020_search_accents: accent-folding search configurations and trials_fold_name (PostgreSQL).
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


# From 0027_title_search_index: a GIN index over the titles' document (PostgreSQL).
TITLE_INDEX = "trials_trial_title_search_gin"


def title_index() -> GinIndex:
    vectors = [
        SearchVector("title", config="english_unaccent"),
        SearchVector("short_title_en", "acronym", config="english_unaccent"),
        SearchVector("short_title_es", config="spanish_unaccent"),
    ]
    return GinIndex(functools.reduce(operator.add, vectors), name=TITLE_INDEX)


def create_title_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("trials", "Trial"), title_index())


def drop_title_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TITLE_INDEX}")


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("trials", "0001_initial"),
        ("trials", "0002_search_index"),
        ("trials", "0003_translated_fields"),
        ("trials", "0004_browse_indexes"),
        ("trials", "0005_registry_identifier_upper"),
        ("trials", "0006_search_in_spanish"),
        ("trials", "0007_history_without_search_document"),
        ("trials", "0008_cell_source_intervention_class"),
        ("trials", "0009_design_says_what_is_known"),
        ("trials", "0010_result_inconsistent_flag"),
        ("trials", "0011_trial_title_is_official"),
        ("trials", "0012_arm_role_help"),
        ("trials", "0013_cell_source_class_required"),
        ("trials", "0014_translated_trial_arm_result_text"),
        ("trials", "0015_trial_status_as_of_date_kinds"),
        ("trials", "0016_risk_of_bias"),
        ("trials", "0017_data_version"),
        ("trials", "0018_measure_important_difference"),
        ("trials", "0019_trial_edit_version"),
        ("trials", "0020_search_accents"),
        ("trials", "0021_same_study_link"),
        ("trials", "0022_condition_questions"),
        ("trials", "0023_history_moves_to_reversion"),
        ("trials", "0024_pending_revision"),
        ("trials", "0025_coverage_note"),
        ("trials", "0026_result_numbers_follow_shape"),
        ("trials", "0027_title_search_index"),
    ]

    dependencies = [
        ('evidence', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Country',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('name_es', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('description', models.TextField(blank=True, help_text='What this means, in words a patient understands.', verbose_name='plain-language description')),
                ('description_en', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('description_es', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('is_active', models.BooleanField(default=True, help_text='Retire a term instead of deleting it.', verbose_name='active')),
                ('code', models.CharField(help_text='Two letters, e.g. CN.', max_length=2, unique=True, verbose_name='ISO code')),
            ],
            options={
                'verbose_name': 'country',
                'verbose_name_plural': 'countries',
                'ordering': ['name'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CoverageNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published')], db_index=True, default='draft', max_length=20, verbose_name='curation status')),
                ('checked_on', models.DateField(help_text='The day the set of studies was last compared with the trial registries.', verbose_name='last checked against the registries')),
                ('text', models.TextField(help_text='Plain words for patients: what is held, how it was gathered, what it may miss.', verbose_name='what the set covers')),
                ('text_en', models.TextField(help_text='Plain words for patients: what is held, how it was gathered, what it may miss.', null=True, verbose_name='what the set covers')),
                ('text_es', models.TextField(help_text='Plain words for patients: what is held, how it was gathered, what it may miss.', null=True, verbose_name='what the set covers')),
            ],
            options={
                'verbose_name': 'coverage note',
                'verbose_name_plural': 'coverage notes',
                'ordering': ['-checked_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='DataVersion',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('token', models.BigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'data version',
            },
        ),
        migrations.CreateModel(
            name='Etiology',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('name_es', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('description', models.TextField(blank=True, help_text='What this means, in words a patient understands.', verbose_name='plain-language description')),
                ('description_en', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('description_es', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('is_active', models.BooleanField(default=True, help_text='Retire a term instead of deleting it.', verbose_name='active')),
            ],
            options={
                'verbose_name': 'etiology',
                'verbose_name_plural': 'etiologies',
                'ordering': ['name'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Route',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('name_es', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('description', models.TextField(blank=True, help_text='What this means, in words a patient understands.', verbose_name='plain-language description')),
                ('description_en', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('description_es', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('is_active', models.BooleanField(default=True, help_text='Retire a term instead of deleting it.', verbose_name='active')),
            ],
            options={
                'verbose_name': 'route',
                'verbose_name_plural': 'routes',
                'ordering': ['name'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CellSource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('name_es', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('description', models.TextField(blank=True, help_text='What this means, in words a patient understands.', verbose_name='plain-language description')),
                ('description_en', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('description_es', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('is_active', models.BooleanField(default=True, help_text='Retire a term instead of deleting it.', verbose_name='active')),
                ('product_kind', models.CharField(choices=[('living_cells', 'Living cells'), ('cell_free', 'Cell-free product')], default='living_cells', max_length=20, verbose_name='product kind')),
                ('intervention_class', models.CharField(choices=[('msc', 'MSC'), ('msc_derived_cell_free', 'MSC-derived, cell-free (vesicles, secretome)'), ('other_cells', 'other cells (bone-marrow mononuclear, CD34+/CD133+, uncultured fat-derived, unspecified)')], help_text='MSC (cultured mesenchymal stromal cells from any tissue); MSC-derived, cell-free (extracellular vesicles, exosomes, secretome); or other cells (bone-marrow mononuclear cells, CD34+/CD133+ cells, uncultured fat-derived cells, cells the source does not specify). Results are only ever pooled within one class.', max_length=30, verbose_name='intervention class')),
            ],
            options={
                'verbose_name': 'cell source',
                'verbose_name_plural': 'cell sources',
                'ordering': ['name'],
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(('intervention_class__in', ['msc', 'msc_derived_cell_free', 'other_cells'])), name='trials_cellsource_intervention_class_set', violation_error_message='Choose the intervention class of this cell source.')],
            },
        ),
        migrations.CreateModel(
            name='Arm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('label', models.CharField(max_length=200, verbose_name='label')),
                ('label_en', models.CharField(max_length=200, null=True, verbose_name='label')),
                ('label_es', models.CharField(max_length=200, null=True, verbose_name='label')),
                ('role', models.CharField(choices=[('experimental', 'Experimental'), ('active_comparator', 'Active comparator'), ('standard_care', 'Standard care'), ('placebo', 'Placebo'), ('other', 'Other')], help_text='Experimental for a group given cells. A comparison group (labelled “Control”, “Standard medical therapy”, “SMT”, “Conventional treatment”...) is standard care, placebo or active comparator: only these are compared with the cells when pooling.', max_length=20, verbose_name='role')),
                ('cell_description', models.CharField(blank=True, help_text="e.g. 'pooled BM-MSC'.", max_length=300, verbose_name='cells as reported')),
                ('cell_description_en', models.CharField(blank=True, help_text="e.g. 'pooled BM-MSC'.", max_length=300, null=True, verbose_name='cells as reported')),
                ('cell_description_es', models.CharField(blank=True, help_text="e.g. 'pooled BM-MSC'.", max_length=300, null=True, verbose_name='cells as reported')),
                ('donor_type', models.CharField(blank=True, choices=[('autologous', "Autologous (the patient's own cells)"), ('allogeneic', 'Allogeneic (from a donor)')], max_length=20, verbose_name='donor type')),
                ('dose_text', models.CharField(blank=True, max_length=300, verbose_name='dose as reported')),
                ('dose_text_en', models.CharField(blank=True, max_length=300, null=True, verbose_name='dose as reported')),
                ('dose_text_es', models.CharField(blank=True, max_length=300, null=True, verbose_name='dose as reported')),
                ('dose_cells_per_kg_min', models.FloatField(blank=True, null=True, verbose_name='cells per kg (lowest)')),
                ('dose_cells_per_kg_max', models.FloatField(blank=True, null=True, verbose_name='cells per kg (highest)')),
                ('dose_cells_total', models.FloatField(blank=True, null=True, verbose_name='total cells per administration')),
                ('administrations_count', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='number of administrations')),
                ('interval', models.CharField(blank=True, max_length=200, verbose_name='interval between administrations')),
                ('interval_en', models.CharField(blank=True, max_length=200, null=True, verbose_name='interval between administrations')),
                ('interval_es', models.CharField(blank=True, max_length=200, null=True, verbose_name='interval between administrations')),
                ('co_intervention', models.CharField(blank=True, max_length=300, verbose_name='co-intervention')),
                ('co_intervention_en', models.CharField(blank=True, max_length=300, null=True, verbose_name='co-intervention')),
                ('co_intervention_es', models.CharField(blank=True, max_length=300, null=True, verbose_name='co-intervention')),
                ('participants_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='participants randomised or allocated')),
                ('unverified_fields', models.JSONField(blank=True, default=list, help_text="Fields that only a review's table supports (shown as unverified).", verbose_name='unverified fields')),
                ('cell_source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='arms', to='trials.cellsource', verbose_name='cell source')),
                ('route', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='arms', to='trials.route', verbose_name='route')),
            ],
            options={
                'verbose_name': 'arm',
                'verbose_name_plural': 'arms',
                'ordering': ['trial', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Condition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('name_es', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('description', models.TextField(blank=True, help_text='What this means, in words a patient understands.', verbose_name='plain-language description')),
                ('description_en', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('description_es', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('is_active', models.BooleanField(default=True, help_text='Retire a term instead of deleting it.', verbose_name='active')),
                ('synonyms', models.TextField(blank=True, help_text='Other names, one per line (for example NAFLD for MASLD).', verbose_name='synonyms')),
                ('synonyms_en', models.TextField(blank=True, help_text='Other names, one per line (for example NAFLD for MASLD).', null=True, verbose_name='synonyms')),
                ('synonyms_es', models.TextField(blank=True, help_text='Other names, one per line (for example NAFLD for MASLD).', null=True, verbose_name='synonyms')),
                ('questions', models.TextField(blank=True, help_text='Shown on the condition page under its key messages: one question per line, general questions a patient can take to a consultation (no new facts, no advice).', verbose_name='questions to ask your hepatologist or a clinic')),
                ('questions_en', models.TextField(blank=True, help_text='Shown on the condition page under its key messages: one question per line, general questions a patient can take to a consultation (no new facts, no advice).', null=True, verbose_name='questions to ask your hepatologist or a clinic')),
                ('questions_es', models.TextField(blank=True, help_text='Shown on the condition page under its key messages: one question per line, general questions a patient can take to a consultation (no new facts, no advice).', null=True, verbose_name='questions to ask your hepatologist or a clinic')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='trials.condition', verbose_name='broader condition')),
            ],
            options={
                'verbose_name': 'condition',
                'verbose_name_plural': 'conditions',
                'ordering': ['name'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CoverageGap',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('identifier', models.CharField(help_text='The registry id, e.g. NCT02223897.', max_length=60, verbose_name='identifier')),
                ('reason', models.CharField(help_text="What was searched and found, e.g. 'no public page describes it'.", max_length=500, verbose_name='why it is missing')),
                ('reason_en', models.CharField(help_text="What was searched and found, e.g. 'no public page describes it'.", max_length=500, null=True, verbose_name='why it is missing')),
                ('reason_es', models.CharField(help_text="What was searched and found, e.g. 'no public page describes it'.", max_length=500, null=True, verbose_name='why it is missing')),
                ('note', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='gaps', to='trials.coveragenote', verbose_name='coverage note')),
            ],
            options={
                'verbose_name': 'known missing study',
                'verbose_name_plural': 'known missing studies',
                'ordering': ['note', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='OutcomeMeasure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('name_es', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('description', models.TextField(blank=True, help_text='What this means, in words a patient understands.', verbose_name='plain-language description')),
                ('description_en', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('description_es', models.TextField(blank=True, help_text='What this means, in words a patient understands.', null=True, verbose_name='plain-language description')),
                ('is_active', models.BooleanField(default=True, help_text='Retire a term instead of deleting it.', verbose_name='active')),
                ('abbreviation', models.CharField(blank=True, max_length=40, verbose_name='short name')),
                ('kind', models.CharField(choices=[('continuous', 'Continuous'), ('binary', 'Binary'), ('time_to_event', 'Time to event')], max_length=20, verbose_name='kind')),
                ('unit', models.CharField(blank=True, help_text='The unit values are converted to for comparison, e.g. g/L for albumin.', max_length=40, verbose_name='canonical unit')),
                ('higher_is_better', models.BooleanField(blank=True, help_text='Yes for albumin or survival; no for MELD or bilirubin; empty if neither.', null=True, verbose_name='higher is better')),
                ('plausible_min', models.FloatField(blank=True, null=True, verbose_name='lowest plausible value')),
                ('plausible_max', models.FloatField(blank=True, null=True, verbose_name='highest plausible value')),
                ('is_safety', models.BooleanField(default=False, verbose_name='safety outcome')),
                ('important_difference', models.FloatField(blank=True, help_text="The smallest difference patients notice, from a published source: for a continuous measure in its canonical unit (e.g. 2 for 2 points of MELD); for an event measure as a relative change in risk, in percent (e.g. 25). Empty when no source gives one: then the site uses no size words and GRADE's rule of thumb for imprecision.", null=True, verbose_name='minimal important difference')),
                ('important_difference_source', models.CharField(blank=True, help_text='The publication (with DOI or PMID) and a short quote that give it.', max_length=500, verbose_name='source of the minimal important difference')),
            ],
            options={
                'verbose_name': 'outcome measure',
                'verbose_name_plural': 'outcome measures',
                'ordering': ['name'],
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(('important_difference__isnull', True), ('important_difference__gt', 0), _connector='OR'), name='trials_outcomemeasure_important_difference_positive', violation_error_message='A minimal important difference is above zero.'), models.CheckConstraint(condition=models.Q(('important_difference__isnull', True), models.Q(('important_difference_source', ''), _negated=True), _connector='OR'), name='trials_outcomemeasure_important_difference_sourced', violation_error_message='Give the source of the minimal important difference (publication and quote).'), models.CheckConstraint(condition=models.Q(('plausible_min__isnull', True), ('plausible_max__isnull', True), ('plausible_min__lte', models.F('plausible_max')), _connector='OR'), name='trials_outcomemeasure_plausible_range_ordered', violation_error_message='The lowest plausible value must not be above the highest.')],
            },
        ),
        migrations.CreateModel(
            name='RiskOfBiasAssessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published')], db_index=True, default='draft', max_length=20, verbose_name='curation status')),
                ('tool', models.CharField(choices=[('rob2', 'RoB 2 (randomised trials)'), ('robins_i', 'ROBINS-I (non-randomised studies)')], help_text='RoB 2 for randomised trials, ROBINS-I for every other controlled study.', max_length=10, verbose_name='tool')),
                ('overall', models.CharField(choices=[('low', 'Low risk of bias'), ('some_concerns', 'Some concerns'), ('high', 'High risk of bias'), ('moderate', 'Moderate risk of bias'), ('serious', 'Serious risk of bias'), ('critical', 'Critical risk of bias'), ('no_information', 'No information')], max_length=20, verbose_name='overall judgement')),
                ('overall_reason', models.TextField(blank=True, help_text='One or two plain sentences: which domains drive it.', verbose_name='reason for the overall judgement')),
                ('overall_reason_en', models.TextField(blank=True, help_text='One or two plain sentences: which domains drive it.', null=True, verbose_name='reason for the overall judgement')),
                ('overall_reason_es', models.TextField(blank=True, help_text='One or two plain sentences: which domains drive it.', null=True, verbose_name='reason for the overall judgement')),
                ('judged_by', models.CharField(help_text='Who made this judgement: “curators of this site”, or the review and table it is quoted from (for example “Smith 2020 review, Figure 2”).', max_length=300, verbose_name='whose judgement')),
                ('judged_by_en', models.CharField(help_text='Who made this judgement: “curators of this site”, or the review and table it is quoted from (for example “Smith 2020 review, Figure 2”).', max_length=300, null=True, verbose_name='whose judgement')),
                ('judged_by_es', models.CharField(help_text='Who made this judgement: “curators of this site”, or the review and table it is quoted from (for example “Smith 2020 review, Figure 2”).', max_length=300, null=True, verbose_name='whose judgement')),
                ('measure', models.ForeignKey(blank=True, help_text='Empty when the judgement holds for every outcome of the trial; choose an outcome when its risk differs (for example a subjective outcome in an unblinded trial).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='bias_assessments', to='trials.outcomemeasure', verbose_name='outcome')),
            ],
            options={
                'verbose_name': 'risk-of-bias assessment',
                'verbose_name_plural': 'risk-of-bias assessments',
                'ordering': ['trial', 'measure__name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='DomainJudgement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('domain', models.CharField(choices=[('randomisation', 'Bias arising from the randomisation process'), ('confounding', 'Bias due to confounding'), ('selection', 'Bias in selection of participants into the study'), ('classification', 'Bias in classification of interventions'), ('deviations', 'Bias due to deviations from intended interventions'), ('missing_data', 'Bias due to missing outcome data'), ('measurement', 'Bias in measurement of the outcome'), ('reporting', 'Bias in selection of the reported result')], max_length=20, verbose_name='domain')),
                ('judgement', models.CharField(choices=[('low', 'Low risk of bias'), ('some_concerns', 'Some concerns'), ('high', 'High risk of bias'), ('moderate', 'Moderate risk of bias'), ('serious', 'Serious risk of bias'), ('critical', 'Critical risk of bias'), ('no_information', 'No information')], max_length=20, verbose_name='judgement')),
                ('support', models.CharField(help_text='A short quote from the source, or the reason in plain words.', max_length=500, verbose_name='support for judgement')),
                ('support_en', models.CharField(help_text='A short quote from the source, or the reason in plain words.', max_length=500, null=True, verbose_name='support for judgement')),
                ('support_es', models.CharField(help_text='A short quote from the source, or the reason in plain words.', max_length=500, null=True, verbose_name='support for judgement')),
                ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='domains', to='trials.riskofbiasassessment', verbose_name='assessment')),
            ],
            options={
                'verbose_name': 'domain judgement',
                'verbose_name_plural': 'domain judgements',
                'ordering': ['assessment', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Trial',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published')], db_index=True, default='draft', max_length=20, verbose_name='curation status')),
                ('slug', models.SlugField(help_text="The trial's address on the site.", max_length=120, unique=True, verbose_name='slug')),
                ('title', models.CharField(max_length=500, verbose_name='official title')),
                ('is_title_official', models.BooleanField(default=True, help_text='Untick when the official title was not captured and the title is our own description; pages then say so instead of calling it the official title.', verbose_name='title is the official one')),
                ('short_title', models.CharField(blank=True, help_text="A plain title a patient can scan, e.g. 'Umbilical-cord MSC in HBV cirrhosis'.", max_length=160, verbose_name='short title')),
                ('short_title_en', models.CharField(blank=True, help_text="A plain title a patient can scan, e.g. 'Umbilical-cord MSC in HBV cirrhosis'.", max_length=160, null=True, verbose_name='short title')),
                ('short_title_es', models.CharField(blank=True, help_text="A plain title a patient can scan, e.g. 'Umbilical-cord MSC in HBV cirrhosis'.", max_length=160, null=True, verbose_name='short title')),
                ('acronym', models.CharField(blank=True, max_length=40, verbose_name='acronym')),
                ('design', models.CharField(blank=True, choices=[('rct', 'Randomised controlled trial'), ('allocation_not_reported', 'Controlled, allocation not reported'), ('non_randomised', 'Non-randomised controlled trial'), ('matched_cohort', 'Cohort with matched controls'), ('dose_comparison', 'Dose comparison (no untreated group)'), ('single_arm', 'Single-arm trial'), ('observational', 'Observational study'), ('case_series', 'Case series')], max_length=30, verbose_name='design')),
                ('design_details', models.CharField(blank=True, help_text="The authors' own words, e.g. 'open-label, 3 arms'.", max_length=300, verbose_name='design as reported')),
                ('design_details_en', models.CharField(blank=True, help_text="The authors' own words, e.g. 'open-label, 3 arms'.", max_length=300, null=True, verbose_name='design as reported')),
                ('design_details_es', models.CharField(blank=True, help_text="The authors' own words, e.g. 'open-label, 3 arms'.", max_length=300, null=True, verbose_name='design as reported')),
                ('masking', models.CharField(blank=True, choices=[('open_label', 'Open label'), ('single', 'Single blind'), ('double', 'Double blind'), ('triple', 'Triple blind'), ('quadruple', 'Quadruple blind')], max_length=20, verbose_name='masking')),
                ('phase', models.CharField(blank=True, choices=[('early_1', 'Early phase 1'), ('1', 'Phase 1'), ('1_2', 'Phase 1/2'), ('2', 'Phase 2'), ('2_3', 'Phase 2/3'), ('3', 'Phase 3'), ('4', 'Phase 4'), ('na', 'Not applicable')], max_length=10, verbose_name='phase')),
                ('recruitment_status', models.CharField(blank=True, choices=[('not_yet_recruiting', 'Not yet recruiting'), ('recruiting', 'Recruiting'), ('enrolling_by_invitation', 'Enrolling by invitation'), ('active_not_recruiting', 'Active, not recruiting'), ('completed', 'Completed'), ('suspended', 'Suspended'), ('terminated', 'Terminated'), ('withdrawn', 'Withdrawn'), ('unknown', 'Unknown')], max_length=30, verbose_name='recruitment status')),
                ('status_as_of', models.DateField(blank=True, help_text="When the registry last confirmed the recruitment status: ClinicalTrials.gov's 'status verified' date, or else the last-update date of the registry record we hold. An ongoing status not confirmed for two years is shown as unknown.", null=True, verbose_name='status as of')),
                ('status_as_of_precision', models.CharField(choices=[('year', 'Year'), ('month', 'Year and month'), ('day', 'Full date')], default='day', help_text="ClinicalTrials.gov gives its 'status verified' date as a month only.", max_length=5, verbose_name='status as of precision')),
                ('condition_text', models.CharField(blank=True, max_length=300, verbose_name='condition as reported')),
                ('condition_text_en', models.CharField(blank=True, max_length=300, null=True, verbose_name='condition as reported')),
                ('condition_text_es', models.CharField(blank=True, max_length=300, null=True, verbose_name='condition as reported')),
                ('sponsor', models.CharField(blank=True, max_length=300, verbose_name='sponsor')),
                ('start_date', models.DateField(blank=True, null=True, verbose_name='start date')),
                ('start_date_precision', models.CharField(choices=[('year', 'Year'), ('month', 'Year and month'), ('day', 'Full date')], default='day', help_text="For '2008-11' enter 2008-11-01 and choose 'Year and month'.", max_length=5, verbose_name='start date precision')),
                ('start_date_kind', models.CharField(blank=True, choices=[('actual', 'Actual'), ('planned', 'Planned')], help_text='Actual or planned, as the source says; empty when it does not say.', max_length=10, verbose_name='start date is')),
                ('completion_date', models.DateField(blank=True, null=True, verbose_name='completion date')),
                ('completion_date_precision', models.CharField(choices=[('year', 'Year'), ('month', 'Year and month'), ('day', 'Full date')], default='day', max_length=5, verbose_name='completion date precision')),
                ('completion_date_kind', models.CharField(blank=True, choices=[('actual', 'Actual'), ('planned', 'Planned')], help_text='Actual or planned, as the source says; empty when it does not say. A planned date is never shown as a completion.', max_length=10, verbose_name='completion date is')),
                ('enrollment', models.PositiveIntegerField(blank=True, null=True, verbose_name='enrollment')),
                ('enrollment_kind', models.CharField(blank=True, choices=[('actual', 'Actual'), ('estimated', 'Estimated or planned'), ('randomised', 'Randomised'), ('analysed', 'Analysed')], max_length=20, verbose_name='enrollment counts')),
                ('enrollment_details', models.CharField(blank=True, max_length=300, verbose_name='enrollment as reported')),
                ('enrollment_details_en', models.CharField(blank=True, max_length=300, null=True, verbose_name='enrollment as reported')),
                ('enrollment_details_es', models.CharField(blank=True, max_length=300, null=True, verbose_name='enrollment as reported')),
                ('follow_up', models.CharField(blank=True, help_text="e.g. '24 weeks', '75 months'.", max_length=200, verbose_name='follow-up')),
                ('follow_up_en', models.CharField(blank=True, help_text="e.g. '24 weeks', '75 months'.", max_length=200, null=True, verbose_name='follow-up')),
                ('follow_up_es', models.CharField(blank=True, help_text="e.g. '24 weeks', '75 months'.", max_length=200, null=True, verbose_name='follow-up')),
                ('follow_up_weeks', models.PositiveIntegerField(blank=True, null=True, verbose_name='follow-up in weeks')),
                ('plain_summary', models.TextField(blank=True, help_text='What the trial did and found, in short plain sentences. No claims of cure.', verbose_name='plain-language summary')),
                ('plain_summary_en', models.TextField(blank=True, help_text='What the trial did and found, in short plain sentences. No claims of cure.', null=True, verbose_name='plain-language summary')),
                ('plain_summary_es', models.TextField(blank=True, help_text='What the trial did and found, in short plain sentences. No claims of cure.', null=True, verbose_name='plain-language summary')),
                ('clinician_summary', models.TextField(blank=True, verbose_name='clinician summary')),
                ('safety_summary', models.TextField(blank=True, verbose_name='safety summary')),
                ('safety_summary_en', models.TextField(blank=True, null=True, verbose_name='safety summary')),
                ('safety_summary_es', models.TextField(blank=True, null=True, verbose_name='safety summary')),
                ('data_notes', models.TextField(blank=True, help_text='Doubts and conflicts between sources, shown to readers.', verbose_name='notes on the data')),
                ('data_notes_en', models.TextField(blank=True, help_text='Doubts and conflicts between sources, shown to readers.', null=True, verbose_name='notes on the data')),
                ('data_notes_es', models.TextField(blank=True, help_text='Doubts and conflicts between sources, shown to readers.', null=True, verbose_name='notes on the data')),
                ('unverified_fields', models.JSONField(blank=True, default=list, help_text="Names of fields that only a review's table supports (shown as unverified).", verbose_name='unverified fields')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted for review at')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='first published at')),
                ('last_reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='last reviewed at')),
                ('registry_last_updated_date', models.DateField(blank=True, help_text='Set by the ClinicalTrials.gov importer.', null=True, verbose_name='registry record last updated')),
                ('registry_synced_at', models.DateTimeField(blank=True, null=True, verbose_name='registry last imported at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='updated at')),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='edit version')),
                ('search_text', models.TextField(blank=True, default='', editable=False)),
                ('conditions', models.ManyToManyField(blank=True, related_name='trials', to='trials.condition', verbose_name='conditions')),
                ('countries', models.ManyToManyField(blank=True, related_name='trials', to='trials.country', verbose_name='countries')),
                ('etiologies', models.ManyToManyField(blank=True, related_name='trials', to='trials.etiology', verbose_name='etiologies')),
                ('last_reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reviewed_trials', to=settings.AUTH_USER_MODEL, verbose_name='last reviewed by')),
            ],
            options={
                'verbose_name': 'trial',
                'verbose_name_plural': 'trials',
                'ordering': ['-updated_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SameStudyLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('reason', models.TextField(help_text='Only what the sources show (authors, hospital, dates, patients, registry).', verbose_name='why they may be the same study')),
                ('reason_en', models.TextField(help_text='Only what the sources show (authors, hospital, dates, patients, registry).', null=True, verbose_name='why they may be the same study')),
                ('reason_es', models.TextField(help_text='Only what the sources show (authors, hospital, dates, patients, registry).', null=True, verbose_name='why they may be the same study')),
                ('kept_reason', models.CharField(help_text='For instance: randomised, larger, longer follow-up, the registered report.', max_length=300, verbose_name='why this one is kept')),
                ('kept_reason_en', models.CharField(help_text='For instance: randomised, larger, longer follow-up, the registered report.', max_length=300, null=True, verbose_name='why this one is kept')),
                ('kept_reason_es', models.CharField(help_text='For instance: randomised, larger, longer follow-up, the registered report.', max_length=300, null=True, verbose_name='why this one is kept')),
                ('kept_trial', models.ForeignKey(help_text='Of the two, the one our pooled results use when both would enter.', on_delete=django.db.models.deletion.CASCADE, related_name='same_study_kept', to='trials.trial', verbose_name='trial kept in pooling')),
                ('other_trial', models.ForeignKey(help_text='Left out of a pooled result that already holds the kept trial.', on_delete=django.db.models.deletion.CASCADE, related_name='same_study_left_out', to='trials.trial', verbose_name='trial left out of pooling')),
            ],
            options={
                'verbose_name': 'possible same-study link',
                'verbose_name_plural': 'possible same-study links',
                'ordering': ['kept_trial', 'other_trial'],
            },
        ),
        migrations.AddField(
            model_name='riskofbiasassessment',
            name='trial',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bias_assessments', to='trials.trial', verbose_name='trial'),
        ),
        migrations.CreateModel(
            name='RegistryId',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('registry', models.CharField(choices=[('ctgov', 'ClinicalTrials.gov'), ('chictr', 'ChiCTR'), ('isrctn', 'ISRCTN'), ('euctr', 'EU CTR'), ('irct', 'IRCT'), ('umin', 'UMIN-CTR'), ('ctri', 'CTRI'), ('other', 'Other')], max_length=10, verbose_name='registry')),
                ('identifier', models.CharField(max_length=60, verbose_name='identifier')),
                ('is_inferred', models.BooleanField(default=False, help_text='Tick when the paper does not print this id and the link rests on matching.', verbose_name='link inferred')),
                ('trial', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registry_ids', to='trials.trial', verbose_name='trial')),
            ],
            options={
                'verbose_name': 'registry id',
                'verbose_name_plural': 'registry ids',
                'ordering': ['registry', 'identifier'],
            },
        ),
        migrations.CreateModel(
            name='PendingRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='saved at')),
                ('base_version', models.PositiveIntegerField(verbose_name='trial version it was made from')),
                ('snapshot', models.TextField(verbose_name='the trial as changed')),
                ('new_rows', models.JSONField(blank=True, default=list, verbose_name='rows added')),
                ('status', models.CharField(choices=[('pending', 'waiting for approval'), ('approved', 'approved'), ('sent_back', 'sent back')], db_index=True, default='pending', max_length=20, verbose_name='status')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed at')),
                ('review_comment', models.TextField(blank=True, verbose_name="reviewer's comment or reason")),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('reviewer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                ('trial', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pending_revisions', to='trials.trial', verbose_name='trial')),
            ],
            options={
                'verbose_name': 'pending change',
                'verbose_name_plural': 'pending changes',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='OutcomeResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('timepoint_weeks', models.FloatField(blank=True, help_text='Weeks after the first administration; 0 is baseline.', null=True, verbose_name='timepoint (weeks)')),
                ('timepoint_label', models.CharField(blank=True, max_length=200, verbose_name='timepoint as reported')),
                ('timepoint_label_en', models.CharField(blank=True, max_length=200, null=True, verbose_name='timepoint as reported')),
                ('timepoint_label_es', models.CharField(blank=True, max_length=200, null=True, verbose_name='timepoint as reported')),
                ('shape', models.CharField(choices=[('mean_sd', 'Mean, SD and n'), ('median_iqr', 'Median and IQR (or range)'), ('events', 'Events out of total'), ('percentage', 'Percentage with 95% CI'), ('effect', 'Between-arm effect (OR, RR, HR, MD)'), ('before_after', 'Before and after in one arm'), ('significance', 'Reported as significant or not, no number')], max_length=20, verbose_name='what was reported')),
                ('is_change_from_baseline', models.BooleanField(default=False, verbose_name='change from baseline')),
                ('n', models.PositiveIntegerField(blank=True, null=True, verbose_name='participants analysed')),
                ('mean', models.FloatField(blank=True, null=True, verbose_name='mean')),
                ('sd', models.FloatField(blank=True, null=True, verbose_name='SD')),
                ('median', models.FloatField(blank=True, null=True, verbose_name='median')),
                ('q1', models.FloatField(blank=True, null=True, verbose_name='lower quartile or minimum')),
                ('q3', models.FloatField(blank=True, null=True, verbose_name='upper quartile or maximum')),
                ('spread_is_range', models.BooleanField(default=False, help_text='Tick when q1/q3 hold min and max.', verbose_name='spread is a range')),
                ('baseline_mean', models.FloatField(blank=True, null=True, verbose_name='baseline mean')),
                ('baseline_sd', models.FloatField(blank=True, null=True, verbose_name='baseline SD')),
                ('events', models.PositiveIntegerField(blank=True, null=True, verbose_name='events')),
                ('total', models.PositiveIntegerField(blank=True, null=True, verbose_name='total')),
                ('percentage', models.FloatField(blank=True, null=True, verbose_name='percentage')),
                ('effect_measure', models.CharField(blank=True, choices=[('MD', 'Mean difference'), ('SMD', 'Standardised mean difference'), ('RR', 'Risk ratio'), ('OR', 'Odds ratio'), ('HR', 'Hazard ratio'), ('RD', 'Risk difference')], max_length=3, verbose_name='effect measure')),
                ('effect_value', models.FloatField(blank=True, null=True, verbose_name='effect estimate')),
                ('ci_low', models.FloatField(blank=True, null=True, verbose_name='95% CI lower')),
                ('ci_high', models.FloatField(blank=True, null=True, verbose_name='95% CI upper')),
                ('p_value', models.CharField(blank=True, help_text="e.g. '0.03' or '<0.05'.", max_length=60, verbose_name='p-value as reported')),
                ('significance', models.CharField(blank=True, choices=[('significant', 'Reported as statistically significant'), ('not_significant', 'Reported as not statistically significant')], max_length=20, verbose_name='reported significance')),
                ('favours', models.CharField(blank=True, choices=[('experimental', 'Favours the cell therapy'), ('control', 'Favours the control'), ('neither', 'No difference reported')], max_length=20, verbose_name='direction')),
                ('unit_reported', models.CharField(blank=True, max_length=60, verbose_name='unit as reported')),
                ('value_canonical', models.FloatField(blank=True, editable=False, help_text="The mean, median or percentage converted to the measure's unit.", null=True, verbose_name='value in the canonical unit')),
                ('sd_canonical', models.FloatField(editable=False, null=True, verbose_name='SD in the canonical unit')),
                ('statement', models.CharField(blank=True, help_text="One sentence in your own words, e.g. 'Albumin rose in the MSC arm'.", max_length=500, verbose_name='what was reported')),
                ('statement_en', models.CharField(blank=True, help_text="One sentence in your own words, e.g. 'Albumin rose in the MSC arm'.", max_length=500, null=True, verbose_name='what was reported')),
                ('statement_es', models.CharField(blank=True, help_text="One sentence in your own words, e.g. 'Albumin rose in the MSC arm'.", max_length=500, null=True, verbose_name='what was reported')),
                ('source_location', models.CharField(blank=True, help_text="Table, figure or page, e.g. 'Table 2' or 'abstract'.", max_length=100, verbose_name='where in the source')),
                ('source_location_en', models.CharField(blank=True, help_text="Table, figure or page, e.g. 'Table 2' or 'abstract'.", max_length=100, null=True, verbose_name='where in the source')),
                ('source_location_es', models.CharField(blank=True, help_text="Table, figure or page, e.g. 'Table 2' or 'abstract'.", max_length=100, null=True, verbose_name='where in the source')),
                ('source_kind', models.CharField(choices=[('publication', "The trial's own publication"), ('registry_results', 'Registry results (to be confirmed)'), ('secondary', "A review's table only (unverified)")], default='publication', max_length=20, verbose_name='source kind')),
                ('is_inconsistent', models.BooleanField(default=False, help_text="Tick when the source's own numbers do not agree (for example a count and its percentage). Keep the numbers as printed, say what conflicts in the statement; the result is shown with a warning and never pooled.", verbose_name='internally inconsistent, excluded from pooling')),
                ('registry_version_date', models.DateField(blank=True, null=True, verbose_name='registry version date')),
                ('verified_at', models.DateTimeField(blank=True, null=True, verbose_name='verified at')),
                ('arm', models.ForeignKey(blank=True, help_text='Leave empty for a result about the whole trial.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='outcome_results', to='trials.arm', verbose_name='arm')),
                ('comparator_arm', models.ForeignKey(blank=True, help_text='For a between-arm effect: the control arm.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='compared_outcome_results', to='trials.arm', verbose_name='compared with arm')),
                ('measure', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='outcome_results', to='trials.outcomemeasure', verbose_name='measure')),
                ('reference', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='outcome_results', to='evidence.reference', verbose_name='reported in')),
                ('verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='verified_outcome_results', to=settings.AUTH_USER_MODEL, verbose_name='verified by')),
                ('trial', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outcome_results', to='trials.trial', verbose_name='trial')),
            ],
            options={
                'verbose_name': 'outcome result',
                'verbose_name_plural': 'outcome results',
                'ordering': ['trial', 'measure', 'timepoint_weeks', 'arm__position', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='arm',
            name='trial',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='arms', to='trials.trial', verbose_name='trial'),
        ),
        migrations.AddConstraint(
            model_name='condition',
            constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='trials_condition_not_own_parent'),
        ),
        migrations.AddConstraint(
            model_name='coveragegap',
            constraint=models.UniqueConstraint(fields=('note', 'position'), name='trials_coveragegap_unique_position'),
        ),
        migrations.AddConstraint(
            model_name='coveragegap',
            constraint=models.CheckConstraint(condition=models.Q(('identifier', ''), _negated=True), name='trials_coveragegap_identifier_given', violation_error_message="Give the missing study's identifier."),
        ),
        migrations.AddConstraint(
            model_name='domainjudgement',
            constraint=models.UniqueConstraint(fields=('assessment', 'domain'), name='trials_domainjudgement_one_per_domain', violation_error_message='Each domain is judged once.'),
        ),
        migrations.AddConstraint(
            model_name='trial',
            constraint=models.CheckConstraint(condition=models.Q(('start_date__isnull', True), ('completion_date__isnull', True), ('completion_date__gte', models.F('start_date')), _connector='OR'), name='trials_trial_completion_after_start', violation_error_message='The completion date cannot be before the start date.'),
        ),
        migrations.AddConstraint(
            model_name='trial',
            constraint=models.CheckConstraint(condition=models.Q(('start_date_kind', ''), ('start_date__isnull', False), _connector='OR'), name='trials_trial_start_kind_needs_date', violation_error_message='Say whether the start date is actual or planned only when there is a start date.'),
        ),
        migrations.AddConstraint(
            model_name='trial',
            constraint=models.CheckConstraint(condition=models.Q(('completion_date_kind', ''), ('completion_date__isnull', False), _connector='OR'), name='trials_trial_completion_kind_needs_date', violation_error_message='Say whether the completion date is actual or planned only when there is a completion date.'),
        ),
        migrations.AddConstraint(
            model_name='samestudylink',
            constraint=models.CheckConstraint(condition=models.Q(('kept_trial', models.F('other_trial')), _negated=True), name='trials_samestudylink_two_trials', violation_error_message='A trial cannot be the same study as itself.'),
        ),
        migrations.AddConstraint(
            model_name='samestudylink',
            constraint=models.UniqueConstraint(django.db.models.functions.comparison.Least('kept_trial', 'other_trial'), django.db.models.functions.comparison.Greatest('kept_trial', 'other_trial'), name='trials_samestudylink_one_link_per_pair', violation_error_message='These two trials are already linked.'),
        ),
        migrations.AddConstraint(
            model_name='riskofbiasassessment',
            constraint=models.UniqueConstraint(condition=models.Q(('measure__isnull', True)), fields=('trial',), name='trials_riskofbiasassessment_one_whole_trial', violation_error_message='This trial already has an assessment for all its outcomes.'),
        ),
        migrations.AddConstraint(
            model_name='riskofbiasassessment',
            constraint=models.UniqueConstraint(fields=('trial', 'measure'), name='trials_riskofbiasassessment_one_per_outcome', violation_error_message='This trial already has an assessment for this outcome.'),
        ),
        migrations.AddConstraint(
            model_name='registryid',
            constraint=models.UniqueConstraint(fields=('registry', 'identifier'), name='trials_registryid_unique_identifier', violation_error_message='This registry id is already linked to a trial.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(('sd__isnull', True), ('sd__gte', 0), _connector='OR'), name='trials_outcomeresult_sd_not_negative', violation_error_message='A standard deviation cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(('baseline_sd__isnull', True), ('baseline_sd__gte', 0), _connector='OR'), name='trials_outcomeresult_baseline_sd_not_negative', violation_error_message='A standard deviation cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(('events__isnull', True), ('total__isnull', True), ('events__lte', models.F('total')), _connector='OR'), name='trials_outcomeresult_events_within_total', violation_error_message='There cannot be more events than participants.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(('ci_low__isnull', True), ('ci_high__isnull', True), ('ci_low__lte', models.F('ci_high')), _connector='OR'), name='trials_outcomeresult_ci_ordered', violation_error_message='The lower CI limit must not be above the upper one.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(('timepoint_weeks__isnull', True), ('timepoint_weeks__gte', 0), _connector='OR'), name='trials_outcomeresult_timepoint_not_negative', violation_error_message='A timepoint cannot be before the first administration.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(('percentage__isnull', True), models.Q(('percentage__gte', 0), ('percentage__lte', 100)), _connector='OR'), name='trials_outcomeresult_percentage_range', violation_error_message='A percentage lies between 0 and 100.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('mean__isnull', True), ('sd__isnull', True)), ('shape__in', ['mean_sd', 'before_after']), _connector='OR'), name='trials_outcomeresult_mean_only_for_means', violation_error_message='A mean and SD belong to a result reported as a mean, or before and after: choose that shape or leave them empty.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('median__isnull', True), ('q1__isnull', True), ('q3__isnull', True)), ('shape__in', ['median_iqr']), _connector='OR'), name='trials_outcomeresult_median_only_for_medians', violation_error_message='A median and its quartiles or range belong to a result reported as a median: choose that shape or leave them empty.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('baseline_mean__isnull', True), ('baseline_sd__isnull', True)), ('shape__in', ['before_after']), _connector='OR'), name='trials_outcomeresult_baseline_only_for_before_after', violation_error_message='A baseline mean belongs to a result reported before and after: choose that shape or leave it empty.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('events__isnull', True), ('total__isnull', True)), ('shape__in', ['events']), _connector='OR'), name='trials_outcomeresult_events_only_for_counts', violation_error_message='Events and a total belong to a result reported as events out of a total: choose that shape or leave them empty.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(('percentage__isnull', True), ('shape__in', ['events', 'percentage']), _connector='OR'), name='trials_outcomeresult_percentage_only_for_proportions', violation_error_message='A percentage belongs to a result reported as a percentage or as events out of a total: choose one of those shapes or leave it empty.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('effect_measure', ''), ('effect_value__isnull', True)), ('shape__in', ['effect']), _connector='OR'), name='trials_outcomeresult_effect_only_for_effects', violation_error_message='An effect measure and estimate belong to a result reported as a between-arm effect: choose that shape or leave them empty.'),
        ),
        migrations.AddConstraint(
            model_name='outcomeresult',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('ci_low__isnull', True), ('ci_high__isnull', True)), ('shape__in', ['mean_sd', 'percentage', 'effect']), _connector='OR'), name='trials_outcomeresult_ci_only_with_an_estimate', violation_error_message='A confidence interval goes with a mean, a percentage or an effect: choose one of those shapes or leave it empty.'),
        ),
        migrations.AddConstraint(
            model_name='arm',
            constraint=models.CheckConstraint(condition=models.Q(('dose_cells_per_kg_min__isnull', True), ('dose_cells_per_kg_max__isnull', True), ('dose_cells_per_kg_min__lte', models.F('dose_cells_per_kg_max')), _connector='OR'), name='trials_arm_dose_range_ordered', violation_error_message='The lowest dose must not be above the highest dose.'),
        ),
        migrations.AddConstraint(
            model_name='arm',
            constraint=models.CheckConstraint(condition=models.Q(('dose_cells_per_kg_min__isnull', True), ('dose_cells_per_kg_min__gt', 0), _connector='OR'), name='trials_arm_dose_positive', violation_error_message='A dose must be above zero.'),
        ),
        migrations.RunPython(create_search_vector_index, drop_search_vector_index),
        migrations.RunPython(create_browse_indexes, drop_browse_indexes),
        migrations.RunPython(insert_first_version, drop_version_triggers),
        migrations.RunPython(create_search_functions, drop_search_functions),
        migrations.RunPython(create_title_index, drop_title_index),
    ]
