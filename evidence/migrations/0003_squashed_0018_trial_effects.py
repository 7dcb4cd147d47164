"""The evidence migrations 0003 to 0018 in one, for a new database (Django's squashed migration:
a database that has run any of 0003-0018 keeps running those, which stay in this folder).

From the state 0001 and 0002 leave to the models as they are (`makemigrations`), after the
trials migrations in one (trials 0001_squashed_0027). The RunPython operations of 0003-0018 that
a new database needs (the Curator group, PostgreSQL's index on folded family names) are copied
below, unchanged; those that only move or fill existing rows (lists out of sessions, the stored
effects' refresh queue) have nothing to do in a new database and are left out.
tests/test_migrations.py checks that these migrations and the chain they replace build the same
schema.
"""

import django.db.models.deletion
from django.db import migrations, models


from django.contrib.auth.management import create_permissions

CURATED_APPS = ("trials", "evidence")


# From 0003_curator_group.
def create_curator_group(apps, schema_editor) -> None:
    # Permissions are normally created after migrate; create them now so the group gets them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curator")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=CURATED_APPS))


def remove_curator_group(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name="Curator").delete()


# From 0012_author_family_folded_index (PostgreSQL; trials_fold_name comes from the trials squash).
def create_family_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS evidence_referenceauthor_family_folded "
            "ON evidence_referenceauthor (trials_fold_name(family))"
        )


def drop_family_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS evidence_referenceauthor_family_folded")



