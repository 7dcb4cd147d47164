"""Curation of trials, arms, outcome results and the vocabularies."""

import datetime

import reversion
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import CharField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationTabularInline,
)
from reversion.models import Version

from .admin_forms import UnverifiedFieldsForm, result_form_for_trial
from .admin_rows import TrialRowPageMixin, trial_rows_context
from .models import (
    TOOL_DOMAINS,
    TOOL_JUDGEMENTS,
    Arm,
    BiasDomain,
    CellSource,
    Condition,
    Country,
    CoverageGap,
    CoverageNote,
    CurationStatus,
    DomainJudgement,
    Etiology,
    OutcomeMeasure,
    OutcomeResult,
    PendingRevision,
    RegistryId,
    RiskOfBiasAssessment,
    Route,
    SameStudyLink,
    Trial,
)
from .revisions.admin import HistoryAdmin, RecoverAsDraftAdminMixin, RowHistoryAdmin
from .revisions.locking import VersionCheckedAdminMixin
from .revisions.pending import last_change_author_id, pending_change_create
from .revisions.pending_admin import (
    PendingRevisionAdmin,
    ReviewedChangesAdminMixin,
    ReviewedRowsAdminMixin,
)
from .revisions.registry import trials_history_register

trials_history_register()  # before the admin classes below (see trials/revisions/registry.py)


class VocabularyAdmin(HistoryAdmin, TranslationAdmin):
    """History and one field per language for every vocabulary."""

    list_display = ["name", "slug", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Condition)
class ConditionAdmin(VocabularyAdmin):
    list_display = ["name", "parent", "slug", "is_active"]
    search_fields = ["name", "slug", "synonyms", "description"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Etiology, Route)
class PlainVocabularyAdmin(VocabularyAdmin):
    pass


@admin.register(CellSource)
class CellSourceAdmin(VocabularyAdmin):
    list_display = ["name", "intervention_class", "product_kind", "is_active"]
    list_filter = ["intervention_class", "product_kind", "is_active"]


@admin.register(Country)
class CountryAdmin(VocabularyAdmin):
    list_display = ["name", "code", "is_active"]
    search_fields = ["name", "code"]


@admin.register(OutcomeMeasure)
class OutcomeMeasureAdmin(VocabularyAdmin):
    list_display = ["name", "abbreviation", "kind", "unit", "higher_is_better", "is_active"]
    list_filter = ["kind", "is_safety", "is_active"]
    search_fields = ["name", "abbreviation", "slug"]


class RegistryIdInline(admin.TabularInline):
    model = RegistryId
    extra = 0


