"""A visitor's list shared read-only at /list/<token>/: the token points at the owner's session."""

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
