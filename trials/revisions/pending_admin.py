"""The admin side of reviewed changes: a published trial's save becomes a pending revision, and
the pending revision's page shows its difference from live with approve and send-back forms."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from trials.models import PendingRevision, PendingStatus, Trial

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


class ReviewedChangesAdminMixin:
    """For TrialAdmin: saving a published trial (its fields and rows) writes nothing live; the
    change is kept as a pending revision for another curator. Drafts save directly."""

    def change_view(self, request, object_id, form_url="", extra_context=None):  # noqa: ANN001, ANN201
        trial = Trial.objects.filter(pk=unquote(object_id)).first()
        if request.method != "POST" or not is_reviewed(trial):
            return super().change_view(request, object_id, form_url, extra_context)
        before = trial_row_keys(trial)
        try:
            # The admin saves as usual (validation, inlines, history) inside this transaction,
            # which is then rolled back: what it wrote is kept as the pending revision.
            with transaction.atomic():
                response = super().change_view(request, object_id, form_url, extra_context)
                if response.status_code != 302:
                    return response  # the form had errors: nothing was saved
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


class PendingRevisionAdmin(admin.ModelAdmin):
    """Changes to published trials waiting for approval, each shown against the live trial."""

    list_display = ["trial", "author", "created_at", "status", "reviewer"]
    list_filter = ["status"]
    list_select_related = ["trial", "author", "reviewer"]
    search_fields = ["trial__title", "trial__short_title"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made by saving a published trial

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
