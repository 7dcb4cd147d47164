"""The forms of the trial admin's outcome-result rows.

The choices every row offers (the trial's arms, its references, the measures) are read once for
the whole formset, not once per row: a trial with 30 results costs the same queries as one with 3.
"""

import json

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.forms.utils import ErrorList
from django.utils.text import capfirst
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
# Django's includes one template per option, and the result rows have thousands of options.
SELECT_TEMPLATE = "trials_admin/select.html"


class QuietErrorList(ErrorList):
    """An error list that renders nothing, without a template, when it holds no error: the
    trial form asks each of its ~1,300 fields for its errors, almost all empty."""

    def render(self, template_name=None, context=None, renderer=None) -> str:  # noqa: ANN001
        if not self.data:
            return ""
        return super().render(template_name, context, renderer)


class OutcomeResultFormSet(BaseInlineFormSet):
    """A trial's result rows. Arms and references are only this trial's; the choices are read
    once and shared by every row."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("error_class", QuietErrorList)
        super().__init__(*args, **kwargs)
        trial = self.instance if self.instance.pk else None
        arms = list(Arm.objects.filter(trial=trial)) if trial else []  # one query
        arm_queryset = Arm.objects.filter(pk__in=[arm.pk for arm in arms])
        references, reference_choices = trial_reference_choices(trial)
        measures, kinds = measure_choices()
        self.shared = {
            "arm": (arm_queryset, [EMPTY_CHOICE, *[(arm.pk, str(arm)) for arm in arms]]),
            "comparator_arm": (arm_queryset, [EMPTY_CHOICE, *[(a.pk, str(a)) for a in arms]]),
            "reference": (references, reference_choices),
            "measure": (OutcomeMeasure.objects.all(), measures),
        }
        self.data_attributes = {
            **SHAPE_SELECTOR_DATA,
            "measure": {"data-measure-kinds": json.dumps(kinds)},
        }

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        for name, (queryset, choices) in getattr(self, "shared", {}).items():
            if name in form.fields:
                form.fields[name].queryset = queryset
                form.fields[name].choices = choices
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's links
            if type(widget) is forms.Select:
                widget.template_name = SELECT_TEMPLATE
        for name, attributes in getattr(self, "data_attributes", {}).items():
            if name in form.fields:
                widget = form.fields[name].widget
                # The select itself, inside the admin's add/change links (if any).
                getattr(widget, "widget", widget).attrs.update(attributes)
        if "reference" in form.fields:
            form.fields["reference"].help_text = _(
                "Only this trial's references are offered. To cite another paper, add it to the "
                "trial's references below and save first."
            )


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
    return sorted(choices, key=lambda choice: str(choice[1]).lower())


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
