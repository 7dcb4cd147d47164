"""The data version: one row that database triggers change on every write a visitor could see."""

from django.db import models


class DataVersion(models.Model):
    """A random token the database replaces whenever a trials or evidence table is written.

    Triggers (installed by trials.page_cache after every migrate) write it in the same
    transaction as the change, so every process sees the new token exactly when it sees the
    change, and a rolled-back change never leaves a token that comes back later.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return f"data version {self.token:x}"
