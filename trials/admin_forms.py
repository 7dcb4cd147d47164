"""The forms of the curation admin: an outcome result's own page (its trial's arms and
references only, the shape rules for the page's script) and the "unverified fields" lists."""

import functools
import json

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Arm, MeasureKind, OutcomeMeasure, Trial
from .models.choices import EFFECTS_BY_KIND, RESULT_SHAPES_BY_KIND, SHAPE_FIELDS

EMPTY_CHOICE = ("", "---------")


def trial_reference_choices(trial: Trial | None) -> tuple[QuerySet, list[tuple]]:
    """The references a result of this trial may cite (its own, in the trial's reading order:
    primary results first) as a queryset for validation and a list of choices for the select."""
    # Reverse relations only: trials never imports the evidence app.
    link_model = Trial._meta.get_field("trial_references").related_model
    reference_model = link_model._meta.get_field("reference").related_model
    if trial is None or trial.pk is None:
        return reference_model.objects.none(), [EMPTY_CHOICE]
    links = list(link_model.objects.filter(trial=trial).select_related("reference"))  # one query
    choices = [EMPTY_CHOICE]
    for link in links:
        reference = link.reference
        year = f" ({reference.year})" if reference.year else ""
        choices.append((reference.pk, f"{reference}{year} — {link.get_role_display()}"))
    queryset = reference_model.objects.filter(pk__in=[link.reference_id for link in links])
    return queryset, choices


def measure_choices() -> tuple[list[tuple], dict[str, str]]:
    """Every measure grouped by kind (binary, continuous, time to event), and each measure's
    kind by id (what the shape selector reads): one query."""
    measures = list(OutcomeMeasure.objects.order_by("name", "pk"))
    groups = [
        (kind.label, [(m.pk, m.label) for m in measures if m.kind == kind]) for kind in MeasureKind
    ]
    choices = [EMPTY_CHOICE, *[(label, options) for label, options in groups if options]]
    return choices, {str(m.pk): m.kind for m in measures}


# What the result rows' script reads (trials/static/trials_admin/result_shape.js): the number
# fields of each shape, the shapes and effect measures of each kind of measure.
SHAPE_SELECTOR_DATA = {
    "shape": {
        "data-shape-fields": json.dumps({str(k): list(v) for k, v in SHAPE_FIELDS.items()}),
        "data-shapes-by-kind": json.dumps(
            {str(k): [str(s) for s in v] for k, v in RESULT_SHAPES_BY_KIND.items()}
        ),
    },
    "effect_measure": {
        "data-effects-by-kind": json.dumps(
            {str(k): [str(e) for e in v] for k, v in EFFECTS_BY_KIND.items()}
        )
    },
}


# A select with its options written in one template (trials/templates/trials_admin/select.html):
# Django's includes one template per option, and the measure select has hundreds.
SELECT_TEMPLATE = "trials_admin/select.html"


def result_form_for_trial(form: type[forms.ModelForm], trial: Trial) -> type[forms.ModelForm]:
    """An outcome result's form on its own page, for a result of `trial`: the trial fixed (a
    hidden field), the arms and references only this trial's, the measures grouped by kind, and
    the shape rules the page's script reads (trials/static/trials_admin/result_shape.js).
    Four queries: the arms, the reference links, the measures, and nothing per option."""
    arms = list(Arm.objects.filter(trial=trial))
    arm_queryset = Arm.objects.filter(pk__in=[arm.pk for arm in arms])
    arm_choices = [EMPTY_CHOICE, *[(arm.pk, str(arm)) for arm in arms]]
    references, reference_choices = trial_reference_choices(trial)
    measures, kinds = measure_choices()
    shared = {
        "arm": (arm_queryset, arm_choices),
        "comparator_arm": (arm_queryset, arm_choices),
        "reference": (references, reference_choices),
        "measure": (OutcomeMeasure.objects.all(), measures),
    }
    data_attributes = {**SHAPE_SELECTOR_DATA, "measure": {"data-measure-kinds": json.dumps(kinds)}}
    fields = form.base_fields
    for name, (queryset, choices) in shared.items():
        if name in fields:
            fields[name].queryset = queryset
            fields[name].choices = choices
    for name, field in fields.items():
        widget = getattr(field.widget, "widget", field.widget)  # inside the admin's links
        if type(widget) is forms.Select:
            widget.template_name = SELECT_TEMPLATE
        if name in data_attributes:
            widget.attrs.update(data_attributes[name])
    if "reference" in fields:
        fields["reference"].help_text = _(
            "Only this trial's references are offered. To cite another paper, add it to the "
            "trial's references on the trial's page and save first."
        )
    return trial_fixed(form, trial)


