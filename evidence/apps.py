from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate
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
        # Each trial's comparisons for pooling, stored (evidence.models.effects): triggers mark a
        # trial stale whoever writes; after a committed save or delete, and after migrate, the
        # stale trials are stored afresh (readers compute them live meanwhile).
        from evidence.models.effects import drop_effect_triggers, install_effect_triggers
        from evidence.synthesis.stored import refresh_after_commit, refresh_after_migrate

        pre_migrate.connect(drop_effect_triggers, sender=self)
        post_migrate.connect(install_effect_triggers, sender=self)
        post_migrate.connect(refresh_after_migrate, sender=self)
        for model in ("OutcomeResult", "Arm", "Trial", "CellSource", "OutcomeMeasure"):
            sender = apps.get_model("trials", model)
            post_save.connect(refresh_after_commit, sender=sender)
            post_delete.connect(refresh_after_commit, sender=sender)
