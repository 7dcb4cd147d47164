"""The admin side of reviewed changes: a published trial's save becomes a pending revision, and
the pending revision's page shows its difference from live with approve and send-back forms."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from reversion.models import Version

from trials.models import PendingRevision, PendingStatus, Trial

from .history import comment_shown
from .pending import (
    is_reviewed,
    pending_changes,
    pending_revision_approve,
    pending_revision_create,
    pending_revision_send_back,
    trial_row_keys,
    trial_snapshot,
)


class _KeptForReview(Exception):
    def __init__(self, snapshot: str, new_rows: set) -> None:
        self.snapshot, self.new_rows = snapshot, new_rows


def reviewed_view(
    request: HttpRequest,
    trial: Trial | None,
    view: Callable[[], HttpResponse],
    *,
    restored: frozenset = frozenset(),
) -> HttpResponse:
    """Run an admin view that saves `trial` or one of its rows; when the trial is published,
    keep what the view wrote as a pending revision instead (the view's transaction is rolled
    back: the live trial, its history and the admin log stay as they were). `restored` names
    rows put back with their own ids (a recovered row), not new ones."""
    if request.method != "POST" or not is_reviewed(trial):
        return view()
    before = trial_row_keys(trial) | set(restored)
    try:
        with transaction.atomic():
            response = view()
            if response.status_code != 302:
                return response  # the form had errors, or a confirmation page: nothing saved
            saved = Trial.objects.get(pk=trial.pk)
            raise _KeptForReview(trial_snapshot(saved), trial_row_keys(saved) - before)
    except _KeptForReview as kept:
        for _message in messages.get_messages(request):
            pass  # the admin's "changed successfully" is not true of the live trial
        pending = pending_revision_create(
            trial=trial,
            author=request.user,
            snapshot=kept.snapshot,
            new_rows=sorted(kept.new_rows),
            base_version=trial.version,
        )
        messages.info(
            request,
            _(
                "This trial is published: your change waits for another curator's approval "
                "and the public still sees the trial as it was."
            ),
        )
        return redirect(reverse("admin:trials_pendingrevision_change", args=[pending.pk]))


class ReviewedChangesAdminMixin:
    """For TrialAdmin: saving a published trial (its fields and rows), or restoring an earlier
    version of it, writes nothing live; the change is kept as a pending revision for another
    curator. Drafts save directly."""

    def change_view(self, request, object_id, form_url="", extra_context=None):  # noqa: ANN001, ANN201
        view = super().change_view
        if request.method != "POST":  # no query added to the form's page
            return view(request, object_id, form_url, extra_context)
        return reviewed_view(
            request,
            Trial.objects.filter(pk=unquote(object_id)).first(),
            lambda: view(request, object_id, form_url, extra_context),
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):  # noqa: ANN001, ANN201
        if request.method != "POST":
            return super().revision_view(request, object_id, version_id, extra_context)
        trial = Trial.objects.filter(pk=unquote(object_id)).first()
        return reviewed_view(
            request,
            trial,
            lambda: super(ReviewedChangesAdminMixin, self).revision_view(
                request, object_id, version_id, extra_context
            ),
        )


class ReviewedRowsAdminMixin:
    """For the admins of a trial's rows (arm, result, reference link): adding, changing,
    deleting or recovering a row of a published trial is kept as a pending revision of that
    trial, as on the trial's page."""

    def add_view(self, request, form_url="", extra_context=None):  # noqa: ANN001, ANN201
        if request.method != "POST":
            return super().add_view(request, form_url, extra_context)
        trial_id = request.POST.get("trial", "")
        trial = Trial.objects.filter(pk=trial_id).first() if trial_id.isdigit() else None
        return reviewed_view(
            request,
            trial,
            lambda: super(ReviewedRowsAdminMixin, self).add_view(request, form_url, extra_context),
        )

    def recover_view(self, request, version_id, extra_context=None):  # noqa: ANN001, ANN201
        if request.method != "POST":
            return super().recover_view(request, version_id, extra_context)
        version = Version.objects.get_deleted(self.model).filter(pk=version_id).first()
        trial_id = version.field_dict.get("trial_id") if version is not None else None
        trial = Trial.objects.filter(pk=trial_id).first() if trial_id else None
        restored = frozenset()
        if version is not None:
            restored = frozenset({(self.model._meta.label_lower, int(version.object_id))})
        return reviewed_view(
            request,
            trial,
            lambda: super(ReviewedRowsAdminMixin, self).recover_view(
                request, version_id, extra_context
            ),
            restored=restored,
        )

    def _trial_of(self, object_id: str) -> Trial | None:
        row = self.model._default_manager.filter(pk=unquote(object_id)).first()
        return Trial.objects.filter(pk=row.trial_id).first() if row is not None else None

    def change_view(self, request, object_id, form_url="", extra_context=None):  # noqa: ANN001, ANN201
        if request.method != "POST":  # no query added to the form's page
            return super().change_view(request, object_id, form_url, extra_context)
        return reviewed_view(
            request,
            self._trial_of(object_id),
            lambda: super(ReviewedRowsAdminMixin, self).change_view(
                request, object_id, form_url, extra_context
            ),
        )

    def delete_view(self, request, object_id, extra_context=None):  # noqa: ANN001, ANN201
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        return reviewed_view(
            request,
            self._trial_of(object_id),
            lambda: super(ReviewedRowsAdminMixin, self).delete_view(
                request, object_id, extra_context
            ),
        )


class PendingRevisionAdmin(admin.ModelAdmin):
    """Changes to published trials waiting for approval, each shown against the live trial."""

    list_display = ["trial", "author", "source_shown", "created_at", "status", "reviewer"]
    list_filter = ["status"]
    list_select_related = ["trial", "author", "reviewer"]
    search_fields = ["trial__title", "trial__short_title"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made by saving a published trial

    @admin.display(description=_lazy("from"), ordering="source")
    def source_shown(self, pending: PendingRevision) -> str:
        return comment_shown(pending.source) if pending.source else "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):  # noqa: ANN001, ANN201
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        pending = get_object_or_404(
            PendingRevision.objects.select_related("trial", "author", "reviewer"),
            pk=unquote(object_id),
        )
        if request.method == "POST":
            return self._review(request, pending)
        is_author = pending.author_id == request.user.pk
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Pending change to %(trial)s") % {"trial": pending.trial},
            "pending": pending,
            "source": comment_shown(pending.source) if pending.source else "",
            "rows": pending_changes(pending),
            "waiting": pending.status == PendingStatus.PENDING,
            "can_review": self.has_change_permission(request, pending),
            "is_author": is_author,
            "may_self_approve": is_author and request.user.is_superuser,
            "stale": pending.trial.version != pending.base_version,
        }
        return TemplateResponse(request, "admin/revisions/pending_revision.html", context)

    def _review(self, request: HttpRequest, pending: PendingRevision) -> HttpResponse:
        if not self.has_change_permission(request, pending):
            raise PermissionDenied
        url = reverse("admin:trials_pendingrevision_change", args=[pending.pk])
        try:
            if "approve" in request.POST:
                pending_revision_approve(
                    pending_id=pending.pk,
                    approver=request.user,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("Approved: the change is live."))
                return redirect(reverse("admin:trials_trial_change", args=[pending.trial_id]))
            pending_revision_send_back(
                pending_id=pending.pk,
                reviewer=request.user,
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, _("Sent back to its author with your comment."))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        return redirect(url)
