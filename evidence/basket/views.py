"""The visitor's reference list (/list/) and the reference exports (/references/export/)."""

from collections.abc import Iterator

from django.contrib import messages
from django.db.models import QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from trials.filters import TrialFilter
from trials.models import Trial

from . import basket as basket_services
from . import exports
from .basket import Kind, basket_references, basket_trials
from .exports import FORMATS, citations
from .exports.records import export_records
from .models import Reference

# --- The visitor's reference list and the reference exports -----------------------------------

EXPORT_BATCH = 200  # records per streamed chunk: few writes, little memory


def _is_id(value: str) -> bool:
    """A row id: digits that fit a 64-bit integer (a longer one would fail in the database)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")


def _batched(chunks: Iterator[str]) -> Iterator[bytes]:
    buffer: list[str] = []
    for chunk in chunks:
        buffer.append(chunk)
        if len(buffer) >= EXPORT_BATCH:
            yield "".join(buffer).encode()
            buffer = []
    if buffer:
        yield "".join(buffer).encode()


def _export_selection(
    request: HttpRequest,
) -> tuple[QuerySet[Trial] | None, QuerySet[Reference] | None, str] | str:
    """The trials and references to export and the file's name stem, or why the request is bad."""
    params = request.GET
    if params.get("basket"):
        session = request.session
        return basket_trials(session=session), basket_references(session=session), "my-list"
    if "trial" in params or "reference" in params:
        reference_ids = params.getlist("reference")
        if not all(_is_id(value) for value in reference_ids):
            return gettext("A reference is given by its number, e.g. reference=12.")
        slugs = [value.replace("\x00", "") for value in params.getlist("trial")]  # PG refuses NUL
        trials = Trial.objects.published().filter(slug__in=slugs)
        references = Reference.objects.public().filter(pk__in=[int(v) for v in reference_ids])
        return trials.order_by("slug"), references.order_by("pk"), "references"
    filterset = TrialFilter(params)
    if not filterset.is_valid():
        reasons = "; ".join(
            f"{field}: {' '.join(problems)}" for field, problems in filterset.errors.items()
        )
        return gettext("These filters are not valid: %(reasons)s") % {"reasons": reasons}
    return filterset.qs, None, "references"


def export(request: HttpRequest) -> HttpResponse:
    """The references of the filtered published trials (or of the visitor's list) as a file."""
    name = request.GET.get("format", "")
    if name not in FORMATS:
        return _bad_request(
            gettext("Unknown format “%(name)s”. Choose one of: %(formats)s.")
            % {"name": name, "formats": ", ".join(FORMATS)}
        )
    selection = _export_selection(request)
    if isinstance(selection, str):
        return _bad_request(selection)
    trials, references, stem = selection
    records = export_records(trials=trials, references=references)  # every query runs here
    chunks = exports.render(name, records, language=get_language())
    response = StreamingHttpResponse(_batched(chunks), content_type=FORMATS[name][0])
    download = exports.filename(name, stem, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{download}"'
    return response


def basket(request: HttpRequest) -> HttpResponse:
    """The visitor's own reference list: citations, what is on it, exports, print."""
    session = request.session
    trials = list(basket_trials(session=session))
    references = list(basket_references(session=session))
    records = export_records(
        trials=basket_trials(session=session), references=basket_references(session=session)
    )
    context = {
        "trials": trials,
        "references": references,
        "citations": citations.bibliography(records, style="vancouver", language=get_language()),
        "formats": [(name, FORMAT_LABELS[name]) for name in FORMATS],
        "today": timezone.localdate(),
    }
    return render(request, "evidence/basket.html", context)


FORMAT_LABELS = {
    "ris": _("RIS (Zotero, EndNote, Mendeley)"),
    "bibtex": _("BibTeX"),
    "csljson": _("CSL-JSON"),
    "csv": _("CSV (spreadsheet)"),
    "vancouver": _("Vancouver citations (text)"),
    "apa": _("APA citations (text)"),
    "ama": _("AMA citations (text)"),
}
BASKET_KINDS: dict[str, Kind] = {"trial": "trials", "reference": "references"}


def _basket_change(request: HttpRequest) -> tuple[Kind, int] | None:
    kind = BASKET_KINDS.get(request.POST.get("kind", ""))
    value = request.POST.get("id", "")
    if kind is None or not _is_id(value):
        return None
    return kind, int(value)


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the page the form was on when it is on this site, else to the list."""
    target = request.POST.get("next", "")
    safe = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(target if safe else reverse("evidence:basket"))


@require_POST
def basket_add(request: HttpRequest) -> HttpResponse:
    """Put a published trial or a reference on the visitor's list."""
    change = _basket_change(request)
    if change is None:
        return _bad_request(gettext("Say what to add: kind=trial or reference, and its id."))
    kind, pk = change
    if basket_services.basket_add(session=request.session, kind=kind, pk=pk):
        messages.success(request, _("Added to your list."))
    else:
        messages.error(request, _("This item cannot be added to your list."))
    return _back(request)


@require_POST
def basket_remove(request: HttpRequest) -> HttpResponse:
    """Take a trial or a reference off the visitor's list."""
    change = _basket_change(request)
    if change is None:
        return _bad_request(gettext("Say what to remove: kind=trial or reference, and its id."))
    kind, pk = change
    if basket_services.basket_remove(session=request.session, kind=kind, pk=pk):
        messages.success(request, _("Removed from your list."))
    return _back(request)


@require_POST
def basket_clear(request: HttpRequest) -> HttpResponse:
    """Empty the visitor's list."""
    basket_services.basket_clear(session=request.session)
    messages.success(request, _("Your list is now empty."))
    return _back(request)
