"""The data version the public pages' caches carry (see trials/page_cache.py).

The triggers that change it are installed after every migrate by trials.page_cache (post_migrate),
so tables added later are covered; going back past this migration removes them first.
"""

from django.db import migrations, models


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


class Migration(migrations.Migration):
    dependencies = [("trials", "0016_risk_of_bias")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("token", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "data version"},
        ),
        migrations.RunPython(insert_first_version, drop_version_triggers),
    ]
