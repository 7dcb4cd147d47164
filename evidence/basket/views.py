"""The visitor's reference list at /list/: show it, add to it, take from it, clear it."""

from django.contrib import messages
from django.contrib.sessions.backends.base import SessionBase
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from config.responses import is_row_id, plain_bad_request
from evidence.basket import session as basket_services
from evidence.basket import sharing
from evidence.basket.session import Kind, basket_references, basket_trials
from evidence.exports import FORMATS, citations
from evidence.exports.records import export_records


def _list_context(session: SessionBase) -> dict:
    """What the list shows, owner or not: its published trials and public references, citations."""
    trials = list(basket_trials(session=session))
    references = list(basket_references(session=session))
    records = export_records(
        trials=basket_trials(session=session), references=basket_references(session=session)
    )
    return {
        "trials": trials,
        "references": references,
        "citations": citations.bibliography(
            records, style="vancouver", language=get_language(), store=False
        ),
        "today": timezone.localdate(),
    }


def _mailto(context: dict, share_url: str) -> str:
    """'E-mail this list': the date, the citations, the link if there is one, the caveats."""
    date = date_format(context["today"], "DATE_FORMAT")
    lines = [gettext("A list from the Liver MSC Evidence site, made on %(date)s.") % {"date": date}]
    if share_url:
        lines.append(gettext("The list online: %(url)s") % {"url": share_url})
    lines += [str(caveat) for caveat in EMAIL_CAVEATS]
    return sharing.mailto_link(
        subject=gettext("Trials of MSC therapy in liver disease: my list of %(date)s")
        % {"date": date},
        lines=lines,
        citations=context["citations"],
        more=gettext("…and %(count)s more: print the list or open it online."),
    )


# The caveats an e-mailed list keeps (the page and its print keep all of the site's caveats).
EMAIL_CAVEATS = (
    _(
        "This site is not medical advice. Talk to a hepatologist (a liver specialist) before any "
        "decision about treatment."
    ),
    _(
        "Mesenchymal stromal cell (MSC) therapy is experimental. It is not a cure for liver "
        "disease and not a substitute for a liver transplant."
    ),
)


def basket(request: HttpRequest) -> HttpResponse:
    """The visitor's own reference list: citations, what is on it, exports, print, share."""
    context = _list_context(request.session)
    shared = sharing.shared_list_for(session=request.session)
    share_url = (
        request.build_absolute_uri(reverse("evidence:basket_shared", args=[shared.token]))
        if shared
        else ""
    )
    context |= {
        "formats": [(name, FORMAT_LABELS[name]) for name in FORMATS],
        "share_url": share_url,
        "mailto": _mailto(context, share_url),
    }
    return render(request, "evidence/basket.html", context)


def basket_shared(request: HttpRequest, token: str) -> HttpResponse:
    """Someone's list, read-only, from the link they shared: published items only."""
    session = sharing.shared_list_session(token=token)
    context = _list_context(session) if session is not None else {}
    if not (context.get("trials") or context.get("references")):
        raise Http404(gettext("This shared list is empty or no longer exists."))
    share_url = request.build_absolute_uri()
    context |= {"shared": True, "share_url": share_url, "mailto": _mailto(context, share_url)}
    return render(request, "evidence/basket.html", context)


@require_POST
def basket_share(request: HttpRequest) -> HttpResponse:
    """Make (or keep) the read-only link to the visitor's list."""
    contents = basket_services.basket_contents(session=request.session)
    if not any(contents.values()):
        messages.error(request, _("Your list is empty: there is nothing to share yet."))
    else:
        sharing.shared_list_create(session=request.session)
        messages.success(
            request, _("Anyone with the link below can read your list until you clear it.")
        )
    return HttpResponseRedirect(reverse("evidence:basket") + "#share-heading")


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
    sharing.shared_list_delete(session=request.session)
    messages.success(request, _("Your list is now empty."))
    return _back(request)
