"""Changes to a published trial waiting for a second curator (issue 16, reviewed changes)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .trial import Trial


class PendingStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    SENT_BACK = "sent_back", _("sent back")


class PendingRevisionQuerySet(models.QuerySet):
    def waiting(self) -> "PendingRevisionQuerySet":
        """Revisions no one has approved or sent back yet, oldest first."""
        return self.filter(status=PendingStatus.PENDING).order_by("created_at", "pk")


class PendingRevision(models.Model):
    """A curator's save of a published trial (its fields and rows), kept out of the live data
    until another curator approves it. `snapshot` holds the trial and its rows as that save would
    have written them (Django's JSON serialisation, as django-reversion stores versions);
    `new_rows` names the rows the change adds, whose ids in the snapshot are placeholders.
    `source` says where a change no curator typed came from ("Imported from ClinicalTrials.gov
    2026-12-07": English, as the history's reasons; shown in the curator's language)."""

    trial = models.ForeignKey(
        Trial,
        verbose_name=_("trial"),
        on_delete=models.CASCADE,
        related_name="pending_revisions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("from"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True, db_index=True)
    base_version = models.PositiveIntegerField(_("trial version it was made from"))
    snapshot = models.TextField(_("the trial as changed"))
    new_rows = models.JSONField(_("rows added"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PendingStatus,
        default=PendingStatus.PENDING,
        db_index=True,
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment or reason"), blank=True)

    objects = PendingRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.trial} ({self.get_status_display()})"
