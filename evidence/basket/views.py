"""The visitor's reference list at /list/: show it, add to it, take from it, clear it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from config.responses import is_row_id, plain_bad_request
from evidence.basket import session as basket_services
from evidence.basket.session import Kind, basket_references, basket_trials
from evidence.exports import FORMATS, citations
from evidence.exports.records import export_records


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
    if kind is None or not is_row_id(value):
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
        return plain_bad_request(gettext("Say what to add: kind=trial or reference, and its id."))
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
        return plain_bad_request(
            gettext("Say what to remove: kind=trial or reference, and its id.")
        )
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