def _with_provenance(queryset: QuerySet[OutcomeResult]) -> QuerySet[OutcomeResult]:
    """Who entered each result and who last changed it, from its history (in the same query).

    Every save of its trial records the result again (a revision holds the whole trial), so the
    last change is the first version holding what the result holds now, after the last version
    that held something else."""
    versions = Version.objects.get_for_model(OutcomeResult)
    mine = versions.filter(object_id=Cast(OuterRef("pk"), CharField()))
    first = mine.order_by("revision__date_created", "pk")
    latest_data = Subquery(
        versions.filter(object_id=Cast(OuterRef(OuterRef(OuterRef("pk"))), CharField()))
        .order_by("-revision__date_created", "-pk")
        .values("serialized_data")[:1]
    )
    last_other = Subquery(
        versions.filter(object_id=Cast(OuterRef(OuterRef("pk")), CharField()))
        .exclude(serialized_data=latest_data)
        .order_by("-revision__date_created", "-pk")
        .values("revision__date_created")[:1]
    )
    change = mine.filter(revision__date_created__gt=Coalesce(last_other, Value(EPOCH))).order_by(
        "revision__date_created", "pk"
    )
    return queryset.annotate(
        entered_by_name=Subquery(first.values("revision__user__username")[:1]),
        changed_by_name=Subquery(change.values("revision__user__username")[:1]),
        changed_at=Subquery(change.values("revision__date_created")[:1]),
    )


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class VerifiedFilter(admin.SimpleListFilter):
    title = _("verified")
    parameter_name = "verified"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("yes", _("Verified")), ("no", _("Not verified"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(verified_at__isnull=self.value() == "no")
        return queryset


class ProvenanceMixin:
    """Read-only provenance of an outcome result: source, who entered and changed it, verified."""

    @admin.display(description=_("entered by"))
    def entered_by(self, obj: OutcomeResult) -> str:
        return getattr(obj, "entered_by_name", None) or "—"

    @admin.display(description=_("last changed by"))
    def last_changed_by(self, obj: OutcomeResult) -> str:
        return getattr(obj, "changed_by_name", None) or "—"

    @admin.display(description=_("last changed at"), ordering="changed_at")
    def last_changed_at(self, obj: OutcomeResult) -> object:
        return getattr(obj, "changed_at", None) or "—"

    @admin.display(description=_("last changed"), ordering="changed_at")
    def last_changed(self, obj: OutcomeResult) -> str:
        when = getattr(obj, "changed_at", None)
        if when is None:
            return "—"
        return f"{self.last_changed_by(obj)}, {date_format(timezone.localtime(when))}"

    @admin.display(description=_("verified"), boolean=True, ordering="verified_at")
    def is_verified(self, obj: OutcomeResult) -> bool:
        return obj.verified_at is not None

    @admin.display(description=_("provenance"))
    def provenance(self, obj: OutcomeResult | None) -> str:
        if obj is None or obj.pk is None:
            return "—"
        return _(
            "Entered by %(entered)s; last changed by %(changed)s on %(when)s; %(verified)s."
        ) % {
            "entered": self.entered_by(obj),
            "changed": self.last_changed_by(obj),
            "when": date_format(timezone.localtime(obj.changed_at), "DATETIME_FORMAT")
            if getattr(obj, "changed_at", None)
            else "—",
            "verified": _("verified by %(user)s") % {"user": obj.verified_by}
            if obj.verified_at
            else _("not verified"),
        }


def _change_each(
    request: HttpRequest, queryset: QuerySet[Trial], message: str, **changes: object
) -> tuple[int, int]:
    """Apply `changes` to each trial: a draft or a trial in review is saved at once (one history
    entry each, with this reason); a published one gets a pending change for another curator
    (nothing public changes until approved). Gives (saved, kept for review)."""
    # The changelist runs inside a revision: one entry per trial saved.
    reversion.set_comment(message)
    saved = kept = 0
    for trial in queryset:
        published = trial.status == CurationStatus.PUBLISHED
        for field, value in changes.items():
            setattr(trial, field, value)
        if published:
            pending_change_create(trial=trial, author=request.user)
            kept += 1
        else:
            trial.save()
            saved += 1
    return saved, kept


def _report_kept(model_admin: admin.ModelAdmin, request: HttpRequest, kept: int) -> None:
    if kept:
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d published trial: the change waits for another curator's approval "
                "(see What needs attention).",
                "%(count)d published trials: each change waits for another curator's approval "
                "(see What needs attention).",
                kept,
            )
            % {"count": kept},
            messages.INFO,
        )


