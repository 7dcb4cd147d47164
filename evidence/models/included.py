"""The studies a systematic review included, each matched to a trial we hold or kept as a citation.

A review's list says what the site may claim about it: with no list, "we have not yet matched
this review's included studies"; with a list, how many of the studies it names we hold, and
whether the list is the review's whole list or only the part extracted so far.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trials.models import CurationStatus, Trial
from trials.models.trial import REGISTRY_PATTERNS

if TYPE_CHECKING:
    from .reviews import Review


class IncludedStudy(models.Model):
    review = models.ForeignKey(
        "evidence.Review",
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        related_name="included_studies",
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the review's own table (0 first).")
    )
    citation = models.CharField(
        _("citation as the review gives it"),
        max_length=500,
        help_text=_("As the review's table or reference list prints it (author, year, country…)."),
    )
    registry_id = models.CharField(
        _("registry id"),
        max_length=60,
        blank=True,
        help_text=_("Only when the review prints one (e.g. NCT01220492)."),
    )
    trial = models.ForeignKey(
        Trial,
        verbose_name=_("trial we hold"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_inclusions",
        help_text=_("Empty when we hold no trial that this study is: it stays a citation."),
    )
    match_basis = models.CharField(
        _("match basis"),
        max_length=300,
        help_text=_(
            "Why this is (or is not) a trial we hold: first author, year, numbers of patients, "
            "registry id…"
        ),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("included study")
        verbose_name_plural = _("included studies")
        ordering = ["review", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(citation=""),
                name="%(app_label)s_%(class)s_citation_given",
                violation_error_message=_("Give the study as the review cites it."),
            ),
            models.CheckConstraint(
                condition=~Q(match_basis=""),
                name="%(app_label)s_%(class)s_match_basis_given",
                violation_error_message=_("Say why this study is, or is not, a trial we hold."),
            ),
        ]

    def __str__(self) -> str:
        return self.citation

    def clean(self) -> None:
        self.registry_id = self.registry_id.strip()
        if self.registry_id and not any(
            re.fullmatch(pattern, self.registry_id) for pattern, _rule in REGISTRY_PATTERNS.values()
        ):
            raise ValidationError(
                {
                    "registry_id": _(
                        "%(value)s is not an id of a registry we know (NCT01220492, "
                        "ChiCTR…, ISRCTN…, EudraCT, IRCT…, UMIN…, CTRI/…)."
                    )
                    % {"value": self.registry_id}
                }
            )


class IncludedListState(models.TextChoices):
    NOT_EXTRACTED = "not_extracted", _("not yet extracted")
    PARTIAL = "partial", _("partly extracted")
    COMPLETE = "complete", _("complete")


@dataclass(frozen=True)
class IncludedSummary:
    """What a review's list of included studies lets the site say (from prefetched rows)."""

    state: str  # an IncludedListState value
    studies: tuple[IncludedStudy, ...]
    held: tuple[Trial, ...]  # the published trials we hold that its list names, each once

    @property
    def listed_count(self) -> int:
        return len(self.studies)

    @property
    def held_count(self) -> int | None:
        """How many of its studies we hold, or None while nothing supports a count."""
        return None if self.state == IncludedListState.NOT_EXTRACTED else len(self.held)


def included_summary(review: Review) -> IncludedSummary:
    """The state of a review's list and the published trials it names (uses any prefetch)."""
    studies = tuple(review.included_studies.all())
    if not studies:
        return IncludedSummary(IncludedListState.NOT_EXTRACTED, (), ())
    held: dict[int, Trial] = {}
    for study in studies:
        trial = study.trial
        if trial is not None and trial.status == CurationStatus.PUBLISHED:
            held.setdefault(trial.pk, trial)
    state = (
        IncludedListState.COMPLETE
        if review.included_studies_complete
        else IncludedListState.PARTIAL
    )
    return IncludedSummary(state, studies, tuple(held.values()))


def review_trials_sync(*, review: Review) -> list[Trial]:
    """Make the review's "included trials we hold" the trials its included studies are matched
    to; return the trials that were linked before but are no longer."""
    wanted = {study.trial_id for study in review.included_studies.all() if study.trial_id}
    current = set(review.trials.values_list("pk", flat=True))
    if wanted != current:
        review.trials.set(sorted(wanted))  # set() writes only the difference
    return list(Trial.objects.filter(pk__in=current - wanted))
