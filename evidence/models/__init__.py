"""Models of what was published: references, reviews and their pooled results."""

from .references import (
    LinkRole,
    Reference,
    ReferenceAuthor,
    ReferenceKind,
    TrialReference,
    missing_parts,
    normalise_doi,
)
from .reviews import Certainty, PooledResult, Review

__all__ = [
    "Certainty",
    "LinkRole",
    "PooledResult",
    "Reference",
    "ReferenceAuthor",
    "ReferenceKind",
    "Review",
    "TrialReference",
    "missing_parts",
    "normalise_doi",
]