@admin.register(Trial)
class TrialAdmin(
    RecoverAsDraftAdminMixin,
    ReviewedChangesAdminMixin,
    VersionCheckedAdminMixin,
    HistoryAdmin,
    TranslationAdmin,
):
    list_display = [
        "__str__",
        "status",
        "design",
        "phase",
        "recruitment_status",
        "enrollment",
        "last_reviewed_at",
        "updated_at",
    ]
    list_filter = [
        "status",
        "conditions",
        "arms__cell_source",
        "arms__route",
        "design",
        "phase",
        "recruitment_status",
    ]
    search_fields = [
        "title",
        "short_title",
        "acronym",
        "slug",
        "registry_ids__identifier",
        "trial_references__reference__authors__family",
        "trial_references__reference__authors__group_name",
        "trial_references__reference__doi",
        "trial_references__reference__pmid",
    ]
    search_help_text = _("Title, registry id, author, DOI or PMID.")
    autocomplete_fields = ["conditions", "etiologies", "countries"]
    prepopulated_fields = {"slug": ["short_title"]}
    readonly_fields = [
        "created_at",
        "updated_at",
        "published_at",
        "submitted_at",
        "last_reviewed_at",
        "last_reviewed_by",
        "registry_last_updated_date",
        "registry_synced_at",
    ]
    list_select_related = ["last_reviewed_by"]
    form = UnverifiedFieldsForm  # unverified fields chosen from the trial's fields
    # Arms and results are listed compactly below the other rows (admin/trials/trial/
    # change_form.html), each edited on its own page: inline, 30 result rows were ~1,300 form
    # fields and a second to render, and each arm's ~25 fields cost as much as the trial's own.
    inlines = [RegistryIdInline]
    history_rows = (RegistryId, Arm, OutcomeResult)
    actions = ["submit_for_review", "publish", "unpublish", "mark_reviewed_today"]
    fieldsets = [
        (None, {"fields": ["status", "title", ("short_title", "acronym"), "slug"]}),
        (
            _("What was studied"),
            {
                "fields": [
                    ("design", "masking", "phase"),
                    "design_details",
                    "conditions",
                    "condition_text",
                    "etiologies",
                    ("recruitment_status", "status_as_of", "status_as_of_precision"),
                    "sponsor",
                    "countries",
                    ("start_date", "start_date_precision", "start_date_kind"),
                    ("completion_date", "completion_date_precision", "completion_date_kind"),
                    ("enrollment", "enrollment_kind", "enrollment_details"),
                    ("follow_up", "follow_up_weeks"),
                ]
            },
        ),
        (
            _("Summaries"),
            {"fields": ["plain_summary", "clinician_summary", "safety_summary", "data_notes"]},
        ),
        (
            _("Review and provenance"),
            {
                "fields": [
                    "unverified_fields",
                    ("submitted_at", "published_at"),
                    ("last_reviewed_at", "last_reviewed_by"),
                    ("registry_last_updated_date", "registry_synced_at"),
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["trials_admin/admin.css"]}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):  # noqa: ANN001, ANN201
        if obj is not None and obj.pk is not None:
            context = {**context, **trial_rows_context(obj)}
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _report(self, request: HttpRequest, message: str, count: int) -> None:
        # The message is written out at each call, so that makemessages extracts it.
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Submit the selected trials for review"))
    def submit_for_review(self, request: HttpRequest, queryset: QuerySet[Trial]) -> None:
        count, _kept = _change_each(
            request,
            queryset.filter(status=CurationStatus.DRAFT),
            "Submitted for review",
            status=CurationStatus.IN_REVIEW,
            submitted_at=timezone.now(),
        )
        self._report(
            request,
            ngettext("%(count)d trial submitted.", "%(count)d trials submitted.", count),
            count,
        )

    @admin.action(description=_("Publish the selected trials"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Trial]) -> None:
        # Publishing is the review: whoever made a trial's last change does not publish it.
        ready, own = [], []
        for trial in queryset.exclude(status=CurationStatus.PUBLISHED):
            (own if last_change_author_id(trial) == request.user.pk else ready).append(trial.pk)
        if own:
            self.message_user(
                request,
                ngettext(
                    "%(count)d trial not published: you made its last change, so another "
                    "curator must review and publish it.",
                    "%(count)d trials not published: you made their last change, so another "
                    "curator must review and publish them.",
                    len(own),
                )
                % {"count": len(own)},
                messages.WARNING,
            )
        count, _kept = _change_each(
            request,
            Trial.objects.filter(pk__in=ready),
            "Published",
            status=CurationStatus.PUBLISHED,
        )
        self._report(
            request,
            ngettext("%(count)d trial published.", "%(count)d trials published.", count),
            count,
        )

    @admin.action(description=_("Unpublish the selected trials (back to draft)"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Trial]) -> None:
        # Hiding evidence is reviewed like any change to a published trial.
        _count, kept = _change_each(
            request,
            queryset.filter(status=CurationStatus.PUBLISHED),
            "Unpublished",
            status=CurationStatus.DRAFT,
        )
        _report_kept(self, request, kept)

    @admin.action(description=_("Mark the selected trials as reviewed today"))
    def mark_reviewed_today(self, request: HttpRequest, queryset: QuerySet[Trial]) -> None:
        count, kept = _change_each(
            request,
            queryset,
            "Reviewed",
            last_reviewed_at=timezone.now(),
            last_reviewed_by=request.user,
        )
        _report_kept(self, request, kept)
        self._report(
            request,
            ngettext(
                "%(count)d trial marked reviewed.", "%(count)d trials marked reviewed.", count
            ),
            count,
        )


@admin.register(OutcomeResult)
class OutcomeResultAdmin(
    ProvenanceMixin, TrialRowPageMixin, ReviewedRowsAdminMixin, RowHistoryAdmin, TranslationAdmin
):
    list_display = [
        "trial",
        "measure",
        "arm",
        "timepoint_weeks",
        "reference",
        "source_location",
        "source_kind",
        "entered_by",
        "last_changed",
        "is_verified",
    ]
    list_filter = [
        "measure",
        "shape",
        "source_kind",
        "trial__status",
        VerifiedFilter,
        ("reference", admin.EmptyFieldListFilter),
    ]
    search_fields = ["trial__title", "trial__short_title", "measure__name", "statement"]
    autocomplete_fields = ["trial", "arm", "comparator_arm", "measure", "reference"]
    list_select_related = ["trial", "measure", "arm", "reference"]
    readonly_fields = ["value_canonical", "sd_canonical", "verified_at", "verified_by"]
    actions = ["mark_verified"]

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "trial",
                    ("measure", "shape"),
                    ("arm", "comparator_arm"),
                    ("timepoint_weeks", "timepoint_label", "is_change_from_baseline"),
                    # One line per shape's numbers: the script shows those of the chosen shape.
                    ("n", "unit_reported", "value_canonical"),
                    ("mean", "sd", "sd_canonical"),
                    ("baseline_mean", "baseline_sd"),
                    ("median", "q1", "q3", "spread_is_range"),
                    ("events", "total", "percentage"),
                    ("effect_measure", "effect_value"),
                    ("ci_low", "ci_high"),
                    ("p_value", "significance", "favours"),
                    "statement",
                    ("reference", "source_location", "source_kind"),
                    ("is_inconsistent", "registry_version_date"),
                ]
            },
        ),
        (
            _("Verification and provenance"),
            {"fields": [("verified_at", "verified_by"), "provenance"]},
        ),
    ]

    class Media:
        # Shows the fields of the chosen shape; without it all fields show (the form and the
        # database still refuse what does not fit).
        js = ["trials_admin/result_shape.js"]
        css = {"all": ["trials_admin/admin.css"]}

    def get_readonly_fields(self, request: HttpRequest, obj: OutcomeResult | None = None) -> list:
        return [*super().get_readonly_fields(request, obj), "provenance"]

    def form_for_trial(self, form: type, trial: Trial) -> type:
        return result_form_for_trial(form, trial)

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutcomeResult]:
        # Provenance comes from the history in the same query (no query per row).
        return _with_provenance(super().get_queryset(request))

    @admin.action(
        description=_("Mark the selected results as verified against their source"),
        permissions=["change"],
    )
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[OutcomeResult]) -> None:
        now = timezone.now()
        count = 0
        # save() one by one so that the history records who verified each value and when; the
        # results of a published trial become one pending change of that trial.
        reversion.set_comment("Verified")
        held: dict[int, list[OutcomeResult]] = {}
        for result in queryset.select_related("measure", "trial"):
            result.verified_at = now
            result.verified_by = request.user
            if result.trial.status == CurationStatus.PUBLISHED:
                held.setdefault(result.trial_id, []).append(result)
                continue
            result.save()
            count += 1
        for results in held.values():
            pending_change_create(
                trial=results[0].trial, author=request.user, changed_rows=tuple(results)
            )
        if held:
            self.message_user(
                request,
                ngettext(
                    "%(count)d published trial: the change waits for another curator's "
                    "approval (see What needs attention).",
                    "%(count)d published trials: each change waits for another curator's "
                    "approval (see What needs attention).",
                    len(held),
                )
                % {"count": len(held)},
                messages.INFO,
            )
        self.message_user(
            request,
            ngettext(
                "%(count)d result marked verified.", "%(count)d results marked verified.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Arm)
class ArmAdmin(TrialRowPageMixin, ReviewedRowsAdminMixin, RowHistoryAdmin, TranslationAdmin):
    """An arm's own page, reached from its trial's list of arms (the trial's rules apply)."""

    form = UnverifiedFieldsForm  # unverified fields chosen from the arm's fields
    list_display = ["label", "trial", "role", "cell_source", "route", "participants_count"]
    list_filter = ["role", "cell_source", "route", "donor_type"]
    search_fields = ["label", "trial__title", "trial__short_title"]
    autocomplete_fields = ["trial", "cell_source", "route"]
    list_select_related = ["trial", "cell_source", "route"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "trial",
                    ("position", "label", "role"),
                    ("participants_count",),
                ]
            },
        ),
        (
            _("Cells and route"),
            {"fields": [("cell_source", "donor_type", "route"), "cell_description"]},
        ),
        (
            _("Dose"),
            {
                "fields": [
                    "dose_text",
                    ("dose_cells_per_kg_min", "dose_cells_per_kg_max", "dose_cells_total"),
                    ("administrations_count", "interval"),
                    "co_intervention",
                    "unverified_fields",
                ]
            },
        ),
    ]


