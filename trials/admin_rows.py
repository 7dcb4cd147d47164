"""A trial's arms and outcome results on the trial's change form: listed compactly (a few
queries however many), each edited on its own page, which follows the trial's rules (its history,
review of a published trial, no lost updates) and returns to the trial."""

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .admin_forms import trial_fixed
from .models import Arm, OutcomeResult, PendingRevision, Trial
from .outcome_tables import arm_label, format_result, timepoint_label
from .revisions.locking import version_checked


class TrialRowPageMixin:
    """For the admin of a trial's row (arm, outcome result) edited on its own page, reached from
    the trial's form ("Add …" names the trial with ?trial=): the trial fixed, the trial's version
    checked on save (refused when the trial or any of its rows was saved after the page was
    opened), and back to the trial's form after a save or a delete."""

    def trial_of_page(self, request: HttpRequest, obj: object | None) -> Trial | None:
        """The trial of the row on this page: its own, or the one named by "Add …" (?trial=)
        and posted back with the form."""
        if obj is not None:
            return obj.trial
        trial_id = request.POST.get("trial") or request.GET.get("trial")
        if not trial_id or not str(trial_id).isdigit():
            return None
        return Trial.objects.filter(pk=trial_id).first()

    def form_for_trial(self, form: type[forms.ModelForm], trial: Trial) -> type[forms.ModelForm]:
        """The row's form for a row of `trial` (what the subclass narrows to the trial)."""
        return trial_fixed(form, trial)

    def get_autocomplete_fields(self, request: HttpRequest) -> list[str]:
        # A row whose trial is known chooses in plain selects: a result among that trial's arms
        # and references (form_for_trial), an arm among the cell sources and routes (a few
        # dozen names), which a screen reader names by their labels (Django's autocomplete
        # boxes it does not). Only a row added without a trial searches for one.
        match = request.resolver_match
        if (match and match.kwargs.get("object_id")) or request.GET.get("trial"):
            return []
        return super().get_autocomplete_fields(request)

    def get_readonly_fields(self, request: HttpRequest, obj: object | None = None) -> list:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "trial"] if obj is not None else fields

    def get_fieldsets(self, request: HttpRequest, obj: object | None = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if self.trial_of_page(request, obj) is None:
            return fieldsets
        (name, options), *rest = fieldsets
        fields = [*options["fields"], "opened_version", "opened_at"]
        return [(name, {**options, "fields": fields}), *rest]

    def get_form(self, request: HttpRequest, obj: object | None = None, **kwargs):  # noqa: ANN201
        trial = self.trial_of_page(request, obj)
        if trial is None:
            return super().get_form(request, obj, **kwargs)
        kwargs["form"] = version_checked(kwargs.get("form", self.form), trial)
        return self.form_for_trial(super().get_form(request, obj, **kwargs), trial)

    def _back_to_trial(
        self, request: HttpRequest, trial_id: int | None, response: HttpResponse
    ) -> HttpResponse:
        # After a save or a delete, back to the trial's page, where its rows are listed.
        stay = ("_continue", "_addanother", "_saveasnew", "_popup")
        if not isinstance(response, HttpResponseRedirect) or trial_id is None:
            return response
        if any(key in request.POST for key in stay):
            return response
        return redirect(reverse("admin:trials_trial_change", args=[trial_id]))

    def response_add(self, request: HttpRequest, obj: object, post_url_continue=None):  # noqa: ANN001, ANN201
        response = super().response_add(request, obj, post_url_continue)
        return self._back_to_trial(request, obj.trial_id, response)

    def response_change(self, request: HttpRequest, obj: object):  # noqa: ANN201
        return self._back_to_trial(request, obj.trial_id, super().response_change(request, obj))

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: object):  # noqa: ANN201
        response = super().response_delete(request, obj_display, obj_id)
        return self._back_to_trial(
            request, getattr(request, "deleted_row_trial_id", None), response
        )


def _dose(arm: Arm) -> str:
    parts = [arm.dose_text] if arm.dose_text else []
    if arm.administrations_count:
        count = arm.administrations_count
        parts.append(
            ngettext("%(count)d administration", "%(count)d administrations", count)
            % {"count": count}
        )
    return "; ".join(parts)


def arm_rows(trial: Trial) -> list[dict]:
    """The trial's arms as a curator reads them, in their order, each with its page (one
    query)."""
    arms = Arm.objects.filter(trial=trial).select_related("cell_source", "route")
    rows = []
    for arm in arms.order_by("position", "pk"):
        cells = [str(arm.cell_source)] if arm.cell_source_id else []
        if arm.donor_type:
            cells.append(arm.get_donor_type_display())
        rows.append(
            {
                "arm": arm,
                "label": arm_label(arm),
                "role": arm.get_role_display(),
                "participants": arm.participants_count,
                "cells": ", ".join(cells),
                "route": str(arm.route) if arm.route_id else "",
                "dose": _dose(arm),
                "url": reverse("admin:trials_arm_change", args=[arm.pk]),
            }
        )
    return rows


def result_rows(trial: Trial) -> list[dict]:
    """The trial's outcome results as a curator reads them (measure, arms, time point, shape,
    the value as printed, reference), in the order they were entered (one query)."""
    results = (
        OutcomeResult.objects.filter(trial=trial)
        .select_related("measure", "arm", "comparator_arm", "reference")
        .order_by("pk")  # in the order they were entered
    )
    compared_with = _("compared with")
    url = reverse("admin:trials_outcomeresult_change", args=[0])
    rows = []
    for result in results:
        arms = arm_label(result.arm) if result.arm_id else _("Whole trial")
        if result.comparator_arm_id:
            arms = format_html("{} {} {}", arms, compared_with, arm_label(result.comparator_arm))
        reference = ""
        if result.reference_id:
            reference = str(result.reference)
            if result.source_location:
                reference = f"{reference} ({result.source_location})"
        rows.append(
            {
                "result": result,
                "measure": result.measure.name,
                "arms": arms,
                "timepoint": timepoint_label(result),
                "shape": result.get_shape_display(),
                "value": format_result(result),
                "reference": reference,
                # One reverse for all rows: the id is the only part that differs.
                "url": url.replace("/0/", f"/{result.pk}/"),
            }
        )
    return rows


def trial_rows_context(trial: Trial) -> dict:
    """What the trial's change form lists below its fields: its arms, its outcome results, and
    the changes to the trial that wait for approval (three queries, however many rows)."""
    return {
        "arm_rows": arm_rows(trial),
        "add_arm_url": reverse("admin:trials_arm_add") + f"?trial={trial.pk}",
        "result_rows": result_rows(trial),
        "add_result_url": reverse("admin:trials_outcomeresult_add") + f"?trial={trial.pk}",
        "waiting_changes": list(PendingRevision.objects.waiting().filter(trial=trial)),
    }
