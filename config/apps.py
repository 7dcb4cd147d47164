from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.signals import user_logged_in


class CuratorAdminConfig(AdminConfig):
    """django.contrib.admin with config.admin.CuratorAdminSite as admin.site."""

    default_site = "config.admin.CuratorAdminSite"

    def ready(self) -> None:
        super().ready()
        from config.middleware import curator_signed_in

        # A sign-in (also force_login in tests) starts the curator's session expiry.
        user_logged_in.connect(curator_signed_in, dispatch_uid="curator_session_expiry")
