from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def add_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite gets trials_fold_name() in Python; PostgreSQL has it in SQL (trials 0020)."""
    if connection.vendor == "sqlite":
        from trials.search import FOLD_NAME_FUNCTION, fold_name

        connection.connection.create_function(
            FOLD_NAME_FUNCTION,
            1,
            lambda value: None if value is None else fold_name(value),
            deterministic=True,
        )


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = _("Trials")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, pre_migrate

        from trials.models import Arm, OutcomeResult, RegistryId, RiskOfBiasAssessment, Trial
        from trials.models.integrity import drop_shape_rules, install_shape_rules
        from trials.models.trial_change import drop_change_triggers, install_change_triggers
        from trials.models.trial_version import trial_rows_register
        from trials.page_cache import connect_version_triggers

        # After every migrate and flush: this app's tables change the pages' data version.
        connect_version_triggers(self)
        connection_created.connect(add_sqlite_functions)
        # And a result's shape follows its measure's kind, whoever writes.
        # (dropped while migrating: SQLite cannot rebuild a table another table's trigger names).
        pre_migrate.connect(drop_shape_rules, sender=self)
        post_migrate.connect(install_shape_rules, sender=self)
        # Which trials changed, in commit order: the facet index re-reads only those.
        pre_migrate.connect(drop_change_triggers, sender=self)
        post_migrate.connect(install_change_triggers, sender=self)
        # A write to a trial's rows raises its version and marks it updated (trial_version).
        trial_rows_register(
            self,
            [
                Arm,
                OutcomeResult,
                RegistryId,
                RiskOfBiasAssessment,
                Trial.conditions.through,
                Trial.etiologies.through,
                Trial.countries.through,
            ],
        )
