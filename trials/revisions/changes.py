"""What changed in a trial and its rows since a moment, read from its history, for people."""

import datetime
from dataclasses import dataclass

import reversion
from django.utils.translation import gettext as _

from trials.models import Trial

from .history import history_entries


@dataclass(frozen=True)
class Change:
    user: str
    at: datetime.datetime
    what: str


def trial_rows() -> tuple[type, ...]:
    """The models of a trial's rows recorded with it (registry ids, arms, results, links)."""
    return tuple(
        relation.related_model
        for relation in Trial._meta.related_objects
        if relation.field.name == "trial" and reversion.is_registered(relation.related_model)
    )


def changes_since(trial: Trial, since: datetime.datetime | None) -> list[Change]:
    """Each field of the trial and of its rows changed after `since`, and rows added or deleted."""
    if since is None:
        return []
    verbs = {"added": _("added"), "changed": _("changed"), "deleted": _("deleted")}
    changes = []
    for entry in reversed(history_entries(Trial, str(trial.pk), rows=trial_rows())):
        if entry.at <= since:
            continue
        for row in entry.rows:
            where = _("%(kind)s “%(row)s”") % {"kind": row.kind, "row": row.name}
            if not row.fields or row.action == "deleted":
                what = f"{where} {verbs[row.action]}"
                changes.append(Change(entry.user, entry.at, what))
            for field in row.fields:
                what = _("%(field)s: %(old)s → %(new)s") % {
                    "field": field.label,
                    "old": field.old,
                    "new": field.new,
                }
                if row.kind != str(Trial._meta.verbose_name):
                    what = f"{where}, {what}"
                changes.append(Change(entry.user, entry.at, what))
    return changes
