from django.contrib.admin.apps import AdminConfig


class CuratorAdminConfig(AdminConfig):
    """django.contrib.admin with config.admin.CuratorAdminSite as admin.site."""

    default_site = "config.admin.CuratorAdminSite"
