"""Writes outside the admin, as typed keyword-only functions named <entity>_<action>."""

from evidence.importing.services.references import (
    reference_import_crossref,
    reference_import_pubmed,
)
from evidence.importing.services.report import ImportReport, waiting_for_review
from evidence.importing.services.trials import (
    REGISTRY_OWNED_FIELDS,
    trial_import_ctgov,
    trials_import_ctgov_document,
)

__all__ = [
    "REGISTRY_OWNED_FIELDS",
    "ImportReport",
    "reference_import_crossref",
    "reference_import_pubmed",
    "trial_import_ctgov",
    "trials_import_ctgov_document",
    "waiting_for_review",
]
