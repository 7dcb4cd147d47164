"""Reviewed changes to published trials: a curator's save becomes a pending revision; another
curator approves it (live in one transaction, one history entry naming both) or sends it back.

A snapshot is the trial and its rows serialised with Django's JSON serialiser, as django-reversion
stores a version, so a pending revision survives a restart and reads as a diff against live.
"""

import json
from collections.abc import Callable
from typing import TypeVar

import reversion
from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from trials.models import CurationStatus, PendingRevision, PendingStatus, Trial

from .changes import trial_rows
from .history import NOT_SHOWN, RowChange, snapshot_changes

T = TypeVar("T")

# Rows saved after the rows they point to (a result names its arm and its reference link's paper).
_SAVE_ORDER = ("trials.trial", "trials.registryid", "trials.arm", "evidence.trialreference")


def _row_accessors() -> list[tuple[type[models.Model], str]]:
    return [
        (model, model._meta.get_field("trial").remote_field.get_accessor_name())
        for model in trial_rows()
    ]


def trial_snapshot(trial: Trial, changed_rows: tuple = ()) -> str:
    """The trial (as given) and every row of it as stored now, or as given in `changed_rows`
    (one query per kind of row)."""
    changed = {(row._meta.label_lower, row.pk): row for row in changed_rows}
    rows = [
        changed.get((row._meta.label_lower, row.pk), row)
        for _model, accessor in _row_accessors()
        for row in getattr(trial, accessor).all()
    ]
    return serializers.serialize("json", [trial, *rows])


def pending_change_create(
    *, trial: Trial, author: AbstractBaseUser, changed_rows: tuple = ()
) -> PendingRevision:
    """Keep a change made outside a form (a bulk action on the trial as given, with its rows
    in `changed_rows`) for another curator's approval; nothing live changes."""
    live_version = Trial.objects.filter(pk=trial.pk).values_list("version", flat=True).get()
    return pending_revision_create(
        trial=trial,
        author=author,
        snapshot=trial_snapshot(trial, changed_rows),
        new_rows=[],
        base_version=live_version,
    )


def last_change_author_id(trial: Trial) -> int | None:
    """Who saved the trial's latest history entry (None: an import or a script)."""
    version = Version.objects.get_for_object(trial).select_related("revision").first()
    return version.revision.user_id if version is not None else None


def trial_row_keys(trial: Trial) -> set[tuple[str, int]]:
    """(model label, id) of every row of the trial now."""
    return {
        (model._meta.label_lower, pk)
        for model, accessor in _row_accessors()
        for pk in getattr(trial, accessor).values_list("pk", flat=True)
    }


def is_reviewed(trial: Trial | None) -> bool:
    """Whether a save of this trial waits for a second curator: it is published now."""
    if trial is None or trial.pk is None:
        return False
    live = Trial.objects.filter(pk=trial.pk).values_list("status", flat=True).first()
    return live == CurationStatus.PUBLISHED


def pending_revision_create(
    *,
    trial: Trial,
    author: AbstractBaseUser | None,
    snapshot: str,
    new_rows: list,
    base_version: int,
    source: str = "",
) -> PendingRevision:
    """Keep a curator's change to a published trial (or an import's: `source`) for approval."""
    return PendingRevision.objects.create(
        trial=trial,
        author=author,
        snapshot=snapshot,
        new_rows=[list(key) for key in new_rows],
        base_version=base_version,
        source=source,
    )


class _RolledBack(Exception):
    pass


# Bookkeeping a write sets whatever it changes: not a change to review (what the history does
# not show, and when the registry was last asked).
_BOOKKEEPING = NOT_SHOWN | {"registry_synced_at"}


def _comparable(snapshot: str, new_rows: list) -> list:
    """A snapshot without its bookkeeping and with its new rows numbered in order (their ids
    are placeholders, different at each try), to tell two pending changes apart."""
    new = {tuple(key): f"new {number}" for number, key in enumerate(new_rows)}
    records = []
    for record in json.loads(snapshot):
        model = apps.get_model(record["model"])
        fields = {}
        for name, value in record["fields"].items():
            if name in _BOOKKEEPING:
                continue
            field = model._meta.get_field(name)
            if field.many_to_one:
                value = new.get((field.related_model._meta.label_lower, value), value)
            fields[name] = value
        key = (record["model"], record["pk"])
        records.append([record["model"], new.get(key, record["pk"]), fields])
    return sorted(records, key=json.dumps)


def pending_change_kept(
    *,
    trial: Trial,
    work: Callable[[], T],
    author: AbstractBaseUser | None,
    source: str,
) -> tuple[T, PendingRevision | None, bool]:
    """Run `work`, which writes the published `trial` or its rows (an import's refresh), in a
    savepoint; keep what it wrote as a pending revision from `source`, then roll the savepoint
    back: the live trial, its rows and its history stay as they were. Nothing is kept when the
    work changes nothing but bookkeeping; the one waiting is given when the same change already
    waits. Gives what `work` returned, the pending revision, and whether it is new."""
    live = Trial.objects.get(pk=trial.pk)
    live_snapshot, before = trial_snapshot(live), trial_row_keys(live)
    try:
        with transaction.atomic():
            # Nothing the work saves is recorded in the history (it is rolled back).
            with reversion.create_revision(manage_manually=True, atomic=False):
                result = work()
            saved = Trial.objects.get(pk=trial.pk)
            snapshot, new_rows = trial_snapshot(saved), sorted(trial_row_keys(saved) - before)
            raise _RolledBack
    except _RolledBack:
        pass
    if _comparable(snapshot, new_rows) == _comparable(live_snapshot, []):
        return result, None, False
    wanted = _comparable(snapshot, new_rows)
    for waiting in PendingRevision.objects.waiting().filter(trial=trial):
        if _comparable(waiting.snapshot, waiting.new_rows) == wanted:
            return result, waiting, False
    pending = pending_revision_create(
        trial=trial,
        author=author,
        snapshot=snapshot,
        new_rows=new_rows,
        base_version=live.version,
        source=source,
    )
    return result, pending, True