def trial_fixed(form: type[forms.ModelForm], trial: Trial) -> type[forms.ModelForm]:
    """The row's form with its trial fixed (a hidden field naming `trial`)."""
    field = form.base_fields.get("trial")
    if field is not None:
        field.queryset = Trial.objects.filter(pk=trial.pk)
        field.initial = trial.pk
        field.widget = forms.HiddenInput()
    return form


# Bookkeeping that a source never supports or contradicts: not offered as "unverified".
NOT_SOURCED = {
    "id",
    "status",
    "slug",
    "unverified_fields",
    "created_at",
    "updated_at",
    "published_at",
    "submitted_at",
    "last_reviewed_at",
    "last_reviewed_by",
    "registry_synced_at",
    "verified_at",
    "verified_by",
    "position",
    "trial",
}


# Rows hanging from a record that a source lists (a trial's registry ids, a paper's authors).
SOURCED_ROWS = {"registry_ids", "authors"}


def record_field_choices(model: type[models.Model]) -> list[tuple[str, str]]:
    """The fields of a record a source may support, as (name, label) choices: its own fields,
    its many-to-many fields and the rows that hang from it (registry ids, authors), without the
    per-language copies of translated fields (the field as a whole is verified or not)."""
    return list(_field_choices(model, get_language()))


@functools.cache
def _field_choices(model: type[models.Model], language: str) -> tuple[tuple[str, str], ...]:
    # Built once per model and language in a process (the fields change only with the code):
    # every form of a trial, arm or reference asks for them.
    languages = {code for code, _name in settings.LANGUAGES}
    names = {field.name for field in model._meta.get_fields()}
    choices = []
    for field in model._meta.get_fields():
        base, _sep, suffix = field.name.rpartition("_")
        if field.name in NOT_SOURCED or (suffix in languages and base in names):
            continue
        if field.auto_created:  # a reverse relation: only the rows a source lists
            name = field.get_accessor_name() if field.one_to_many else ""
            if name not in SOURCED_ROWS:
                continue
            label = field.related_model._meta.verbose_name_plural
        else:
            if not field.editable:
                continue
            name, label = field.name, field.verbose_name
        choices.append((name, f"{capfirst(label)} ({name})"))
    return tuple(sorted(choices, key=lambda choice: choice[1].lower()))


class UnverifiedFieldsForm(forms.ModelForm):
    """A record's form whose "unverified fields" are chosen from a list of the record's fields
    (the same JSON list of names is stored); a name stored earlier that is no field stays
    offered, so that saving never drops it unseen."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("unverified_fields")
        if field is None:
            return
        model_field = self._meta.model._meta.get_field("unverified_fields")
        choices = record_field_choices(self._meta.model)
        known = {name for name, _label in choices}
        stored = self.initial.get("unverified_fields") or []
        if isinstance(stored, str):
            stored = []
        choices += [(name, name) for name in stored if isinstance(name, str) and name not in known]
        self.fields["unverified_fields"] = forms.MultipleChoiceField(
            choices=choices,
            required=False,
            label=capfirst(model_field.verbose_name),
            help_text=_(
                "Choose the fields that only a review's table supports (shown as unverified). "
                "Hold Ctrl (or ⌘) to choose several."
            ),
            widget=forms.SelectMultiple(attrs={"size": 8}),
        )

    class Meta:
        fields = ["unverified_fields"]
