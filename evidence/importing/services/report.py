"""What every import reports, and how it saves a row: validated, with a reason in its history."""

from dataclasses import dataclass, field

import reversion
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.models import PendingRevision


@dataclass
class ImportReport:
    """What an import did, and what a curator should look at."""

    label: str
    instance: models.Model | None = None
    created: bool = False
    changed: bool = False
    changed_fields: list[str] = field(default_factory=list)
    kept_curator_values: list[str] = field(default_factory=list)
    unmatched_conditions: list[str] = field(default_factory=list)
    unknown_countries: list[str] = field(default_factory=list)
    unmatched_measures: list[str] = field(default_factory=list)
    results_created: int = 0
    results_updated: int = 0
    linked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Changes to published trials kept for another curator's approval (nothing public changed),
    # and how many of them this import made (the others were already waiting).
    pending: list[PendingRevision] = field(default_factory=list)
    pending_new: int = 0

    def pending_keep(self, pending: PendingRevision | None, *, is_new: bool) -> None:
        """Note a change kept for review (or found already waiting)."""
        if pending is not None:
            self.pending.append(pending)
            self.pending_new += is_new

    def summary(self) -> str:
        """One paragraph for a command's output or an admin message."""
        if self.created:
            lines = [_("%(label)s: created.") % {"label": self.label}]
        elif self.pending and not self.changed:
            lines = [
                _(
                    "%(label)s: the changes wait for another curator's review; the public "
                    "still sees the trial as it was."
                )
                % {"label": self.label}
            ]
            if not self.pending_new:
                lines.append(_("The same changes were already waiting."))
        elif self.changed:
            lines = [_("%(label)s: updated.") % {"label": self.label}]
        else:
            lines = [_("%(label)s: already up to date.") % {"label": self.label}]
        if self.changed_fields and not self.created:
            fields = ", ".join(self.changed_fields)
            if self.pending and not self.changed:
                lines.append(_("To review: %(fields)s.") % {"fields": fields})
            else:
                lines.append(_("Changed: %(fields)s.") % {"fields": fields})
        listed = (
            (self.kept_curator_values, _("Kept the curator's values")),
            (self.unmatched_conditions, _("Conditions to map by hand")),
            (self.unknown_countries, _("Countries not in the vocabulary")),
            (self.unmatched_measures, _("Outcome measures not in the vocabulary")),
            (self.linked, _("Linked")),
        )
        lines += [f"{title}: {'; '.join(items)}." for items, title in listed if items]
        if self.results_created or self.results_updated:
            lines.append(
                _("Registry results: %(created)d added, %(updated)d updated (to be confirmed).")
                % {"created": self.results_created, "updated": self.results_updated}
            )
        return " ".join([*lines, *self.notes])


def waiting_for_review(reports: list[ImportReport]) -> str:
    """'N changes waiting for review' for a command's output or an admin message ('' for none)."""
    count = len({pending.pk for report in reports for pending in report.pending})
    if not count:
        return ""
    return ngettext(
        "%(count)d change to a published trial waiting for another curator's review (see "
        "Pending changes in the admin).",
        "%(count)d changes to published trials waiting for another curator's review (see "
        "Pending changes in the admin).",
        count,
    ) % {"count": count}


def save_validated(
    instance: models.Model,
    reason: str,
    user: AbstractBaseUser | None,
    *,
    trusted: tuple[str, ...] = (),
    validate_constraints: bool = True,
    **save_options: object,
) -> None:
    """full_clean() then save(), with the reason and the user in the row's history.

    `trusted` names fields full_clean() need not check again (a query each): a foreign key to the
    trial saved a moment ago in the same transaction, fields the importer never sets.
    `validate_constraints=False` skips Django's query per Meta constraint, for a Trial (whose
    clean() checks its dates) or a unique row the importer has just looked up; the database
    still enforces them.
    """
    instance.full_clean(exclude=list(trusted), validate_constraints=validate_constraints)
    save_with_reason(instance, reason, user, **save_options)


def unset_nullable_fields(instance: models.Model) -> tuple[str, ...]:
    """Nullable fields holding None: their 'X is null or …' constraints cannot fail, so
    full_clean() may skip them (each constraint check is a query)."""
    return tuple(
        field.name
        for field in instance._meta.concrete_fields
        if field.null and getattr(instance, field.attname) is None
    )


def save_with_reason(
    instance: models.Model, reason: str, user: AbstractBaseUser | None, **save_options: object
) -> None:
    """save(**save_options) inside the import's revision, which gets the reason (with today's
    date: "Imported from PubMed 2026-12-07") and the user (validated by the caller)."""
    if reversion.is_active():
        reversion.set_comment(f"{reason} {timezone.localdate().isoformat()}")
        if user is not None:
            reversion.set_user(user)
    instance.save(**save_options)


def names_of(instance: models.Model, attribute: str) -> list[str]:
    """Every language's copy of a translated field (modeltranslation), lower-cased."""
    values = [getattr(instance, attribute, "")]
    values += [getattr(instance, f"{attribute}_{code}", "") for code, _name in settings.LANGUAGES]
    return [value.strip().lower() for value in values if value and value.strip()]
