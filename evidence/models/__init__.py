"""Models of what was published: references, reviews, their included studies and pooled results;
the claims they decide."""

from .claims import Claim, ClaimSynthesis, Verdict, claim_unpublished_links
from .effects import TrialEffect, TrialEffectRefresh
from .grading import GRADE_DOMAINS, CertaintyRating, DesignGroup, TimeWindow
from .included import (
    IncludedListState,
    IncludedStudy,
    IncludedSummary,
    included_summary,
    review_trials_sync,
)
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
from .shared_lists import BasketItem, BasketKind, SharedList
from .stored_citations import StoredCitation, StoredRegistryCitation

__all__ = [
    "BasketItem",
    "BasketKind",
    "GRADE_DOMAINS",
    "Certainty",
    "Claim",
    "ClaimSynthesis",
    "IncludedListState",
    "IncludedStudy",
    "IncludedSummary",
    "CertaintyRating",
    "DesignGroup",
    "TimeWindow",
    "LinkRole",
    "PooledResult",
    "Reference",
    "ReferenceAuthor",
    "ReferenceKind",
    "Review",
    "SharedList",
    "StoredCitation",
    "StoredRegistryCitation",
    "TrialEffect",
    "TrialEffectRefresh",
    "TrialReference",
    "Verdict",
    "claim_unpublished_links",
    "included_summary",
    "missing_parts",
    "normalise_doi",
    "review_trials_sync",
]
