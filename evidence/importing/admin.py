"""Importers in the admin: refresh trials from ClinicalTrials.gov, add trials by NCT number and
references by PMID or DOI. Errors are shown as admin messages or form errors; nothing is changed."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evidence.importing import http
from evidence.importing.errors import ImporterError
from evidence.importing.services import (
    ImportReport,
    reference_import_crossref,
    reference_import_pubmed,
    trials_import_ctgov_document,
    waiting_for_review,
)
from evidence.importing.sources.ctgov import NCT_PATTERN
from evidence.models.references import DOI_PATTERN, normalise_doi
from trials.models import Registry, Trial

# A curator waits for the page: one retry, and at most this many trials per action.
ADMIN_RETRIES = 1
MAX_TRIALS_PER_ACTION = 20


def _import_nct(nct_id: str, request: HttpRequest) -> ImportReport:
    raw = http.ctgov_study(nct_id, retries=ADMIN_RETRIES)
    return trials_import_ctgov_document(raw=raw, user=request.user)[0]


@admin.action(
    description=gettext_lazy("Import or refresh from ClinicalTrials.gov"), permissions=["change"]
)
def import_from_ctgov(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Trial]
) -> None:
    """Refresh each selected trial from its ClinicalTrials.gov record (one transaction each)."""
    trials = list(queryset.prefetch_related("registry_ids")[: MAX_TRIALS_PER_ACTION + 1])
    if len(trials) > MAX_TRIALS_PER_ACTION:
        modeladmin.message_user(
            request,
            _("Select at most %(count)d trials at a time.") % {"count": MAX_TRIALS_PER_ACTION},
            messages.ERROR,
        )
        return
    reports = []
    for trial in trials:
        nct_ids = [
            item.identifier for item in trial.registry_ids.all() if item.registry == Registry.CTGOV
        ]
        if not nct_ids:
            modeladmin.message_user(
                request,
                _("%(trial)s has no ClinicalTrials.gov id: add its NCT number first.")
                % {"trial": trial},
                messages.WARNING,
            )
            continue
        try:
            report = _import_nct(nct_ids[0], request)
        except ImporterError as error:
            modeladmin.message_user(request, f"{nct_ids[0]}: {error.message}", messages.ERROR)
        else:
            modeladmin.message_user(request, report.summary(), messages.SUCCESS)
            reports.append(report)
    _report_waiting(modeladmin, request, reports)


def _report_waiting(
    model_admin: admin.ModelAdmin, request: HttpRequest, reports: list[ImportReport]
) -> None:
    waiting = waiting_for_review(reports)
    if waiting:
        model_admin.message_user(request, waiting, messages.WARNING)


class TrialLookupForm(forms.Form):
    nct_id = forms.CharField(
        label=gettext_lazy("NCT number"),
        max_length=20,
        help_text=gettext_lazy("For example NCT01220492. A trial we hold is refreshed."),
    )

    def clean_nct_id(self) -> str:
        value = self.cleaned_data["nct_id"].strip().upper()
        if not NCT_PATTERN.fullmatch(value):
            raise ValidationError(_("An NCT number is NCT followed by 8 digits."))
        return value


class ReferenceLookupForm(forms.Form):
    identifier = forms.CharField(
        label=gettext_lazy("PMID or DOI"),
        max_length=300,
        help_text=gettext_lazy(
            "For example 22663011, or 10.1007/s12072-021-10199-2 (a doi.org link works too). "
            "A reference we hold is updated, never duplicated."
        ),
    )

    def clean_identifier(self) -> tuple[str, str]:
        value = self.cleaned_data["identifier"].strip()
        if value.isdigit():
            return "pmid", value
        doi = normalise_doi(value)
        if DOI_PATTERN.fullmatch(doi):
            return "doi", doi
        raise ValidationError(
            _("Give a PMID (digits only) or a DOI (10. then a slash, e.g. 10.1056/NEJMoa1203421).")
        )


def _import_reference(form: ReferenceLookupForm, request: HttpRequest) -> ImportReport:
    kind, value = form.cleaned_data["identifier"]
    if kind == "pmid":
        raw = http.pubmed_efetch([value], retries=ADMIN_RETRIES)
        return reference_import_pubmed(payload=raw, pmids=[value], user=request.user)[0]
    raw = http.crossref_work(value, retries=ADMIN_RETRIES)
    return reference_import_crossref(payload=raw, doi=value, user=request.user)


def _import_trial(form: TrialLookupForm, request: HttpRequest) -> ImportReport:
    return _import_nct(form.cleaned_data["nct_id"], request)


def _lookup_view(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    form_class: type[forms.Form],
    run: Callable[[forms.Form, HttpRequest], ImportReport],
    title: str,
) -> HttpResponse:
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = run(form, request)
        except ImporterError as error:
            # On the one field, so that it is announced with it (aria-describedby).
            form.add_error(next(iter(form.fields)), error.message)
        else:
            model_admin.message_user(request, report.summary(), messages.SUCCESS)
            _report_waiting(model_admin, request, [report])
            if isinstance(report.instance, Trial) and report.pending:
                # A published trial's refresh: its pending change, to read and approve.
                return redirect("admin:trials_pendingrevision_change", report.pending[0].pk)
            opts = model_admin.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", report.instance.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "form": form,
        "title": title,
    }
    return TemplateResponse(request, "admin/evidence/import_form.html", context)


def reference_lookup_view(request: HttpRequest, model_admin: admin.ModelAdmin) -> HttpResponse:
    """Add (or update) a reference from PubMed or Crossref."""
    title = _("Add reference by PMID or DOI")
    return _lookup_view(request, model_admin, ReferenceLookupForm, _import_reference, title)


def trial_lookup_view(request: HttpRequest, model_admin: admin.ModelAdmin) -> HttpResponse:
    """Add (or refresh) a trial from ClinicalTrials.gov."""
    title = _("Import or refresh from ClinicalTrials.gov")
    return _lookup_view(request, model_admin, TrialLookupForm, _import_trial, title)
