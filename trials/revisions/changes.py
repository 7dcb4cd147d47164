"""What changed in a trial and its rows since a moment, read from the history, for people."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from trials.models import Trial


@dataclass(frozen=True)
class Change:
    user: str
    at: datetime.datetime
    what: str


def _shown(value: object) -> str:
    text = "" if value is None else str(value)
    if not text.strip():
        return _("(empty)")
    return text if len(text) <= 80 else text[:79] + "…"


def _user(entry: object) -> str:
    user = getattr(entry, "history_user", None)
    return user.get_username() if user is not None else _("an import or a script")


def changes_since(trial: Trial, since: datetime.datetime | None) -> list[Change]:
    """The trial's own field changes and its rows added, changed or deleted after `since`."""
    if since is None:
        return []
    entries = list(
        trial.history.filter(history_date__gt=since)
        .select_related("history_user")
        .order_by("history_date")
    )
    before = trial.history.filter(history_date__lte=since).order_by("-history_date").first()
    changes = []
    for entry in entries:
        if before is not None:
            fields = {f.name: f for f in Trial._meta.get_fields()}
            for delta in entry.diff_against(before).changes:
                field = fields.get(delta.field)
                label = field.verbose_name if field is not None else delta.field
                what = _("%(field)s: %(old)s → %(new)s") % {
                    "field": label,
                    "old": _shown(delta.old),
                    "new": _shown(delta.new),
                }
                changes.append(Change(_user(entry), entry.history_date, what))
        before = entry
    verbs = {"+": _("added"), "~": _("changed"), "-": _("deleted")}
    for relation in Trial._meta.related_objects:
        model = relation.related_model
        if not hasattr(model, "history") or relation.field.name != "trial":
            continue
        rows = (
            model.history.filter(trial_id=trial.pk, history_date__gt=since)
            .select_related("history_user")
            .order_by("history_date")
        )
        for row in rows:
            what = _("%(kind)s “%(row)s” %(verb)s") % {
                "kind": model._meta.verbose_name,
                "row": _shown(row.instance),
                "verb": verbs.get(row.history_type, row.history_type),
            }
            changes.append(Change(_user(row), row.history_date, what))
    return sorted(changes, key=lambda change: change.at)
