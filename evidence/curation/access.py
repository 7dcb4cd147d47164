"""Who curates: the Curator group and superusers.

The group is created by migration evidence 0003 and brought up to date after every `migrate` (and
after a test flushes the database) by `curator_group_ensure`, so a model added later is curated too.
"""

CURATOR_GROUP = "Curator"
CURATED_APPS = ("trials", "evidence")


def curator_group_ensure(**kwargs: object) -> None:
    """post_migrate: the Curator group exists with every permission on the curated apps' models."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=CURATOR_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=CURATED_APPS))


def user_is_curator(user: object) -> bool:
    """Superusers and staff in the Curator group."""
    if not (getattr(user, "is_active", False) and getattr(user, "is_staff", False)):
        return False
    return user.is_superuser or user.groups.filter(name=CURATOR_GROUP).exists()
