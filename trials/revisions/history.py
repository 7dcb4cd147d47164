"""A record's history for people: one entry per revision, field by field, from → to.

Read from django-reversion's revisions (one query for the versions of the entries shown, one per
model whose names are shown for ids), compared in Python: each revision against the one before.
"""

import datetime
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

ENTRIES_SHOWN = 100

# Reasons our code writes (data, in English), shown in the curator's language.
COMMENT_PREFIXES = {
    "Imported from ClinicalTrials.gov": gettext_lazy("Imported from ClinicalTrials.gov"),
    "Refreshed from ClinicalTrials.gov": gettext_lazy("Refreshed from ClinicalTrials.gov"),
    "Imported from PubMed": gettext_lazy("Imported from PubMed"),
    "Refreshed from PubMed": gettext_lazy("Refreshed from PubMed"),
    "Imported from Crossref": gettext_lazy("Imported from Crossref"),
    "Refreshed from Crossref": gettext_lazy("Refreshed from Crossref"),
    "Recovered": gettext_lazy("Recovered"),
    "Deleted": gettext_lazy("Deleted"),
    "Reverted": gettext_lazy("Reverted"),
    "Published": gettext_lazy("Published"),
    "Unpublished": gettext_lazy("Unpublished"),
    "Submitted for review": gettext_lazy("Submitted for review"),
    "Reviewed": gettext_lazy("Reviewed"),
    "Verified": gettext_lazy("Verified"),
    "Loaded from the demo data": gettext_lazy("Loaded from the demo data"),
}


_APPROVAL = re.compile(
    r"Change by (?P<author>.+?) approved by (?P<approver>[^:]+)(?P<reason>: .*)?"
)
# An import's change to a published trial, approved (trials.revisions.pending.approval_comment).
_SOURCED_APPROVAL = re.compile(
    r"(?P<source>.+?)(?: by (?P<author>.+?))?, approved by (?P<approver>[^:]+)(?P<reason>: .*)?"
)


def comment_shown(comment: str) -> str:
    """A revision's reason in the curator's language (ours are stored in English)."""
    approval = _APPROVAL.fullmatch(comment)
    if approval:
        names = {"author": approval["author"], "approver": approval["approver"]}
        return _("Change by %(author)s, approved by %(approver)s") % names + (
            approval["reason"] or ""
        )
    sourced = _SOURCED_APPROVAL.fullmatch(comment)
    if sourced:
        names = {"source": comment_shown(sourced["source"]), "approver": sourced["approver"]}
        if sourced["author"]:
            names["author"] = sourced["author"]
            shown = _("%(source)s, run by %(author)s, approved by %(approver)s") % names
        else:
            shown = _("%(source)s, approved by %(approver)s") % names
        return shown + (sourced["reason"] or "")
    for prefix, shown in COMMENT_PREFIXES.items():
        if comment == prefix or comment.startswith(prefix + " "):
            return str(shown) + comment[len(prefix) :]
    return comment


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class RowChange:
    kind: str
    name: str
    action: str  # "added", "changed" or "deleted"
    fields: list[FieldChange] = field(default_factory=list)
    recover_url: str = ""


@dataclass
class HistoryEntry:
    version_id: int
    at: datetime.datetime
    user: str
    comment: str
    rows: list[RowChange] = field(default_factory=list)


def _record_fields(model: type[models.Model], record: dict) -> dict:
    names = {f.name: f.attname for f in model._meta.concrete_fields}
    return {names.get(name, name): value for name, value in record["fields"].items()}


def _fields_of(version: Version) -> dict:
    """The version's recorded values by attribute name (its JSON, without a query)."""
    (record,) = json.loads(version.serialized_data)
    return _record_fields(version.content_type.model_class(), record)


def snapshot_changes(old: str, new: str) -> list[RowChange]:
    """Each row added, changed or deleted between two serialised snapshots of a record and its
    rows (Django's JSON serialisation), the record first, field by field for people."""

    def rows(serialized: str) -> dict[tuple[str, object], tuple[type[models.Model], dict, str]]:
        found = {}
        for record in json.loads(serialized):
            model = apps.get_model(record["model"])
            fields = _record_fields(model, record)
            instance = model(**{k: v for k, v in fields.items() if k in _plain(model)})
            try:
                name = str(instance)
            except ObjectDoesNotExist:  # a name built from a related row: not loaded here
                name = f"#{record['pk']}"
            found[(record["model"], record["pk"])] = (model, fields, name)
        return found

    before, after = rows(old), rows(new)
    names = _Names()
    pending = []
    for index, key in enumerate(sorted(set(before) | set(after), key=lambda k: (k[0], str(k[1])))):
        old_row, new_row = before.get(key), after.get(key)
        model, _fields, name = new_row or old_row
        action = "changed" if old_row and new_row else ("added" if new_row else "deleted")
        fields = (
            _compare(model, old_row[1] if old_row else {}, new_row[1], names) if new_row else []
        )
        if action == "changed" and not fields:
            continue
        first = index if model is not _first_model(before, after) else -1
        pending.append((first, RowChange(str(model._meta.verbose_name), name, action), fields))
    names.load()
    for _order, row, fields in pending:
        row.fields = [
            FieldChange(
                str(model_field.verbose_name),
                _shown(model_field, before_value, names),
                _shown(model_field, after_value, names),
            )
            for model_field, before_value, after_value in fields
        ]
    return [row for _order, row, _fields in sorted(pending, key=lambda item: item[0])]


def _plain(model: type[models.Model]) -> set[str]:
    """Columns that can build an unsaved instance for its name (no relation to load)."""
    return {f.attname for f in model._meta.concrete_fields if not f.is_relation}


