"""The Curator group: every permission on the evidence models, none on users or groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED_APPS = ("trials", "evidence")


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


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_initial"),
        ("trials", "0002_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curator_group, remove_curator_group)]
