"""Importing trials from ClinicalTrials.gov: create, or refresh what the registry owns.

Each import is one transaction: it parses the whole document first (a malformed one changes
nothing), then full_clean()s and saves every row. Importing the same document twice changes nothing
and adds no history; a refresh updates only registry-owned fields a curator has not changed. Each
study's changes are one revision of its trial's history, with the reason and the date
("Imported from ClinicalTrials.gov 2026-12-07"). A published trial's refresh is not written: it
becomes a pending revision from "Refreshed from ClinicalTrials.gov <date>", which another curator
approves (trials.revisions.pending).
"""

import re
from typing import Any

import reversion
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reversion.models import Version

from evidence.importing.errors import ImporterError
from evidence.importing.services.registry_results import sync_registry_results
from evidence.importing.services.report import ImportReport, save_validated, save_with_reason
from evidence.importing.services.vocabularies import Vocabularies
from evidence.importing.sources import ctgov
from evidence.importing.sources import ctgov_mapping as mapping
from evidence.models import LinkRole, Reference, ReferenceKind, TrialReference
from trials.models import (
    Arm,
    Condition,
    Country,
    CurationStatus,
    Registry,
    RegistryId,
    Trial,
)
from trials.revisions.pending import pending_change_kept

IMPORTED_REASON = "Imported from ClinicalTrials.gov"
REFRESHED_REASON = "Refreshed from ClinicalTrials.gov"

# The trial fields ClinicalTrials.gov owns, each with the fields that travel with it. A refresh
# updates a group only while it still holds what the last import wrote: once a curator changes it,
# the curator's value stays and the report names the difference.
REGISTRY_OWNED_FIELDS: tuple[tuple[str, ...], ...] = (
    ("title",),
    ("acronym",),
    ("recruitment_status", "status_as_of", "status_as_of_precision"),
    ("phase",),
    ("design",),
    ("design_details",),
    ("masking",),
    ("enrollment", "enrollment_kind"),
    ("start_date", "start_date_precision", "start_date_kind"),
    ("completion_date", "completion_date_precision", "completion_date_kind"),
    ("sponsor",),
    ("condition_text",),
    ("registry_last_updated_date",),
)
# Filled from the registry only while empty (a curator's words win): the short title here, and in
# code the conditions (only while none are chosen) and the arms (only while the trial has none).
FILLED_WHILE_EMPTY_FIELDS = ("short_title",)

# What the registry never gives for an arm (and the trial it was just saved with): full_clean()
# skips them, and so the dose constraints, two queries each.
ARM_FIELDS_NOT_IMPORTED = (
    "trial",
    "dose_cells_per_kg_min",
    "dose_cells_per_kg_max",
    "dose_cells_total",
)
REFERENCE_ROLES = {"RESULT": LinkRole.PRIMARY_RESULTS, "DERIVED": LinkRole.SECONDARY_ANALYSIS}
DOI_IN_TEXT = re.compile(r"doi:\s*(10\.\d{4,9}/\S+?)\.?(?:\s|$)", re.IGNORECASE)


def _is_empty(value: object) -> bool:
    return value in (None, "", [])


def trial_import_ctgov(
    *, payload: dict[str, Any], user: AbstractBaseUser | None = None
) -> ImportReport:
    """Create or refresh the trial of one ClinicalTrials.gov API v2 study document."""
    study = ctgov.parse_study(payload)  # a malformed document fails here, before any write
    return _import_atomically([study], user)[0]


def trials_import_ctgov_document(
    *, raw: bytes | str, user: AbstractBaseUser | None = None
) -> list[ImportReport]:
    """Import a saved study or search page (every study in it) in one transaction."""
    documents = ctgov.studies_in(ctgov.load_document(raw))
    # Every study is checked before any is written: a malformed page changes nothing.
    return _import_atomically([ctgov.parse_study(document) for document in documents], user)


