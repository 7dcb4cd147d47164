"""The reference exports at /references/export/: filtered trials, chosen items or my list."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext

from config.responses import is_row_id, plain_bad_request
from evidence import exports
from evidence.basket.session import basket_references, basket_trials
from evidence.exports import FORMATS
from evidence.exports.records import export_records
from evidence.models import Reference
from trials.filters import TrialFilter
from trials.models import Trial

EXPORT_BATCH = 200  # records per streamed chunk: few writes, little memory


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
        if not all(is_row_id(value) for value in reference_ids):
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
        return plain_bad_request(
            gettext("Unknown format “%(name)s”. Choose one of: %(formats)s.")
            % {"name": name, "formats": ", ".join(FORMATS)}
        )
    selection = _export_selection(request)
    if isinstance(selection, str):
        return plain_bad_request(selection)
    trials, references, stem = selection
    records = export_records(trials=trials, references=references)  # every query runs here
    chunks = exports.render(name, records, language=get_language())
    response = StreamingHttpResponse(_batched(chunks), content_type=FORMATS[name][0])
    download = exports.filename(name, stem, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{download}"'
    return response