class Migration(migrations.Migration):
    replaces = [
        ("evidence", "0003_curator_group"),
        ("evidence", "0004_translated_fields"),
        ("evidence", "0005_trialreference_reading_order"),
        ("evidence", "0006_reference_completeness"),
        ("evidence", "0007_translated_review_text"),
        ("evidence", "0008_review_included_studies"),
        ("evidence", "0009_shared_list"),
        ("evidence", "0010_certainty_rating"),
        ("evidence", "0011_claims"),
        ("evidence", "0012_author_family_folded_index"),
        ("evidence", "0013_basket_item"),
        ("evidence", "0014_history_moves_to_reversion"),
        ("evidence", "0015_claim_syntheses"),
        ("evidence", "0016_review_conditions"),
        ("evidence", "0017_stored_citations"),
        ("evidence", "0018_trial_effects"),
    ]

    dependencies = [
        ("evidence", "0002_initial"),
        ("trials", "0001_squashed_0027_title_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name='SharedList',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=32, unique=True, verbose_name='token')),
                ('session_key', models.CharField(max_length=40, unique=True, verbose_name='session key')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
            ],
            options={
                'verbose_name': 'shared list',
                'verbose_name_plural': 'shared lists',
            },
        ),
        migrations.CreateModel(
            name='StoredCitation',
            fields=[
                ('reference', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='stored_citation', serialize=False, to='evidence.reference', verbose_name='reference')),
                ('entries', models.JSONField(default=dict, verbose_name='entries')),
            ],
            options={
                'verbose_name': 'stored citation',
                'verbose_name_plural': 'stored citations',
            },
        ),
        migrations.CreateModel(
            name='StoredRegistryCitation',
            fields=[
                ('registry_record', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='stored_citation', serialize=False, to='trials.registryid', verbose_name='registry id')),
                ('entries', models.JSONField(default=dict, verbose_name='entries')),
            ],
            options={
                'verbose_name': 'stored registry record citation',
                'verbose_name_plural': 'stored registry record citations',
            },
        ),
        migrations.CreateModel(
            name='TrialEffectRefresh',
            fields=[
                ('trial_id', models.BigIntegerField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.RemoveField(
            model_name='historicalreference',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalreferenceauthor',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalreferenceauthor',
            name='reference',
        ),
        migrations.RemoveField(
            model_name='historicalreview',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalreview',
            name='reference',
        ),
        migrations.RemoveField(
            model_name='historicalreview_trials',
            name='history',
        ),
        migrations.RemoveField(
            model_name='historicalreview_trials',
            name='review',
        ),
        migrations.RemoveField(
            model_name='historicalreview_trials',
            name='trial',
        ),
        migrations.RemoveField(
            model_name='historicaltrialreference',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicaltrialreference',
            name='reference',
        ),
        migrations.RemoveField(
            model_name='historicaltrialreference',
            name='trial',
        ),
        migrations.AlterModelOptions(
            name='trialreference',
            options={'ordering': ['trial', models.OrderBy(models.Case(models.When(role='primary_results', then=models.Value(0)), models.When(role='long_term_follow_up', then=models.Value(1)), models.When(role='protocol', then=models.Value(2)), models.When(role='registry_record', then=models.Value(3)), models.When(role='secondary_analysis', then=models.Value(4)), models.When(role='included_in_review', then=models.Value(5)), default=models.Value(6))), models.OrderBy(models.F('reference__year'), descending=True, nulls_last=True), 'pk'], 'verbose_name': 'trial reference', 'verbose_name_plural': 'trial references'},
        ),
        migrations.AddField(
            model_name='pooledresult',
            name='note_en',
            field=models.CharField(blank=True, max_length=500, null=True, verbose_name='note'),
        ),
        migrations.AddField(
            model_name='pooledresult',
            name='note_es',
            field=models.CharField(blank=True, max_length=500, null=True, verbose_name='note'),
        ),
        migrations.AddField(
            model_name='pooledresult',
            name='statement_en',
            field=models.CharField(blank=True, max_length=500, null=True, verbose_name='what was reported'),
        ),
        migrations.AddField(
            model_name='pooledresult',
            name='statement_es',
            field=models.CharField(blank=True, max_length=500, null=True, verbose_name='what was reported'),
        ),
        migrations.AddField(
            model_name='pooledresult',
            name='timepoint_label_en',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='timepoint as reported'),
        ),
        migrations.AddField(
            model_name='pooledresult',
            name='timepoint_label_es',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='timepoint as reported'),
        ),
        migrations.AddField(
            model_name='reference',
            name='authors_complete',
            field=models.BooleanField(default=True, help_text='Untick when the source names only the first authors followed by “et al.”: exports then write “et al.” after them.', verbose_name='author list complete'),
        ),
        migrations.AddField(
            model_name='reference',
            name='unverified_fields',
            field=models.JSONField(blank=True, default=list, help_text="Names of fields that only a review's table supports (shown as unverified).", verbose_name='unverified fields'),
        ),
        migrations.AddField(
            model_name='review',
            name='conditions',
            field=models.ManyToManyField(blank=True, help_text="The conditions of the review's population, as its abstract states them; its page is then shown on those conditions' pages (besides those of the trials it included).", related_name='reviews', to='trials.condition', verbose_name='conditions studied'),
        ),
        migrations.AddField(
            model_name='review',
            name='data_notes_en',
            field=models.TextField(blank=True, null=True, verbose_name='notes on the data'),
        ),
        migrations.AddField(
            model_name='review',
            name='data_notes_es',
            field=models.TextField(blank=True, null=True, verbose_name='notes on the data'),
        ),
        migrations.AddField(
            model_name='review',
            name='findings_en',
            field=models.TextField(blank=True, null=True, verbose_name='findings in plain words'),
        ),
        migrations.AddField(
            model_name='review',
            name='findings_es',
            field=models.TextField(blank=True, null=True, verbose_name='findings in plain words'),
        ),
        migrations.AddField(
            model_name='review',
            name='included_studies_complete',
            field=models.BooleanField(default=False, help_text="Tick when the included studies below are the review's whole list; leave it unticked while only part of its table has been extracted.", verbose_name='list of included studies complete'),
        ),
        migrations.AddField(
            model_name='review',
            name='interventions_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='interventions'),
        ),
        migrations.AddField(
            model_name='review',
            name='interventions_es',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='interventions'),
        ),
        migrations.AddField(
            model_name='review',
            name='population_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='population'),
        ),
        migrations.AddField(
            model_name='review',
            name='population_es',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='population'),
        ),
        migrations.AddField(
            model_name='review',
            name='short_title_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='short title'),
        ),
        migrations.AddField(
            model_name='review',
            name='short_title_es',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='short title'),
        ),
        migrations.AddField(
            model_name='review',
            name='statistical_model_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='statistical model'),
        ),
        migrations.AddField(
            model_name='review',
            name='statistical_model_es',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='statistical model'),
        ),
        migrations.AlterField(
            model_name='review',
            name='trials',
            field=models.ManyToManyField(blank=True, help_text='Kept equal to the trials its included studies are matched to.', related_name='reviews', to='trials.trial', verbose_name='included trials we hold'),
        ),
        migrations.CreateModel(
            name='BasketItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('trials', 'trial'), ('references', 'reference')], max_length=10, verbose_name='kind')),
                ('item_id', models.PositiveBigIntegerField(verbose_name='trial or reference id')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='sessions.session', verbose_name='session')),
            ],
            options={
                'verbose_name': "item on a visitor's list",
                'verbose_name_plural': "items on visitors' lists",
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='CertaintyRating',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published')], db_index=True, default='draft', max_length=20, verbose_name='curation status')),
                ('intervention_class', models.CharField(choices=[('msc', 'MSC'), ('msc_derived_cell_free', 'MSC-derived, cell-free (vesicles, secretome)'), ('other_cells', 'other cells (bone-marrow mononuclear, CD34+/CD133+, uncultured fat-derived, unspecified)')], max_length=30, verbose_name='cells pooled')),
                ('window', models.CharField(choices=[('2 weeks', 'about 2 weeks (1–3)'), ('4 weeks', 'about 4 weeks (3.5–6)'), ('12 weeks', 'about 12 weeks (8–16)'), ('24 weeks', 'about 24 weeks (18–30)'), ('48 weeks', 'about 48 weeks (40–56)'), ('2 years', 'about 2 years (90–120 weeks)')], max_length=20, verbose_name='time window')),
                ('design_group', models.CharField(choices=[('randomised', 'Randomised trials'), ('other', 'Other controlled studies (not known to be randomised)')], default='randomised', max_length=20, verbose_name='studies pooled')),
                ('risk_of_bias', models.PositiveSmallIntegerField(blank=True, choices=[(0, 'No serious concern (0)'), (1, 'Serious: down one level (−1)'), (2, 'Very serious: down two levels (−2)')], help_text="Empty: keep the software's suggestion shown on the page.", null=True, verbose_name='risk of bias')),
                ('risk_of_bias_reason', models.CharField(blank=True, max_length=500, verbose_name='risk of bias: reason')),
                ('risk_of_bias_reason_en', models.CharField(blank=True, max_length=500, null=True, verbose_name='risk of bias: reason')),
                ('risk_of_bias_reason_es', models.CharField(blank=True, max_length=500, null=True, verbose_name='risk of bias: reason')),
                ('inconsistency', models.PositiveSmallIntegerField(blank=True, choices=[(0, 'No serious concern (0)'), (1, 'Serious: down one level (−1)'), (2, 'Very serious: down two levels (−2)')], help_text="Empty: keep the software's suggestion shown on the page.", null=True, verbose_name='inconsistency')),
                ('inconsistency_reason', models.CharField(blank=True, max_length=500, verbose_name='inconsistency: reason')),
                ('inconsistency_reason_en', models.CharField(blank=True, max_length=500, null=True, verbose_name='inconsistency: reason')),
                ('inconsistency_reason_es', models.CharField(blank=True, max_length=500, null=True, verbose_name='inconsistency: reason')),
                ('indirectness', models.PositiveSmallIntegerField(blank=True, choices=[(0, 'No serious concern (0)'), (1, 'Serious: down one level (−1)'), (2, 'Very serious: down two levels (−2)')], help_text="Empty: keep the software's suggestion shown on the page.", null=True, verbose_name='indirectness')),
                ('indirectness_reason', models.CharField(blank=True, max_length=500, verbose_name='indirectness: reason')),
                ('indirectness_reason_en', models.CharField(blank=True, max_length=500, null=True, verbose_name='indirectness: reason')),
                ('indirectness_reason_es', models.CharField(blank=True, max_length=500, null=True, verbose_name='indirectness: reason')),
                ('imprecision', models.PositiveSmallIntegerField(blank=True, choices=[(0, 'No serious concern (0)'), (1, 'Serious: down one level (−1)'), (2, 'Very serious: down two levels (−2)')], help_text="Empty: keep the software's suggestion shown on the page.", null=True, verbose_name='imprecision')),
                ('imprecision_reason', models.CharField(blank=True, max_length=500, verbose_name='imprecision: reason')),
                ('imprecision_reason_en', models.CharField(blank=True, max_length=500, null=True, verbose_name='imprecision: reason')),
                ('imprecision_reason_es', models.CharField(blank=True, max_length=500, null=True, verbose_name='imprecision: reason')),
                ('publication_bias', models.PositiveSmallIntegerField(blank=True, choices=[(0, 'No serious concern (0)'), (1, 'Serious: down one level (−1)'), (2, 'Very serious: down two levels (−2)')], help_text="Empty: keep the software's suggestion shown on the page.", null=True, verbose_name='publication bias')),
                ('publication_bias_reason', models.CharField(blank=True, max_length=500, verbose_name='publication bias: reason')),
                ('publication_bias_reason_en', models.CharField(blank=True, max_length=500, null=True, verbose_name='publication bias: reason')),
                ('publication_bias_reason_es', models.CharField(blank=True, max_length=500, null=True, verbose_name='publication bias: reason')),
                ('upgrade', models.PositiveSmallIntegerField(choices=[(0, 'None'), (1, 'Up one level (+1)'), (2, 'Up two levels (+2)')], default=0, help_text='Only for studies not known to be randomised: a large effect or a dose response.', verbose_name='upgrade')),
                ('upgrade_reason', models.CharField(blank=True, max_length=500, verbose_name='upgrade: reason')),
                ('upgrade_reason_en', models.CharField(blank=True, max_length=500, null=True, verbose_name='upgrade: reason')),
                ('upgrade_reason_es', models.CharField(blank=True, max_length=500, null=True, verbose_name='upgrade: reason')),
                ('condition', models.ForeignKey(help_text='The condition whose page shows the pooled result (narrower ones included).', on_delete=django.db.models.deletion.PROTECT, related_name='certainty_ratings', to='trials.condition', verbose_name='condition')),
                ('measure', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certainty_ratings', to='trials.outcomemeasure', verbose_name='outcome')),
            ],
            options={
                'verbose_name': 'certainty rating (GRADE)',
                'verbose_name_plural': 'certainty ratings (GRADE)',
                'ordering': ['condition', 'measure', 'intervention_class', 'window', 'design_group'],
            },
        ),
        migrations.CreateModel(
            name='Claim',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published')], db_index=True, default='draft', max_length=20, verbose_name='curation status')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                ('position', models.PositiveSmallIntegerField(default=0, help_text='Order on the claims page (0 first).', verbose_name='position')),
                ('text', models.CharField(help_text='As clinic articles write it, without quotation marks.', max_length=300, verbose_name='the claim')),
                ('text_en', models.CharField(help_text='As clinic articles write it, without quotation marks.', max_length=300, null=True, verbose_name='the claim')),
                ('text_es', models.CharField(help_text='As clinic articles write it, without quotation marks.', max_length=300, null=True, verbose_name='the claim')),
                ('verdict', models.CharField(choices=[('supported', 'Supported'), ('partly_supported', 'Partly supported'), ('not_shown', 'Not shown by controlled evidence'), ('contradicted', 'Contradicted'), ('not_checkable', 'Not checkable yet')], max_length=20, verbose_name='verdict')),
                ('reason', models.TextField(help_text='For patients: what the linked records show and no more. Every fact here must be in a record linked below (in Spanish, usted).', verbose_name='reason in plain words')),
                ('reason_en', models.TextField(help_text='For patients: what the linked records show and no more. Every fact here must be in a record linked below (in Spanish, usted).', null=True, verbose_name='reason in plain words')),
                ('reason_es', models.TextField(help_text='For patients: what the linked records show and no more. Every fact here must be in a record linked below (in Spanish, usted).', null=True, verbose_name='reason in plain words')),
                ('outcome_results', models.ManyToManyField(blank=True, related_name='claims', to='trials.outcomeresult', verbose_name='outcome results')),
                ('pooled_results', models.ManyToManyField(blank=True, related_name='claims', to='evidence.pooledresult', verbose_name='pooled results published in reviews')),
                ('reviews', models.ManyToManyField(blank=True, related_name='claims', to='evidence.review', verbose_name='reviews')),
                ('trials', models.ManyToManyField(blank=True, related_name='claims', to='trials.trial', verbose_name='trials')),
            ],
            options={
                'verbose_name': 'claim',
                'verbose_name_plural': 'claims',
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ClaimSynthesis',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('intervention_class', models.CharField(choices=[('msc', 'MSC'), ('msc_derived_cell_free', 'MSC-derived, cell-free (vesicles, secretome)'), ('other_cells', 'other cells (bone-marrow mononuclear, CD34+/CD133+, uncultured fat-derived, unspecified)')], max_length=30, verbose_name='cells pooled')),
                ('window', models.CharField(choices=[('2 weeks', 'about 2 weeks (1–3)'), ('4 weeks', 'about 4 weeks (3.5–6)'), ('12 weeks', 'about 12 weeks (8–16)'), ('24 weeks', 'about 24 weeks (18–30)'), ('48 weeks', 'about 48 weeks (40–56)'), ('2 years', 'about 2 years (90–120 weeks)')], max_length=20, verbose_name='time window')),
                ('design_group', models.CharField(choices=[('randomised', 'Randomised trials'), ('other', 'Other controlled studies (not known to be randomised)')], default='randomised', max_length=20, verbose_name='studies pooled')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='syntheses', to='evidence.claim', verbose_name='claim')),
                ('condition', models.ForeignKey(help_text='The condition whose page shows the pooled result (narrower ones included).', on_delete=django.db.models.deletion.PROTECT, related_name='claim_syntheses', to='trials.condition', verbose_name='condition')),
                ('measure', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claim_syntheses', to='trials.outcomemeasure', verbose_name='outcome')),
            ],
            options={
                'verbose_name': 'our pooled result deciding the claim',
                'verbose_name_plural': 'our pooled results deciding the claim',
                'ordering': ['claim', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='IncludedStudy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, help_text="Order in the review's own table (0 first).", verbose_name='position')),
                ('citation', models.CharField(help_text="As the review's table or reference list prints it (author, year, country…).", max_length=500, verbose_name='citation as the review gives it')),
                ('registry_id', models.CharField(blank=True, help_text='Only when the review prints one (e.g. NCT01220492).', max_length=60, verbose_name='registry id')),
                ('match_basis', models.CharField(help_text='Why this is (or is not) a trial we hold: first author, year, numbers of patients, registry id…', max_length=300, verbose_name='match basis')),
                ('match_basis_en', models.CharField(help_text='Why this is (or is not) a trial we hold: first author, year, numbers of patients, registry id…', max_length=300, null=True, verbose_name='match basis')),
                ('match_basis_es', models.CharField(help_text='Why this is (or is not) a trial we hold: first author, year, numbers of patients, registry id…', max_length=300, null=True, verbose_name='match basis')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='note')),
                ('note_en', models.CharField(blank=True, max_length=500, null=True, verbose_name='note')),
                ('note_es', models.CharField(blank=True, max_length=500, null=True, verbose_name='note')),
                ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='included_studies', to='evidence.review', verbose_name='review')),
                ('trial', models.ForeignKey(blank=True, help_text='Empty when we hold no trial that this study is: it stays a citation.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='review_inclusions', to='trials.trial', verbose_name='trial we hold')),
            ],
            options={
                'verbose_name': 'included study',
                'verbose_name_plural': 'included studies',
                'ordering': ['review', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='TrialEffect',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('window', models.CharField(max_length=20)),
                ('intervention_class', models.CharField(choices=[('msc', 'MSC'), ('msc_derived_cell_free', 'MSC-derived, cell-free (vesicles, secretome)'), ('other_cells', 'other cells (bone-marrow mononuclear, CD34+/CD133+, uncultured fat-derived, unspecified)')], max_length=30)),
                ('design', models.CharField(max_length=30)),
                ('exclusion', models.CharField(blank=True, max_length=30)),
                ('effect', models.FloatField(null=True)),
                ('variance', models.FloatField(null=True)),
                ('timepoint_weeks', models.FloatField(null=True)),
                ('arms', models.JSONField(default=dict)),
                ('cell_source_ids', models.JSONField(default=list)),
                ('route_ids', models.JSONField(default=list)),
                ('notes', models.JSONField(default=list)),
                ('measure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='trials.outcomemeasure')),
                ('timepoint_result', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='trials.outcomeresult')),
                ('trial', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='effects', to='trials.trial')),
            ],
        ),
        migrations.DeleteModel(
            name='HistoricalPooledResult',
        ),
        migrations.DeleteModel(
            name='HistoricalReference',
        ),
        migrations.DeleteModel(
            name='HistoricalReferenceAuthor',
        ),
        migrations.DeleteModel(
            name='HistoricalReview',
        ),
        migrations.DeleteModel(
            name='HistoricalReview_trials',
        ),
        migrations.DeleteModel(
            name='HistoricalTrialReference',
        ),
        migrations.AddConstraint(
            model_name='basketitem',
            constraint=models.UniqueConstraint(fields=('session', 'kind', 'item_id'), name='evidence_basketitem_once_per_list'),
        ),
        migrations.AddConstraint(
            model_name='certaintyrating',
            constraint=models.UniqueConstraint(fields=('condition', 'measure', 'intervention_class', 'window', 'design_group'), name='evidence_certaintyrating_one_per_pooled_result', violation_error_message='This pooled result already has a rating.'),
        ),
        migrations.AddConstraint(
            model_name='certaintyrating',
            constraint=models.CheckConstraint(condition=models.Q(('upgrade', 0), ('design_group', 'other'), _connector='OR'), name='evidence_certaintyrating_upgrade_only_other_studies', violation_error_message='Randomised evidence starts high and is not rated up (GRADE).'),
        ),
        migrations.AddConstraint(
            model_name='claimsynthesis',
            constraint=models.UniqueConstraint(fields=('claim', 'condition', 'measure', 'intervention_class', 'window', 'design_group'), name='evidence_claimsynthesis_once_per_claim', violation_error_message='This claim already links this pooled result.'),
        ),
        migrations.AddConstraint(
            model_name='includedstudy',
            constraint=models.CheckConstraint(condition=models.Q(('citation', ''), _negated=True), name='evidence_includedstudy_citation_given', violation_error_message='Give the study as the review cites it.'),
        ),
        migrations.AddConstraint(
            model_name='includedstudy',
            constraint=models.CheckConstraint(condition=models.Q(('match_basis', ''), _negated=True), name='evidence_includedstudy_match_basis_given', violation_error_message='Say why this study is, or is not, a trial we hold.'),
        ),
        migrations.AddIndex(
            model_name='trialeffect',
            index=models.Index(condition=models.Q(('exclusion', '')), fields=['trial'], name='evidence_trialeffect_used'),
        ),
        migrations.AddIndex(
            model_name='trialeffect',
            index=models.Index(fields=['measure', 'window', 'intervention_class'], name='evidence_trialeffect_group'),
        ),
        migrations.RunPython(create_curator_group, remove_curator_group),
        migrations.RunPython(create_family_index, drop_family_index),
    ]
