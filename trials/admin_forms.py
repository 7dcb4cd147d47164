"""The forms of the trial admin's outcome-result rows.

The choices every row offers (the trial's arms, its references, the measures) are read once for
the whole formset, not once per row: a trial with 30 results costs the same queries as one with 3.
"""

from django import forms
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from .models import Arm, MeasureKind, OutcomeMeasure, Trial

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


def measure_choices() -> list[tuple]:
    """Every measure, grouped by kind (binary, continuous, time to event): one query."""
    measures = list(OutcomeMeasure.objects.order_by("name", "pk"))
    groups = [
        (kind.label, [(m.pk, m.label) for m in measures if m.kind == kind]) for kind in MeasureKind
    ]
    return [EMPTY_CHOICE, *[(label, options) for label, options in groups if options]]


class OutcomeResultFormSet(BaseInlineFormSet):
    """A trial's result rows. Arms and references are only this trial's; the choices are read
    once and shared by every row."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        trial = self.instance if self.instance.pk else None
        arms = list(Arm.objects.filter(trial=trial)) if trial else []  # one query
        arm_queryset = Arm.objects.filter(pk__in=[arm.pk for arm in arms])
        references, reference_choices = trial_reference_choices(trial)
        self.shared = {
            "arm": (arm_queryset, [EMPTY_CHOICE, *[(arm.pk, str(arm)) for arm in arms]]),
            "comparator_arm": (arm_queryset, [EMPTY_CHOICE, *[(a.pk, str(a)) for a in arms]]),
            "reference": (references, reference_choices),
            "measure": (OutcomeMeasure.objects.all(), measure_choices()),
        }

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        for name, (queryset, choices) in getattr(self, "shared", {}).items():
            if name in form.fields:
                form.fields[name].queryset = queryset
                form.fields[name].choices = choices
        if "reference" in form.fields:
            form.fields["reference"].help_text = _(
                "Only this trial's references are offered. To cite another paper, add it to the "
                "trial's references below and save first."
            )
