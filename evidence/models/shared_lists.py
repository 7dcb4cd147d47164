"""A visitor's list: its items, keyed by the session, and its read-only link at /list/<token>/."""

from django.contrib.sessions.models import Session
from django.db import models
from django.utils.translation import gettext_lazy as _


class SharedList(models.Model):
    """The link to one visitor's list. It shows what the list holds now (published items only)
    and is deleted when the owner clears the list; nobody can guess the token (128 random bits)."""

    token = models.CharField(_("token"), max_length=32, unique=True)
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("shared list")
        verbose_name_plural = _("shared lists")

    def __str__(self) -> str:
        return self.token[:6] + "…"


class BasketKind(models.TextChoices):
    TRIALS = "trials", _("trial")
    REFERENCES = "references", _("reference")


class BasketItem(models.Model):
    """One item on a visitor's list, a row of its own keyed by the session, so that requests
    adding at the same time each insert their row (INSERT … ON CONFLICT DO NOTHING) instead of
    rewriting the session's whole list and losing each other's items. Deleted with the session
    (expired sessions by clearsessions)."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=BasketKind)
    item_id = models.PositiveBigIntegerField(_("trial or reference id"))

    class Meta:
        verbose_name = _("item on a visitor's list")
        verbose_name_plural = _("items on visitors' lists")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind", "item_id"],
                name="%(app_label)s_%(class)s_once_per_list",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id}"
