from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = _("Trials")

    def ready(self) -> None:
        from trials.page_cache import connect_version_triggers

        # After every migrate and flush: this app's tables change the pages' data version.
        connect_version_triggers(self)
