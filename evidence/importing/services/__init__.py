"""Writes outside the admin, as typed keyword-only functions named <entity>_<action>."""

from .references import reference_import_crossref, reference_import_pubmed
from .report import ImportReport
from .trials import (
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
]
