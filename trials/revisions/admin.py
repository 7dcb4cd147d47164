"""The admin's history: django-reversion's views, with each entry shown field by field."""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from trials.models import CurationStatus, Trial

from .history import history_entries, version_values


def _recover_url(version: Version) -> str:
    opts = version.content_type.model_class()._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[version.pk])
    except NoReverseMatch:
        return ""


class HistoryAdmin(VersionAdmin):
    """A model's admin with its history (django-reversion): one entry per save, field by field,
    a version restorable, deleted rows recoverable. `history_rows` names the models whose rows
    belong to the record and are shown in its history (a trial's arms, results…)."""

    object_history_template = "admin/revisions/object_history.html"
    history_rows: tuple = ()

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):  # noqa: ANN001, ANN201
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        entries = history_entries(
            self.model, unquote(object_id), rows=self.history_rows, recover_url=_recover_url
        )
        opts = self.model._meta
        for entry in entries:
            entry.revert_url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_revision",
                args=[quote(unquote(object_id)), entry.version_id],
            )
        recover_links = []
        for row in self.history_rows:
            row_opts = row._meta
            try:
                url = reverse(f"admin:{row_opts.app_label}_{row_opts.model_name}_recoverlist")
            except NoReverseMatch:
                continue
            label = _("Recover deleted %(rows)s") % {"rows": row_opts.verbose_name_plural}
            recover_links.append({"url": url, "label": label})
        context = {"entries": entries, "recover_links": recover_links, **(extra_context or {})}
        return super().history_view(request, object_id, context)


class RowHistoryAdmin(HistoryAdmin):
    """For a row of a trial (arm, result, reference link): deleting one on its own page is an
    entry of its trial's history (the trial with the rows left); recovering a deleted one puts
    back that row only, as a new revision, and leaves the rest of its trial as it is now
    (reversion's own recovery reverts the whole revision, which would undo later work)."""

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None):  # noqa: ANN001, ANN201
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        with self.create_revision(request):
            return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request: HttpRequest, obj) -> None:  # noqa: ANN001
        trial_id = obj.trial_id
        request.deleted_row_trial_id = trial_id  # where the page returns (response_delete)
        super().delete_model(request, obj)
        trial = Trial.objects.filter(pk=trial_id).first()
        if trial is not None and reversion.is_active():
            reversion.set_comment(f"Deleted {obj}")
            reversion.add_to_revision(trial)  # with the rows it still has (they follow it)

    def recover_view(self, request: HttpRequest, version_id: str, extra_context=None):  # noqa: ANN001, ANN201
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_deleted(self.model).select_related("revision"), pk=version_id
        )
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Recover %(name)s") % {"name": version.object_repr},
                "version": version,
                "values": version_values(version),
                **(extra_context or {}),
            }
            return TemplateResponse(request, "admin/revisions/recover_row.html", context)
        try:
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(f"Recovered {version.object_repr}")
                version.revert()
                row = self.model._default_manager.get(pk=version.object_id)
                row.save()  # marks its trial changed and records the whole trial in the revision
        except (IntegrityError, ObjectDoesNotExist, ValidationError) as error:
            # A row whose trial or measure is gone cannot come back.
            messages.error(request, _("This row cannot be recovered: %(error)s") % {"error": error})
            return redirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_recoverlist")
            )
        messages.success(request, _("“%(name)s” was recovered.") % {"name": version.object_repr})
        return redirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[row.pk])
        )


class RecoverAsDraftAdminMixin:
    """For TrialAdmin: a deleted trial recovered from its history comes back as a draft (its
    status not editable on the recovery page), so that it is reviewed and published again
    rather than reappearing on the public site at once."""

    def recover_view(self, request: HttpRequest, version_id: str, extra_context=None):  # noqa: ANN001, ANN201
        request.recovering_deleted = True  # read by get_object, the fields and save_model
        return super().recover_view(request, version_id, extra_context)

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):  # noqa: ANN001, ANN201
        trial = super().get_object(request, object_id, from_field)
        if trial is not None and getattr(request, "recovering_deleted", False):
            trial.status = CurationStatus.DRAFT
        return trial

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:  # noqa: ANN001
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "status"] if getattr(request, "recovering_deleted", False) else fields

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:  # noqa: ANN001
        if getattr(request, "recovering_deleted", False):
            obj.status = CurationStatus.DRAFT
            messages.info(
                request,
                _(
                    "“%(trial)s” was recovered as a draft: the public does not see it until "
                    "another curator publishes it again."
                )
                % {"trial": obj},
            )
        super().save_model(request, obj, form, change)
