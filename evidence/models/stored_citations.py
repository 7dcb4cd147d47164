"""A reference's formatted citations, rendered once and read by every export."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from trials.models import RegistryId

from .references import Reference


class StoredCitation(models.Model):
    """The reference's citations as evidence/exports/citations.py renders them, one entry per
    style and language: {"apa/en": [digest, text, text with a year-suffix mark], ...}.

    Derived data, never edited: an entry whose digest is not the digest of what the reference
    renders from now (its fields, its authors, the rendering code) is stale and rendered again,
    so a change that bypasses save() (QuerySet.update(), bulk_create, raw SQL) is never shown.
    """

    reference = models.OneToOneField(
        Reference,
        verbose_name=_("reference"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_citation",
    )
    entries = models.JSONField(_("entries"), default=dict)

    class Meta:
        verbose_name = _("stored citation")
        verbose_name_plural = _("stored citations")

    def __str__(self) -> str:
        return f"{self.reference_id}: {', '.join(sorted(self.entries))}"


class StoredRegistryCitation(models.Model):
    """The citations of the registry record an export builds from a trial's registry id where
    no reference holds it, stored like a reference's (StoredCitation). Their digests include
    the day the record is cited, so they are rendered again on the first export of a day."""

    registry_record = models.OneToOneField(
        RegistryId,
        verbose_name=_("registry id"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_citation",
    )
    entries = models.JSONField(_("entries"), default=dict)

    class Meta:
        verbose_name = _("stored registry record citation")
        verbose_name_plural = _("stored registry record citations")

    def __str__(self) -> str:
        return f"{self.registry_record_id}: {', '.join(sorted(self.entries))}"