class DomainJudgementFormSet(BaseInlineFormSet):
    """Each domain of the chosen tool judged once, in that tool's words."""

    def clean(self) -> None:
        super().clean()
        tool = self.instance.tool
        if tool not in TOOL_DOMAINS:
            return
        seen = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            domain, judgement = data.get("domain"), data.get("judgement")
            if domain and domain not in TOOL_DOMAINS[tool]:
                form.add_error("domain", _("This domain is not one of the chosen tool's."))
            if judgement and judgement not in TOOL_JUDGEMENTS[tool]:
                form.add_error("judgement", _("This judgement is not one of the chosen tool's."))
            seen.append(domain)
        missing = [BiasDomain(d).label for d in TOOL_DOMAINS[tool] if d not in seen]
        if missing and self.instance.status == CurationStatus.PUBLISHED:
            raise ValidationError(
                _("A published assessment judges every domain of its tool; missing: %(domains)s.")
                % {"domains": "; ".join(str(label) for label in missing)}
            )


class DomainJudgementInline(TranslationTabularInline):
    model = DomainJudgement
    formset = DomainJudgementFormSet
    extra = 0
    fields = ["domain", "judgement", "support"]


@admin.register(RiskOfBiasAssessment)
class RiskOfBiasAssessmentAdmin(HistoryAdmin, TranslationAdmin):
    history_rows = (DomainJudgement,)
    list_display = ["trial", "measure", "tool", "overall", "judged_by", "status", "updated_at"]
    list_filter = ["status", "tool", "overall"]
    search_fields = ["trial__title", "trial__short_title", "trial__slug", "judged_by"]
    autocomplete_fields = ["trial", "measure"]
    list_select_related = ["trial", "measure"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [DomainJudgementInline]
    actions = ["publish", "unpublish"]
    fields = [
        "status",
        "trial",
        "measure",
        "tool",
        "overall",
        "overall_reason",
        "judged_by",
        ("created_at", "updated_at"),
    ]

    def _set_status(self, queryset: QuerySet, status: str, message: str) -> int:
        reversion.set_comment(message)  # the reason of this action's history entries
        count = 0
        for assessment in queryset.exclude(status=status):
            assessment.status = status
            assessment.save()
            count += 1
        return count

    @admin.action(description=_("Publish the selected assessments"))
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = self._set_status(queryset, CurationStatus.PUBLISHED, "Published")
        self.message_user(
            request,
            ngettext("%(count)d assessment published.", "%(count)d assessments published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected assessments (back to draft)"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = self._set_status(queryset, CurationStatus.DRAFT, "Unpublished")
        self.message_user(
            request,
            ngettext(
                "%(count)d assessment unpublished.", "%(count)d assessments unpublished.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(SameStudyLink)
class SameStudyLinkAdmin(HistoryAdmin, TranslationAdmin):
    """Two trials that may report the same patients: both pages are flagged, pooling keeps one."""

    list_display = ["kept_trial", "other_trial", "updated_at"]
    search_fields = ["kept_trial__title", "kept_trial__short_title", "other_trial__title"]
    autocomplete_fields = ["kept_trial", "other_trial"]
    list_select_related = ["kept_trial", "other_trial"]
    readonly_fields = ["created_at", "updated_at"]


admin.site.register(PendingRevision, PendingRevisionAdmin)


class CoverageGapInline(TranslationTabularInline):
    model = CoverageGap
    extra = 1
    fields = ("position", "identifier", "reason")


@admin.register(CoverageNote)
class CoverageNoteAdmin(HistoryAdmin, TranslationAdmin):
    """The note the home page and the trial list show about what the site holds and misses."""

    list_display = ("checked_on", "status", "updated_at")
    list_filter = ("status",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (CoverageGapInline,)