def _import_atomically(
    studies: list[ctgov.Study], user: AbstractBaseUser | None
) -> list[ImportReport]:
    vocabularies = Vocabularies()
    with translation.override(settings.LANGUAGE_CODE):
        label = ", ".join(study.nct_id for study in studies)
        try:
            with transaction.atomic():
                return [_import_in_revision(study, user, vocabularies) for study in studies]
        # An IntegrityError is a rule only the database checked: still all or nothing.
        except (ValidationError, IntegrityError) as error:
            errors = error.messages if isinstance(error, ValidationError) else [str(error).strip()]
            raise ImporterError(
                _("%(id)s could not be saved, nothing was changed: %(errors)s")
                % {"id": label, "errors": "; ".join(errors)}
            ) from error


def _import_in_revision(
    study: ctgov.Study, user: AbstractBaseUser | None, vocabularies: Vocabularies
) -> ImportReport:
    report = ImportReport(label=study.nct_id)
    held = Trial.objects.filter(
        registry_ids__registry=Registry.CTGOV, registry_ids__identifier=study.nct_id
    ).order_by()[:1]  # unique: at most one
    trial = next(iter(held), None)
    reason = IMPORTED_REASON if trial is None else REFRESHED_REASON
    # One history entry per study (joined to a curator's); inside the import's transaction.
    with reversion.create_revision(atomic=False):
        # References are not rows of the trial: added (never reviewed) before the trial's rows.
        references = _references_for(study, report, reason, user)
        if trial is None or trial.status != CurationStatus.PUBLISHED:
            _import_study(study, trial, report, references, user, vocabularies)
            return report
        _import_for_review(study, trial, report, references, user, vocabularies)
    return report


def _import_for_review(
    study: ctgov.Study,
    trial: Trial,
    report: ImportReport,
    references: dict[str, Reference],
    user: AbstractBaseUser | None,
    vocabularies: Vocabularies,
) -> None:
    """A published trial's refresh becomes a pending revision (another curator approves it);
    the public trial stays as it was."""
    source = f"{REFRESHED_REASON} {timezone.localdate().isoformat()}"
    _report, pending, is_new = pending_change_kept(
        trial=trial,
        work=lambda: _import_study(study, trial, report, references, user, vocabularies),
        author=user,
        source=source,
    )
    # Bookkeeping only (it raises no version): when the registry was last read.
    Trial.objects.filter(pk=trial.pk).update(registry_synced_at=timezone.now())
    report.instance = Trial.objects.get(pk=trial.pk)  # the live trial, not the savepoint's
    report.changed = False  # nothing public changed
    report.pending_keep(pending, is_new=is_new)


def _import_study(
    study: ctgov.Study,
    trial: Trial | None,
    report: ImportReport,
    references: dict[str, Reference],
    user: AbstractBaseUser | None,
    vocabularies: Vocabularies,
) -> ImportReport:
    mapped = mapping.trial_values(study)
    report.notes += mapped.notes
    conditions, countries = _match_vocabularies(study, report, vocabularies)
    if trial is None:
        trial = _new_trial(study, mapped, user)
        report.created = True
    else:
        _refresh_fields(trial, mapped, report)
    report.instance = trial
    reason = IMPORTED_REASON if report.created else REFRESHED_REASON
    children_changed = any(
        [
            _sync_vocabularies(trial, conditions, countries, first_import=report.created),
            _sync_registry_ids(trial, study, report, reason, user),
            _sync_arms(trial, study, reason, user),
            _sync_references(trial, study, report, reason, user, references),
            sync_registry_results(trial, study, report, vocabularies, reason, user),
        ]
    )
    now = timezone.now()
    report.changed = report.created or bool(report.changed_fields) or children_changed
    if not report.changed:
        # Nothing changed: no history entry, only the bookkeeping timestamp.
        Trial.objects.filter(pk=trial.pk).update(registry_synced_at=now)
        return report
    trial.registry_synced_at = now
    if not report.created:
        save_validated(trial, reason, user, validate_constraints=False)  # clean() repeats them
        return report
    # A new trial was validated before its INSERT and only its sync time changed since; saved
    # again last, so that its revision holds it with its countries and conditions.
    save_with_reason(trial, reason, user)
    return report


