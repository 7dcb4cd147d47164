"""Each trial's comparisons for pooling, stored (evidence.models.effects). Every trial starts
stale; post_migrate stores them all (evidence.synthesis.stored.refresh_after_migrate)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0017_stored_citations'),
        ('trials', '0026_result_numbers_follow_shape'),
    ]

    operations = [
        migrations.CreateModel(
            name='TrialEffectRefresh',
            fields=[
                ('trial_id', models.BigIntegerField(primary_key=True, serialize=False)),
            ],
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
            options={
                'indexes': [models.Index(condition=models.Q(('exclusion', '')), fields=['trial'], name='evidence_trialeffect_used'), models.Index(fields=['measure', 'window', 'intervention_class'], name='evidence_trialeffect_group')],
            },
        ),
        migrations.RunSQL(
            "INSERT INTO evidence_trialeffectrefresh (trial_id) SELECT id FROM trials_trial",
            migrations.RunSQL.noop,
        ),
    ]
