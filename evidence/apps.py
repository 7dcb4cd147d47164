from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Evidence")

    def ready(self) -> None:
        from evidence.curation.access import curator_group_ensure
        from evidence.models import TrialReference
        from evidence.models.integrity import drop_integrity_triggers, install_integrity_triggers
        from trials.models.trial_version import trial_rows_register
        from trials.page_cache import connect_version_triggers

        # After this app's migrations (and after a flush): trials' and evidence's permissions exist.
        post_migrate.connect(curator_group_ensure, sender=self)
        # Every evidence table changes the public pages' data version (trials.page_cache).
        connect_version_triggers(self)
        # A result cites only its trial's references, whoever writes (evidence.models.integrity).
        # (dropped while migrating: SQLite cannot rebuild a table another table's trigger names).
        pre_migrate.connect(drop_integrity_triggers, sender=self)
        post_migrate.connect(install_integrity_triggers, sender=self)
        # A reference link is a row of its trial: writing it raises the trial's version.
        trial_rows_register(self, [TrialReference])
