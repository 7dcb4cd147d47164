"""Curation of references, reviews and pooled results; the trial admin extended with references,
exports and the ClinicalTrials.gov importer."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from evidence.importing.admin import import_from_ctgov, reference_lookup_view, trial_lookup_view
from trials.admin import TrialAdmin
from trials.admin_forms import UnverifiedFieldsForm
from trials.models import CurationStatus, OutcomeResult, Trial
from trials.revisions.admin import HistoryAdmin, RowHistoryAdmin
from trials.revisions.pending_admin import ReviewedRowsAdminMixin
from trials.revisions.registry import history_register

from .exports import FORMATS, filename, render_text
from .exports.citations import references_citations_store
from .exports.records import export_records
from .models import (
    CertaintyRating,
    Claim,
    ClaimSynthesis,
    IncludedStudy,
    PooledResult,
    Reference,
    ReferenceAuthor,
    Review,
    TrialReference,
    claim_unpublished_links,
    review_trials_sync,
)


def evidence_history_register() -> None:
    """Record every curated model of the evidence app (see trials/revisions/registry.py)."""
    history_register(TrialReference, follow=("trial",))
    history_register(Reference, follow=("authors",))
    history_register(ReferenceAuthor, follow=("reference",))
    history_register(Review, follow=("included_studies", "pooled_results"))
    history_register(IncludedStudy, follow=("review",))
    history_register(PooledResult, follow=("review",))
    history_register(CertaintyRating)
    history_register(Claim)


evidence_history_register()  # before the admin classes below


def cited_link_refusal(link: TrialReference) -> str:
    """Why a trial's link to a reference cannot be removed or moved: the trial's results that
    still cite it ("" when none does; the database refuses it too, evidence.models.integrity)."""
    count = OutcomeResult.objects.filter(
        trial_id=link.trial_id, reference_id=link.reference_id
    ).count()
    if not count:
        return ""
    return ngettext(
        "%(count)d outcome result of this trial cites “%(reference)s”: choose "
        "another reference for it first, then remove this one.",
        "%(count)d outcome results of this trial cite “%(reference)s”: choose "
        "another reference for them first, then remove this one.",
        count,
    ) % {"count": count, "reference": link.reference}


class TrialReferenceFormSet(BaseInlineFormSet):
    """A trial's references: one that its outcome results cite stays linked, with a message
    saying which results cite it."""

    def clean(self) -> None:
        super().clean()
        trial = self.instance
        if trial.pk is None:
            return
        errors = []
        for form in self.initial_forms:
            link = form.instance
            data = getattr(form, "cleaned_data", None) or {}
            removed = data.get("DELETE") or (
                data.get("reference") is not None and data["reference"].pk != link.reference_id
            )
            refusal = cited_link_refusal(link) if removed else ""
            if refusal:
                errors.append(refusal)
        if errors:
            # A formset error: errors of a row marked for deletion would be ignored.
            raise ValidationError(errors)


class TrialReferenceForm(forms.ModelForm):
    """A reference link on its own page: one that results cite keeps its trial and reference."""

    def clean(self) -> dict:
        cleaned = super().clean()
        link = self.instance
        if link.pk is None:
            return cleaned
        trial, reference = cleaned.get("trial"), cleaned.get("reference")
        moved = (trial is not None and trial.pk != link.trial_id) or (
            reference is not None and reference.pk != link.reference_id
        )
        refusal = cited_link_refusal(TrialReference.objects.get(pk=link.pk)) if moved else ""
        if refusal:
            raise ValidationError(refusal)
        return cleaned


class TrialReferenceInline(admin.TabularInline):
    model = TrialReference
    formset = TrialReferenceFormSet
    extra = 0
    autocomplete_fields = ["reference"]
    verbose_name = _("reference")
    verbose_name_plural = _("references")

    def get_queryset(self, request: HttpRequest) -> QuerySet[TrialReference]:
        # Each row's title names its trial and reference: read with the rows.
        return super().get_queryset(request).select_related("trial", "reference")


def _export_download(records: list, name: str, stem: str) -> HttpResponse:
    response = HttpResponse(render_text(name, records), content_type=FORMATS[name][0])
    download = filename(name, stem, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{download}"'
    return response


# Curators export what they select, drafts included: the admin is theirs, not the public's.
@admin.action(description=_("Export the selected trials' references (RIS)"))
def export_trials_ris(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse:
    return _export_download(export_records(trials=queryset, published_only=False), "ris", "trials")


@admin.action(description=_("Export the selected trials' references (Vancouver citations)"))
def export_trials_vancouver(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse:
    records = export_records(trials=queryset, published_only=False)
    return _export_download(records, "vancouver", "trials")


def warn_incomplete(request: HttpRequest, references: QuerySet[Reference]) -> None:
    """Tell the curator, after a save, which references of published trials a citation cannot
    be made whole from (the save still happens: the exports flag them)."""
    for reference in references.with_authors():
        missing = reference.missing_parts()
        if not reference.authors_complete:
            missing.append(gettext("the authors after “et al.”"))
        if missing:
            messages.warning(
                request,
                gettext("“%(title)s” is cited by a published trial but lacks: %(missing)s.")
                % {"title": reference, "missing": ", ".join(missing)},
            )


class EvidenceTrialAdmin(TrialAdmin):
    """The trial admin with what evidence adds (trials never imports evidence): the reference
    inline, the export actions, and the ClinicalTrials.gov importer (an action on the list and a
    page to add a trial by NCT number, linked from change_list_with_import.html)."""

    inlines = [*TrialAdmin.inlines, TrialReferenceInline]
    history_rows = (*TrialAdmin.history_rows, TrialReference)
    actions = [*TrialAdmin.actions, export_trials_ris, export_trials_vancouver, import_from_ctgov]
    change_list_template = "admin/trials/trial/change_list_with_import.html"

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(lambda request: trial_lookup_view(request, self))
        return [path("import/", view, name="trials_trial_import"), *super().get_urls()]

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # noqa: ANN001
        super().save_related(request, form, formsets, change)
        if form.instance.status == CurationStatus.PUBLISHED:
            warn_incomplete(request, Reference.objects.filter(trial_links__trial=form.instance))


admin.site.unregister(Trial)
admin.site.register(Trial, EvidenceTrialAdmin)


class ReferenceAuthorInline(admin.TabularInline):
    model = ReferenceAuthor
    extra = 0
    fields = ["position", "family", "given", "group_name"]


@admin.register(Reference)
class ReferenceAdmin(HistoryAdmin):
    history_rows = (ReferenceAuthor,)
    form = UnverifiedFieldsForm  # unverified fields chosen from the reference's fields
    list_display = ["title", "kind", "journal_abbreviation", "year", "doi", "pmid"]
    list_filter = ["kind", "year", "authors_complete"]
    search_fields = [
        "title",
        "doi",
        "pmid",
        "pmcid",
        "report_number",
        "authors__family",
        "authors__group_name",
    ]
    search_help_text = _("Title, author, DOI, PMID, PMCID or registry id.")
    inlines = [ReferenceAuthorInline]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["export_ris", "export_vancouver"]
    # The list links to "Add reference by PMID or DOI" (PubMed or Crossref).
    change_list_template = "admin/evidence/reference/change_list.html"

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(lambda request: reference_lookup_view(request, self))
        return [path("import/", view, name="evidence_reference_import"), *super().get_urls()]

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # noqa: ANN001
        super().save_related(request, form, formsets, change)  # the authors are saved here
        references_citations_store(pks=[form.instance.pk])  # the exports' formatted citations
        published = Reference.objects.filter(
            pk=form.instance.pk, trial_links__trial__status=CurationStatus.PUBLISHED
        ).distinct()
        warn_incomplete(request, published)

    @admin.action(description=_("Export the selected references (RIS)"))
    def export_ris(self, request: HttpRequest, queryset: QuerySet[Reference]) -> HttpResponse:
        records = export_records(references=queryset, published_only=False)
        return _export_download(records, "ris", "references")

    @admin.action(description=_("Export the selected references (Vancouver citations)"))
    def export_vancouver(self, request: HttpRequest, queryset: QuerySet[Reference]) -> HttpResponse:
        records = export_records(references=queryset, published_only=False)
        return _export_download(records, "vancouver", "references")


class PooledResultInline(TranslationStackedInline):
    model = PooledResult
    extra = 0
    autocomplete_fields = ["measure"]


class IncludedStudyInline(TranslationTabularInline):
    model = IncludedStudy
    extra = 0
    autocomplete_fields = ["trial"]
    fields = ["position", "citation", "registry_id", "trial", "match_basis", "note"]
    verbose_name_plural = _("included studies (the review's own list, in its order)")


@admin.display(description=_("included trials we hold"))
def held_trials(review: Review) -> str:
    return ", ".join(str(trial) for trial in review.trials.all()) or "–"


@admin.register(Review)
class ReviewAdmin(HistoryAdmin, TranslationAdmin):
    history_rows = (IncludedStudy, PooledResult)
    list_display = [
        "__str__",
        "status",
        "studies_count",
        "included_studies_count",
        "included_studies_complete",
        "search_date",
    ]
    list_filter = ["status", "included_studies_complete"]
    search_fields = ["short_title", "reference__title", "reference__doi", "reference__pmid"]
    autocomplete_fields = ["reference", "conditions"]
    filter_horizontal = ["conditions"]
    prepopulated_fields = {"slug": ["short_title"]}
    list_select_related = ["reference"]
    # The trials we hold follow from the included studies matched to them, never typed apart.
    exclude = ["trials"]
    inlines = [IncludedStudyInline, PooledResultInline]
    readonly_fields = [held_trials, "created_at", "updated_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        return super().get_queryset(request).annotate(included_count=Count("included_studies"))

    @admin.display(description=_("included studies listed"), ordering="included_count")
    def included_studies_count(self, review: Review) -> int:
        return review.included_count

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # noqa: ANN001
        super().save_related(request, form, formsets, change)
        for trial in review_trials_sync(review=form.instance):
            messages.warning(
                request,
                gettext(
                    "“%(trial)s” is no longer among the included trials we hold: no included "
                    "study of this review is matched to it."
                )
                % {"trial": trial},
            )


@admin.register(IncludedStudy)
class IncludedStudyAdmin(HistoryAdmin, TranslationAdmin):
    """Each included study on its own, for its history and for finding where a trial is cited."""

    list_display = ["citation", "review", "trial", "registry_id", "match_basis"]
    list_filter = [("trial", admin.EmptyFieldListFilter)]
    search_fields = ["citation", "registry_id", "review__short_title", "trial__title"]
    autocomplete_fields = ["review", "trial"]
    list_select_related = ["review", "trial"]

    def save_model(self, request: HttpRequest, obj: IncludedStudy, form, change: bool) -> None:  # noqa: ANN001
        super().save_model(request, obj, form, change)
        review_trials_sync(review=obj.review)

    def delete_model(self, request: HttpRequest, obj: IncludedStudy) -> None:
        review = obj.review
        super().delete_model(request, obj)
        review_trials_sync(review=review)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[IncludedStudy]) -> None:
        reviews = list(Review.objects.filter(included_studies__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for review in reviews:
            review_trials_sync(review=review)


@admin.register(PooledResult)
class PooledResultAdmin(HistoryAdmin, TranslationAdmin):
    list_display = [
        "review",
        "measure",
        "timepoint_label",
        "effect_measure",
        "estimate",
        "certainty",
    ]
    list_filter = ["effect_measure", "certainty", "measure"]
    search_fields = ["review__short_title", "measure__name"]
    autocomplete_fields = ["review", "measure"]
    list_select_related = ["review", "measure"]


@admin.register(TrialReference)
class TrialReferenceAdmin(ReviewedRowsAdminMixin, RowHistoryAdmin):
    form = TrialReferenceForm
    list_display = ["trial", "reference", "role"]
    list_filter = ["role"]
    search_fields = ["trial__title", "reference__title", "reference__doi"]
    autocomplete_fields = ["trial", "reference"]
    list_select_related = ["trial", "reference"]

    def get_deleted_objects(self, objs, request: HttpRequest) -> tuple:  # noqa: ANN001
        # A link its trial's results cite is listed as protected: the page says why and
        # deletes nothing (nor does the bulk delete action).
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [refusal for link in objs if (refusal := cited_link_refusal(link))]
        return deleted, counts, perms_needed, [*protected, *refusals]


@admin.register(CertaintyRating)
class CertaintyRatingAdmin(HistoryAdmin, TranslationAdmin):
    """A curator's GRADE rating; the page shows the software's suggestion beside each domain."""

    list_display = [
        "condition",
        "measure",
        "intervention_class",
        "window",
        "design_group",
        "status",
        "updated_at",
    ]
    list_filter = ["status", "design_group", "intervention_class", "window"]
    search_fields = ["condition__name", "measure__name"]
    autocomplete_fields = ["condition", "measure"]
    list_select_related = ["condition", "measure"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            _("Which pooled result"),
            {
                "fields": [
                    "status",
                    "condition",
                    "measure",
                    ("intervention_class", "window", "design_group"),
                ],
                "description": _(
                    "The pooled result as its page names it. Leave a domain empty to keep the "
                    "software's suggestion; a value replaces it, with your reason."
                ),
            },
        ),
        (
            _("Domains (levels down)"),
            {
                "fields": [
                    ("risk_of_bias", "risk_of_bias_reason"),
                    ("inconsistency", "inconsistency_reason"),
                    ("indirectness", "indirectness_reason"),
                    ("imprecision", "imprecision_reason"),
                    ("publication_bias", "publication_bias_reason"),
                    ("upgrade", "upgrade_reason"),
                ]
            },
        ),
        (None, {"fields": [("created_at", "updated_at")]}),
    ]


class ClaimSynthesisInline(admin.TabularInline):
    model = ClaimSynthesis
    extra = 0
    autocomplete_fields = ["condition", "measure"]
    verbose_name_plural = _(
        "our pooled results deciding the claim (as the condition page names them; shown with "
        "their certainty)"
    )


@admin.register(Claim)
class ClaimAdmin(HistoryAdmin, TranslationAdmin):
    """A clinic claim with its verdict; the page shows only the published records linked."""

    list_display = ["text", "verdict", "status", "position", "updated_at"]
    list_filter = ["status", "verdict"]
    search_fields = ["text", "reason", "slug"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["trials", "outcome_results", "pooled_results", "reviews"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ClaimSynthesisInline]

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # noqa: ANN001
        super().save_related(request, form, formsets, change)
        hidden = claim_unpublished_links(claim=form.instance)
        if hidden:
            messages.warning(
                request,
                gettext(
                    "Not shown on the claims page until published: %(records)s. The reason "
                    "must not rest on them meanwhile."
                )
                % {"records": "; ".join(hidden)},
            )
