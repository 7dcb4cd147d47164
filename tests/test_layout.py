"""The layout's rules that Python imports alone do not show (import-linter checks the imports)."""

from django.contrib import admin

from trials.admin import TrialAdmin
from trials.models import Trial


def test_evidence_extends_the_trial_admin_without_changing_it():
    registered = admin.site.get_model_admin(Trial)
    assert isinstance(registered, TrialAdmin) and type(registered) is not TrialAdmin
    assert [inline.__name__ for inline in TrialAdmin.inlines] == [
        "RegistryIdInline",
        "ArmInline",
        "OutcomeResultInline",
    ]
    assert "get_urls" not in vars(TrialAdmin)
    assert "trials_trial_import" in {url.name for url in registered.get_urls()}
