from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Evidence")

    def ready(self) -> None:
        from evidence.curation.access import curator_group_ensure

        # After this app's migrations (and after a flush): trials' and evidence's permissions exist.
        post_migrate.connect(curator_group_ensure, sender=self)
