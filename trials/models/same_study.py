"""Two trials we hold that may report the same study (the same patients), linked by a curator.

Pooling never counts the same patients twice: when both would enter one pooled result, only the
report the curator chose to keep does, and the pooled view says which and why. Both trial pages
carry the flag, and the curation dashboard lists every link.
"""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

from .choices import CurationStatus
from .curated import Timestamped
from .trial import Trial

SAME_STUDY_TRANSLATED = ("reason", "kept_reason")  # trials/translation.py


class SameStudyLinkQuerySet(models.QuerySet):
    def published(self) -> "SameStudyLinkQuerySet":
        """Links whose two trials are both public (a page never names a draft)."""
        return self.filter(
            kept_trial__status=CurationStatus.PUBLISHED,
            other_trial__status=CurationStatus.PUBLISHED,
        )

    def of_trial(self, trial_id: int) -> "SameStudyLinkQuerySet":
        """The links a trial is in, on either side, with both trials (one query)."""
        return self.filter(Q(kept_trial_id=trial_id) | Q(other_trial_id=trial_id)).select_related(
            "kept_trial", "other_trial"
        )


class SameStudyLink(Timestamped):
    kept_trial = models.ForeignKey(
        Trial,
        verbose_name=_("trial kept in pooling"),
        on_delete=models.CASCADE,
        related_name="same_study_kept",
        help_text=_("Of the two, the one our pooled results use when both would enter."),
    )
    other_trial = models.ForeignKey(
        Trial,
        verbose_name=_("trial left out of pooling"),
        on_delete=models.CASCADE,
        related_name="same_study_left_out",
        help_text=_("Left out of a pooled result that already holds the kept trial."),
    )
    reason = models.TextField(
        _("why they may be the same study"),
        help_text=_("Only what the sources show (authors, hospital, dates, patients, registry)."),
    )
    kept_reason = models.CharField(
        _("why this one is kept"),
        max_length=300,
        help_text=_("For instance: randomised, larger, longer follow-up, the registered report."),
    )
    objects = SameStudyLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("possible same-study link")
        verbose_name_plural = _("possible same-study links")
        ordering = ["kept_trial", "other_trial"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kept_trial=F("other_trial")),
                name="%(app_label)s_%(class)s_two_trials",
                violation_error_message=_("A trial cannot be the same study as itself."),
            ),
            models.UniqueConstraint(
                Least("kept_trial", "other_trial"),
                Greatest("kept_trial", "other_trial"),
                name="%(app_label)s_%(class)s_one_link_per_pair",
                violation_error_message=_("These two trials are already linked."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kept_trial} ≈ {self.other_trial}"

    def partner(self, trial_id: int) -> Trial:
        """The other trial of the link, seen from `trial_id`."""
        return self.other_trial if trial_id == self.kept_trial_id else self.kept_trial
