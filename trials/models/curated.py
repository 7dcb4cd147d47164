"""What every curated record holds: its curation status and when it was created and last saved.

Abstract bases (no table of their own): each model keeps its own table and columns, declared once
here. A model whose field needs another detail (the trial's `updated_at` is indexed) declares
that field itself.
"""

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CurationStatus


class Timestamped(models.Model):
    """A record with the times it was created and last saved (shown read-only in the admin)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class CuratedQuerySet(models.QuerySet):
    def published(self) -> Self:
        """The records the public may see."""
        return self.filter(status=CurationStatus.PUBLISHED)


class Curated(Timestamped):
    """A record a curator drafts and publishes; public pages show only the published ones."""

    status = models.CharField(
        _("curation status"),
        max_length=20,
        choices=CurationStatus,
        default=CurationStatus.DRAFT,
        db_index=True,
    )

    class Meta:
        abstract = True
