"""What the site says about its own coverage: a curated note, not a claim of completeness.

The note says when the set of studies was last checked against the registries and which
studies are known to be missing (each with why it could not be sourced); the counts beside it
are computed from the published trials, never typed in.
"""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from .curated import Curated, CuratedQuerySet


class CoverageNoteQuerySet(CuratedQuerySet):
    def for_page(self) -> "CoverageNoteQuerySet":
        """Published notes, newest check first, with their known gaps (two queries)."""
        gaps = Prefetch("gaps", queryset=CoverageGap.objects.order_by("position", "pk"))
        return self.published().order_by("-checked_on", "-pk").prefetch_related(gaps)


class CoverageNote(Curated):
    checked_on = models.DateField(
        _("last checked against the registries"),
        help_text=_("The day the set of studies was last compared with the trial registries."),
    )
    text = models.TextField(
        _("what the set covers"),
        help_text=_(
            "Plain words for patients: what is held, how it was gathered, what it may miss."
        ),
    )
    objects = CoverageNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("coverage note")
        verbose_name_plural = _("coverage notes")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return str(_("Coverage checked on %(date)s") % {"date": self.checked_on})


class CoverageGap(models.Model):
    """A study known to exist that the site does not hold, and why."""

    note = models.ForeignKey(
        CoverageNote, verbose_name=_("coverage note"), on_delete=models.CASCADE, related_name="gaps"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    identifier = models.CharField(
        _("identifier"), max_length=60, help_text=_("The registry id, e.g. NCT02223897.")
    )
    reason = models.CharField(
        _("why it is missing"),
        max_length=500,
        help_text=_("What was searched and found, e.g. 'no public page describes it'."),
    )

    class Meta:
        verbose_name = _("known missing study")
        verbose_name_plural = _("known missing studies")
        ordering = ["note", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["note", "position"], name="%(app_label)s_%(class)s_unique_position"
            ),
            models.CheckConstraint(
                condition=~models.Q(identifier=""),
                name="%(app_label)s_%(class)s_identifier_given",
                violation_error_message=_("Give the missing study's identifier."),
            ),
        ]

    def __str__(self) -> str:
        return self.identifier
