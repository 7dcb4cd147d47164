"""What the JSON API returns: published trials, vocabularies, public references and reviews.

Field names follow the site's words (the /trials/ filters, the model fields). Every field carries a
description so that the OpenAPI schema documents it. Serializers never query: the views prefetch.
"""

from .common import (
    CountryRefSerializer,
    MeasureRefSerializer,
    VocabularyRefSerializer,
)
from .coverage import CoverageGapSerializer, CoverageSerializer
from .pooled import (
    ArmNumbersSerializer,
    ExcludedStudySerializer,
    FiniteFloatField,
    PooledStudySerializer,
    SynthesisSerializer,
    synthesis_payload,
)
from .references import (
    ReferenceAuthorSerializer,
    ReferenceDetailSerializer,
    ReferenceSerializer,
    ReferenceTrialLinkSerializer,
)
from .reviews import (
    PooledResultSerializer,
    ReviewSerializer,
)
from .trials import (
    ArmSerializer,
    OutcomeResultSerializer,
    ReferenceSummarySerializer,
    RegistryIdSerializer,
    TrialDetailSerializer,
    TrialListSerializer,
    TrialReferenceSerializer,
)
from .vocabularies import (
    CellSourceSerializer,
    ConditionSerializer,
    CountrySerializer,
    EtiologySerializer,
    OutcomeMeasureSerializer,
    RouteSerializer,
)

__all__ = [
    "CoverageGapSerializer",
    "CoverageSerializer",
    "synthesis_payload",
    "CountryRefSerializer",
    "MeasureRefSerializer",
    "VocabularyRefSerializer",
    "CellSourceSerializer",
    "ConditionSerializer",
    "CountrySerializer",
    "EtiologySerializer",
    "OutcomeMeasureSerializer",
    "RouteSerializer",
    "ReferenceAuthorSerializer",
    "ReferenceDetailSerializer",
    "ReferenceSerializer",
    "ReferenceTrialLinkSerializer",
    "ArmSerializer",
    "OutcomeResultSerializer",
    "ReferenceSummarySerializer",
    "RegistryIdSerializer",
    "TrialDetailSerializer",
    "TrialListSerializer",
    "TrialReferenceSerializer",
    "PooledResultSerializer",
    "ReviewSerializer",
    "ArmNumbersSerializer",
    "ExcludedStudySerializer",
    "FiniteFloatField",
    "PooledStudySerializer",
    "SynthesisSerializer",
]
