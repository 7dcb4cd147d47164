"""Who curates: the Curator group (created by migration evidence 0003) and superusers."""

CURATOR_GROUP = "Curator"


def user_is_curator(user: object) -> bool:
    """Superusers and staff in the Curator group."""
    if not (getattr(user, "is_active", False) and getattr(user, "is_staff", False)):
        return False
    return user.is_superuser or user.groups.filter(name=CURATOR_GROUP).exists()
