"""No lost updates: a trial's change form carries the version it was opened at.

`Trial.version` rises with every save of the trial and of its rows (arms, results, registry ids,
reference links). The change form holds the version and the time it was opened in two hidden
fields; on save the trial's row is locked (SELECT … FOR UPDATE, inside the admin's transaction) and
the form is refused when the version has moved on, with what the other curator changed since. The
curator's input stays on the form; the hidden version is brought up to date, so saving again (after
reading what changed) replaces the other curator's values knowingly.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trials.models import Trial

from .changes import changes_since


def _refusal(trial: Trial, opened_at: datetime.datetime | None) -> list[str]:
    lines = [
        _(
            "Another curator saved this trial after you opened it, so your changes were not "
            "saved. They are kept below: check them against what changed, then save again to "
            "keep yours."
        )
    ]
    for change in changes_since(trial, opened_at):
        lines.append(
            _("%(user)s, %(when)s: %(what)s")
            % {
                "user": change.user,
                "when": date_format(timezone.localtime(change.at), "DATETIME_FORMAT"),
                "what": change.what,
            }
        )
    return lines


def version_checked(
    form: type[forms.ModelForm], trial: Trial | None = None
) -> type[forms.ModelForm]:
    """The change form of an existing trial (or of a row of `trial`: a result on its own page),
    with the trial's version it was opened at checked on save."""

    class VersionChecked(form):
        opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
        opened_at = forms.CharField(widget=forms.HiddenInput, required=False)

        def _checked_trial(self) -> Trial:
            return trial if trial is not None else self.instance

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            if not self.is_bound:
                self.initial["opened_version"] = self._checked_trial().version
                self.initial["opened_at"] = timezone.now().isoformat()

        def clean(self) -> dict:
            cleaned = super().clean()
            checked = self._checked_trial()
            # The trial's row stays locked until the admin's transaction ends: a concurrent save
            # of the same trial waits here, then sees the version this one wrote.
            current = (
                Trial.objects.select_for_update()
                .filter(pk=checked.pk)
                .values_list("version", flat=True)
                .first()
            )
            opened = cleaned.get("opened_version")
            if opened is None or current is None or opened == current:
                return cleaned
            opened_at = parse_datetime(cleaned.get("opened_at") or "")
            data = self.data.copy()
            data["opened_version"] = str(current)
            data["opened_at"] = timezone.now().isoformat()
            self.data = data
            raise ValidationError(_refusal(checked, opened_at), code="stale")

    VersionChecked.__name__ = form.__name__
    return VersionChecked


class VersionCheckedAdminMixin:
    """For TrialAdmin: the change form of an existing trial refuses a stale save."""

    def get_form(self, request, obj=None, **kwargs):  # noqa: ANN001, ANN201
        if obj is not None:
            kwargs["form"] = version_checked(kwargs.get("form", self.form))
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):  # noqa: ANN001, ANN201
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        (name, options), *rest = fieldsets
        fields = [*options["fields"], "opened_version", "opened_at"]
        return [(name, {**options, "fields": fields}), *rest]