def _new_trial(
    study: ctgov.Study,
    mapped: mapping.MappedTrial,
    user: AbstractBaseUser | None,
) -> Trial:
    slug = base = mapping.slug_base(study)
    counter = 2
    while Trial.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    trial = Trial(
        slug=slug,
        status=CurationStatus.DRAFT,
        short_title=mapped.short_title,
        registry_synced_at=timezone.now(),
        **mapped.values,
    )
    # The slug, its only unique field, is checked above; clean() repeats its check constraint.
    trial.full_clean(validate_unique=False, validate_constraints=False)
    save_with_reason(trial, IMPORTED_REASON, user)
    registry_id = RegistryId(trial=trial, registry=Registry.CTGOV, identifier=study.nct_id)
    # Its uniqueness was looked up a moment ago (no trial holds this NCT number).
    save_validated(
        registry_id, IMPORTED_REASON, user, trusted=("trial",), validate_constraints=False
    )
    return trial


def _refresh_fields(trial: Trial, mapped: mapping.MappedTrial, report: ImportReport) -> None:
    imports = (
        Version.objects.get_for_object(trial)
        .filter(
            Q(revision__comment__startswith=IMPORTED_REASON)
            | Q(revision__comment__startswith=REFRESHED_REASON)
        )
        .order_by("-revision__date_created", "-pk")
    )
    last_import: Any = ...  # read from the history only when a field differs
    for group in REGISTRY_OWNED_FIELDS:
        registry = tuple(mapped.values[name] for name in group)
        current = tuple(getattr(trial, name) for name in group)
        if registry == current:
            continue
        if last_import is ...:
            last_import = imports.first()
        if last_import is not None:
            imported = last_import.field_dict
            curator_changed = current != tuple(imported.get(name) for name in group)
        else:  # curated by hand before its first import: fill only what is empty
            curator_changed = not _is_empty(current[0])
        if curator_changed:
            report.kept_curator_values.append(
                _("%(field)s (registry: %(value)s)")
                % {"field": group[0].replace("_", " "), "value": registry[0]}
            )
            continue
        for name, value in zip(group, registry, strict=True):
            setattr(trial, name, value)
        report.changed_fields += list(group)
    for name in FILLED_WHILE_EMPTY_FIELDS:
        value = getattr(mapped, name)
        if _is_empty(getattr(trial, name)) and not _is_empty(value):
            setattr(trial, name, value)
            report.changed_fields.append(name)


def _match_vocabularies(
    study: ctgov.Study, report: ImportReport, vocabularies: Vocabularies
) -> tuple[list[Condition], list[Country]]:
    """Our conditions and countries for the study's; the rest is listed in the report."""
    conditions: list[Condition] = []
    for name in study.conditions:
        condition = vocabularies.conditions.get(name.strip().lower())
        if condition is None:
            report.unmatched_conditions.append(name)
        elif condition not in conditions:
            conditions.append(condition)
    countries: list[Country] = []
    for name in study.countries:
        country = vocabularies.countries.get(name.strip().lower())
        if country is None:
            report.unknown_countries.append(name)
        elif country not in countries:
            countries.append(country)
    return conditions, countries


def _sync_vocabularies(
    trial: Trial, conditions: list[Condition], countries: list[Country], *, first_import: bool
) -> bool:
    changed = False
    if conditions and (first_import or not trial.conditions.exists()):
        trial.conditions.add(*conditions)
        changed = True
    present = set()
    if countries and not first_import:
        present = set(trial.countries.values_list("pk", flat=True))
    missing = [country for country in countries if country.pk not in present]
    if missing:
        trial.countries.add(*missing)
        changed = True
    return changed


