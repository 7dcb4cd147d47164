"""The layout's rules that Python imports alone do not show (import-linter checks the imports)."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.template import engines
from django.template.loader import get_template

from trials.admin import TrialAdmin
from trials.models import Trial


def test_evidence_extends_the_trial_admin_without_changing_it():
    registered = admin.site.get_model_admin(Trial)
    assert isinstance(registered, TrialAdmin) and type(registered) is not TrialAdmin
    assert [inline.__name__ for inline in TrialAdmin.inlines] == [
        "RegistryIdInline",
    ]  # arms and outcome results: listed on the trial form, each edited on its own page
    assert "get_urls" not in vars(TrialAdmin)
    assert "trials_trial_import" in {url.name for url in registered.get_urls()}


# What the catalogue's templates may take from evidence: the visitor's-list buttons, the export
# downloads, a condition's pooled outcomes and the publications of its trials. Anything else
# from evidence belongs in evidence's own pages.
ALLOWED_EVIDENCE_PARTIALS = {
    "evidence/includes/trial_actions.html",
    "evidence/includes/reference_actions.html",
    "evidence/includes/list_downloads.html",
}
# "citations": a reference cited by the exports' CSL engine (trials/includes/citation.html).
ALLOWED_EVIDENCE_TAG_LIBRARIES = {"citations", "synthesis", "trial_publications"}
TEMPLATE_TAG = re.compile(r"{%\s*(include|load)\s+(.+?)\s*%}")


def _trials_template_uses() -> tuple[set[str], set[str]]:
    included, loaded = set(), set()
    for path in (settings.BASE_DIR / "trials" / "templates").rglob("*.html"):
        for tag, argument in TEMPLATE_TAG.findall(path.read_text()):
            if tag == "include":
                included.add(argument.split()[0].strip("\"'"))
            else:
                loaded.update(name for name in argument.split() if name != "from")
    return included, loaded


def test_trials_templates_take_only_the_allowed_evidence_partials():
    included, _loaded = _trials_template_uses()
    evidence_dir = settings.BASE_DIR / "evidence"
    from_evidence = {
        name
        for name in included
        if Path(get_template(name).origin.name).is_relative_to(evidence_dir)
    }
    assert from_evidence == ALLOWED_EVIDENCE_PARTIALS
    assert all(name.startswith(("trials/", "evidence/includes/")) for name in included)


def test_trials_templates_load_only_the_allowed_evidence_tag_libraries():
    _included, loaded = _trials_template_uses()
    libraries = engines["django"].engine.libraries  # name -> module path
    from_evidence = {name for name in loaded if libraries[name].startswith("evidence.")}
    assert from_evidence == ALLOWED_EVIDENCE_TAG_LIBRARIES


def test_the_layout_check_sees_an_evidence_library():
    # The check above would pass vacuously if it could not tell where a library comes from.
    assert engines["django"].engine.libraries["synthesis"] == "evidence.templatetags.synthesis"