def _first_model(*snapshots: dict) -> type[models.Model] | None:
    for snapshot in snapshots:
        for model, _fields, _name in snapshot.values():
            return model
    return None


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


class _Names:
    """Names for the ids in the values shown: one query per model referred to."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], object], str] = {}

    def want(self, model: type[models.Model], ids: object) -> None:
        for pk in ids if isinstance(ids, list) else [ids]:
            if pk is not None:
                self.wanted[model].add(pk)

    def load(self) -> None:
        for model, ids in self.wanted.items():
            for obj in model._default_manager.filter(pk__in=ids):
                self.names[(model, obj.pk)] = str(obj)

    def of(self, model: type[models.Model], pk: object) -> str:
        return self.names.get((model, pk), _("#%(id)s (no longer exists)") % {"id": pk})


def _shown(model_field: models.Field, value: object, names: _Names) -> str:
    if _is_empty(value):
        return _("(empty)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.many_to_many:
        return ", ".join(names.of(model_field.related_model, pk) for pk in value)
    if model_field.is_relation:
        return names.of(model_field.related_model, value)
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.DateTimeField):
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return date_format(datetime.date.fromisoformat(str(value)), "DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


# Bookkeeping every save rewrites: not a change a curator made.
NOT_SHOWN = {"updated_at", "version", "search_vector", "search_text"}


def _recorded_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields shown: a translated field by its copy in each language (modeltranslation's
    original column only mirrors the default language's)."""
    names = {f.name for f in model._meta.concrete_fields}
    return [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not f.primary_key
        and f.attname not in NOT_SHOWN
        and f"{f.name}_{settings.LANGUAGE_CODE}" not in names
    ]


def _compare(model: type[models.Model], old: dict, new: dict, names: _Names) -> list[tuple]:
    changes = []
    for model_field in _recorded_fields(model):
        key = model_field.attname if not model_field.many_to_many else model_field.name
        before, after = old.get(key), new.get(key)
        if model_field.many_to_many:
            before, after = sorted(before or []), sorted(after or [])
        if before == after or (_is_empty(before) and _is_empty(after)):
            continue
        changes.append((model_field, before, after))
    for model_field, before, after in changes:
        if model_field.is_relation:
            names.want(model_field.related_model, before)
            names.want(model_field.related_model, after)
    return changes


def history_entries(
    model: type[models.Model],
    object_id: str,
    *,
    rows: tuple[type[models.Model], ...] = (),
    recover_url: object = None,
) -> list[HistoryEntry]:
    """The object's history, newest first: each revision with what it changed in the object and
    in its `rows` (a trial's arms, results…). `recover_url(version)` links a deleted row's
    recovery (or "" for none)."""
    own = list(
        Version.objects.get_for_object_reference(model, object_id)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")[: ENTRIES_SHOWN + 1]
    )
    revisions = [version.revision for version in reversed(own)]
    versions = Version.objects.filter(revision__in=revisions).select_related("content_type")
    by_revision: dict[int, dict[tuple[int, str], Version]] = defaultdict(dict)
    for version in versions:
        by_revision[version.revision_id][(version.content_type_id, version.object_id)] = version
    own_type = ContentType.objects.get_for_model(model).pk
    shown_types = {own_type, *(ContentType.objects.get_for_model(row).pk for row in rows)}
    names = _Names()
    entries, previous = [], None
    for revision in revisions:
        current = by_revision[revision.pk]
        entry = HistoryEntry(
            version_id=next(v.pk for k, v in current.items() if k == (own_type, str(object_id))),
            at=revision.date_created,
            user=revision.user.get_username() if revision.user else _("an import or a script"),
            comment=comment_shown(revision.get_comment()),
        )
        before = by_revision[previous.pk] if previous is not None else {}
        pending = []
        keys = {key for key in set(before) | set(current) if key[0] in shown_types}
        for key in sorted(keys, key=lambda k: (k[0] != own_type, k)):
            old, new = before.get(key), current.get(key)
            row_model = (new or old).content_type.model_class()
            old_fields = _fields_of(old) if old else {}
            new_fields = _fields_of(new) if new else {}
            action = "changed" if old and new else ("added" if new else "deleted")
            fields = _compare(row_model, old_fields, new_fields, names) if new else []
            if action == "changed" and not fields:
                continue
            row = RowChange(str(row_model._meta.verbose_name), (new or old).object_repr, action)
            if action == "deleted" and recover_url is not None:
                row.recover_url = recover_url(old)
            pending.append((row, fields))
        if previous is not None or len(own) <= ENTRIES_SHOWN:
            entries.append((entry, pending))
        previous = revision
    names.load()
    result = []
    for entry, pending in entries:
        for row, fields in pending:
            row.fields = [
                FieldChange(
                    str(model_field.verbose_name),
                    _shown(model_field, before, names),
                    _shown(model_field, after, names),
                )
                for model_field, before, after in fields
            ]
            entry.rows.append(row)
        result.append(entry)
    return list(reversed(result))


def version_values(version: Version) -> list[tuple[str, str]]:
    """Every recorded field of one version, for people (label, value)."""
    model = version.content_type.model_class()
    values = _fields_of(version)
    names = _Names()
    shown = _recorded_fields(model)
    for model_field in shown:
        if model_field.is_relation:
            key = model_field.name if model_field.many_to_many else model_field.attname
            names.want(model_field.related_model, values.get(key))
    names.load()
    return [
        (
            str(f.verbose_name),
            _shown(f, values.get(f.name if f.many_to_many else f.attname), names),
        )
        for f in shown
    ]