def _sync_registry_ids(
    trial: Trial,
    study: ctgov.Study,
    report: ImportReport,
    reason: str,
    user: AbstractBaseUser | None,
) -> bool:
    wanted = mapping.secondary_registry_ids(study)
    if not wanted:
        return False
    held = {  # one query for all of them
        (item.registry, item.identifier): item
        for item in RegistryId.objects.filter(
            identifier__in=[identifier for _registry, identifier in wanted]
        ).select_related("trial")
    }
    changed = False
    for registry, identifier in wanted:
        holder = held.get((registry, identifier))
        if holder is None:  # unique: looked up just above
            save_validated(
                RegistryId(trial=trial, registry=registry, identifier=identifier),
                reason,
                user,
                trusted=("trial",),
                validate_constraints=False,
            )
            changed = True
        elif holder.trial_id != trial.pk:
            report.notes.append(
                _("%(id)s is already linked to another trial (%(trial)s); not linked here.")
                % {"id": identifier, "trial": holder.trial}
            )
    return changed


def _sync_arms(
    trial: Trial, study: ctgov.Study, reason: str, user: AbstractBaseUser | None
) -> bool:
    # Arms are the curator's after the first import: the registry only proposes them.
    if not study.arm_groups or trial.arms.exists():
        return False
    for position, group in enumerate(study.arm_groups):
        arm = Arm(trial=trial, **mapping.arm_fields(study, group, position))
        save_validated(arm, reason, user, trusted=ARM_FIELDS_NOT_IMPORTED)
    return True


def _cited(study: ctgov.Study) -> list[ctgov.StudyReference]:
    # Background reading is not about this trial; results and derived papers are.
    return [item for item in study.references if item.kind in REFERENCE_ROLES]


def _references_for(
    study: ctgov.Study, report: ImportReport, reason: str, user: AbstractBaseUser | None
) -> dict[str, Reference]:
    """The references of the study's results and derived papers by PMID: those we hold, and a
    minimal one for each other (two queries when all are held)."""
    items = _cited(study)
    if not items:
        return {}
    held = {
        reference.pmid: reference
        for reference in Reference.objects.filter(pmid__in=[item.pmid for item in items])
    }
    for item in items:
        if item.pmid in held:
            continue
        reference, created = _reference_for_citation(item, reason, user)
        if created:
            report.notes.append(
                _(
                    "PMID %(pmid)s was added from the registry's citation only; import it "
                    "from PubMed to complete it."
                )
                % {"pmid": item.pmid}
            )
        held[item.pmid] = reference
    return held


def _sync_references(
    trial: Trial,
    study: ctgov.Study,
    report: ImportReport,
    reason: str,
    user: AbstractBaseUser | None,
    references: dict[str, Reference],
) -> bool:
    items = _cited(study)
    if not items:
        return False
    linked = set(trial.trial_references.values_list("reference_id", flat=True))
    changed = False
    for item in items:
        reference = references[item.pmid]
        if reference.pk not in linked:
            link = TrialReference(trial=trial, reference=reference, role=REFERENCE_ROLES[item.kind])
            save_validated(link, reason, user, trusted=("trial",))
            linked.add(reference.pk)
            report.linked.append(f"PMID {item.pmid}")
            changed = True
    return changed


def _reference_for_citation(
    item: ctgov.StudyReference, reason: str, user: AbstractBaseUser | None
) -> tuple[Reference, bool]:
    """The reference with the DOI of the registry's citation (given its PMID), or a new one."""
    doi_match = DOI_IN_TEXT.search(item.citation)
    doi = doi_match.group(1) if doi_match else ""
    by_doi = Reference.objects.filter(doi__iexact=doi).first() if doi else None
    if by_doi is not None and not by_doi.pmid:
        by_doi.pmid = item.pmid
        save_validated(by_doi, reason, user)
        return by_doi, False
    reference = Reference(
        kind=ReferenceKind.JOURNAL_ARTICLE,
        title=(item.citation or f"PubMed {item.pmid}")[:600],
        pmid=item.pmid,
        # A DOI already held under another PMID stays there; PubMed will tell them apart.
        doi=doi if by_doi is None else "",
    )
    save_validated(reference, reason, user)
    return reference, True