def pending_changes(pending: PendingRevision) -> list[RowChange]:
    """The pending revision against the live trial, field by field."""
    return snapshot_changes(trial_snapshot(pending.trial), pending.snapshot)


def _apply(trial: Trial, pending: PendingRevision) -> None:
    new_rows = {tuple(key) for key in pending.new_rows}
    objects = list(serializers.deserialize("json", pending.snapshot))
    order = {label: index for index, label in enumerate(_SAVE_ORDER)}
    objects.sort(key=lambda d: order.get(d.object._meta.label_lower, len(order)))
    new_ids: dict[tuple[str, object], object] = {}
    kept: set[tuple[str, object]] = set()
    for deserialized in objects:
        obj = deserialized.object
        label = obj._meta.label_lower
        for field in obj._meta.concrete_fields:
            target = field.related_model._meta.label_lower if field.is_relation else None
            value = getattr(obj, field.attname)
            if target and (target, value) in new_ids:
                setattr(obj, field.attname, new_ids[(target, value)])
        key = (label, obj.pk)
        if label != "trials.trial" and key in new_rows:
            obj.pk = None  # its id in the snapshot was never committed
            obj._state.adding = True
        obj.save()
        new_ids[key] = obj.pk
        kept.add((label, obj.pk))
        for name, ids in (deserialized.m2m_data or {}).items():
            getattr(obj, name).set(ids)
    for model, accessor in _row_accessors():
        for row in getattr(trial, accessor).all():
            if (model._meta.label_lower, row.pk) not in kept:
                row.delete()


def pending_revision_approve(
    *, pending_id: int, approver: AbstractBaseUser, reason: str = ""
) -> PendingRevision:
    """Put the change live in one transaction, as one history entry naming the author and the
    approver. Refused (ValidationError) when it is no longer waiting (approved or sent back, by a
    concurrent approval too), when the approver wrote it (a superuser may, with a reason), or when
    the live trial changed since the change was made."""
    with transaction.atomic():
        # Locked: a second approval of the same revision waits here, then finds it approved.
        pending = (
            PendingRevision.objects.select_for_update(of=("self",))
            .filter(pk=pending_id, status=PendingStatus.PENDING)
            .select_related("author")
            .first()
        )
        if pending is None:
            raise ValidationError(
                _("This change is no longer waiting: it was approved or sent back.")
            )
        reason = reason.strip()
        if pending.author_id == approver.pk:
            if not approver.is_superuser:
                raise ValidationError(_("Another curator must approve your own change."))
            if not reason:
                raise ValidationError(
                    _("To approve your own change, say why it cannot wait for another curator.")
                )
        trial = Trial.objects.select_for_update().get(pk=pending.trial_id)
        if trial.version != pending.base_version:
            raise ValidationError(
                _(
                    "The live trial changed after this change was made; send it back so that "
                    "it can be made again on the current trial."
                )
            )
        comment = approval_comment(pending, approver)
        if reason:
            comment += f": {reason}"
        with reversion.create_revision(atomic=False):
            reversion.set_user(approver)
            reversion.set_comment(comment)
            _apply(trial, pending)
        pending.status = PendingStatus.APPROVED
        pending.reviewer = approver
        pending.reviewed_at = timezone.now()
        pending.review_comment = reason
        pending.save()
    return pending


def approval_comment(pending: PendingRevision, approver: AbstractBaseUser) -> str:
    """The history's reason for an approved change (English, shown translated): who made it, or
    where it came from, and who approved it."""
    approved = approver.get_username()
    author = pending.author.get_username() if pending.author else ""
    if not pending.source:
        return f"Change by {author or '?'} approved by {approved}"
    if author:
        return f"{pending.source} by {author}, approved by {approved}"
    return f"{pending.source}, approved by {approved}"


def pending_revision_send_back(
    *, pending_id: int, reviewer: AbstractBaseUser, comment: str
) -> PendingRevision:
    """Return the change to its author with a comment; the live trial stays as it is."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Say what should change before it can be approved."))
    with transaction.atomic():
        pending = (
            PendingRevision.objects.select_for_update()
            .filter(pk=pending_id, status=PendingStatus.PENDING)
            .first()
        )
        if pending is None:
            raise ValidationError(
                _("This change is no longer waiting: it was approved or sent back.")
            )
        pending.status = PendingStatus.SENT_BACK
        pending.reviewer = reviewer
        pending.reviewed_at = timezone.now()
        pending.review_comment = comment
        pending.save()
    return pending
