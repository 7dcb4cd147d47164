"""Plain records for the pure formatters, built from references and trials in a few queries."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from trials.models import CurationStatus, RegistryId, Trial
from trials.models.choices import Registry

from ..models import Reference, ReferenceAuthor, ReferenceKind, TrialReference

# What the registry-record fields say, in every export format.
REGISTRATION_GENRE = "Clinical trial registration"

# Papers that report the trial come before protocols, secondary analyses and reviews.
ROLE_ORDER = {
    "primary_results": 0,
    "long_term_follow_up": 1,
    "protocol": 2,
    "registry_record": 3,
    "secondary_analysis": 4,
    "included_in_review": 5,
}


@dataclass(frozen=True, slots=True)
class Author:
    family: str = ""
    given: str = ""
    group: str = ""

    @property
    def is_group(self) -> bool:
        return bool(self.group)


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One reference as the formatters see it: plain values, no database."""

    id: str
    kind: str
    title: str
    authors: tuple[Author, ...] = ()
    short_title: str = ""
    journal: str = ""
    journal_abbreviation: str = ""
    publisher: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    report_number: str = ""
    issn: str = ""
    url: str = ""
    abstract: str = ""
    language: str = ""
    accessed_date: datetime.date | None = None
    trials: tuple[str, ...] = ()

    @property
    def is_registry_record(self) -> bool:
        return self.kind == ReferenceKind.REGISTRY_RECORD


_PAGE_SPLIT = re.compile(r"\s*[-\u2010-\u2015]+\s*")
_PAGE_PARTS = re.compile(r"^(\D*)(\d+)$")


def page_range(pages: str) -> tuple[str, str]:
    """First and last page, the last one written in full: '1431-41' gives ('1431', '1441')."""
    pages = pages.strip()
    if not pages:
        return "", ""
    parts = _PAGE_SPLIT.split(pages, maxsplit=1)
    first = parts[0]
    last = parts[1] if len(parts) > 1 else ""
    first_match, last_match = _PAGE_PARTS.match(first), _PAGE_PARTS.match(last)
    if first_match and last_match:
        prefix, first_digits = first_match.groups()
        last_prefix, last_digits = last_match.groups()
        if len(last_digits) < len(first_digits) and last_prefix in ("", prefix):
            # Elided end page: keep the first page's leading digits.
            last = prefix + first_digits[: len(first_digits) - len(last_digits)] + last_digits
    return first, last


def full_pages(pages: str) -> str:
    """The page range with a full end page and a plain hyphen: '1431-1441'."""
    first, last = page_range(pages)
    return f"{first}-{last}" if last else first


def one_line(value: str) -> str:
    """Whitespace, newlines included, collapsed to single spaces (line-based formats)."""
    return " ".join(value.split())


def record_from_reference(reference: Reference, *, trials: tuple[str, ...] = ()) -> ExportRecord:
    """A stored reference as a record; its authors must be prefetched in order."""
    authors = tuple(
        Author(family=a.family, given=a.given, group=a.group_name) for a in reference.authors.all()
    )
    return ExportRecord(
        id=f"ref-{reference.pk}",
        kind=reference.kind,
        title=one_line(reference.title),
        authors=authors,
        short_title=reference.short_title,
        journal=reference.journal,
        journal_abbreviation=reference.journal_abbreviation,
        publisher=reference.publisher,
        year=reference.year,
        month=reference.month,
        day=reference.day,
        volume=reference.volume,
        issue=reference.issue,
        pages=reference.pages,
        doi=reference.doi,
        pmid=reference.pmid,
        pmcid=reference.pmcid,
        report_number=reference.report_number,
        issn=reference.issn,
        url=reference.url,
        abstract=reference.abstract,
        language=reference.language,
        accessed_date=reference.accessed_date,
        trials=trials,
    )


def record_from_registry_id(
    registry_id: RegistryId,
    *,
    title: str,
    short_title: str = "",
    sponsor: str = "",
    last_updated: datetime.date | None = None,
    today: datetime.date,
    trials: tuple[str, ...] = (),
) -> ExportRecord:
    """A registry record the curators have not entered as a reference, built from the trial."""
    publisher = registry_id.get_registry_display() if registry_id.registry != Registry.OTHER else ""
    return ExportRecord(
        id=f"registry-{registry_id.identifier}",
        kind=ReferenceKind.REGISTRY_RECORD,
        title=one_line(title),
        authors=(Author(group=sponsor),) if sponsor else (),
        short_title=short_title,
        publisher=str(publisher),
        year=last_updated.year if last_updated else None,
        month=last_updated.month if last_updated else None,
        day=last_updated.day if last_updated else None,
        report_number=registry_id.identifier,
        url=registry_id.url,
        accessed_date=today,
        trials=trials,
    )


def _trial_label(short_title: str, title: str) -> str:
    return short_title or title


def export_records(
    *,
    trials: QuerySet[Trial] | None = None,
    references: QuerySet[Reference] | None = None,
    published_only: bool = True,
    today: datetime.date | None = None,
) -> list[ExportRecord]:
    """The references of the trials (in the trials' order) then the extra references, once each.

    Every trial also contributes its registry records: stored ones, or ones built from the trial
    for registry ids no stored registry-record reference covers. At most eight queries, whatever
    the number of trials and references. With ``published_only`` (everywhere but the admin) draft
    trials and references that are not public are left out.
    """
    today = today or datetime.date.today()
    trial_rows: list[tuple] = []
    if trials is not None:
        if published_only:
            trials = trials.filter(status=CurationStatus.PUBLISHED)
        # One query: the trials in the caller's order, only the fields the records need.
        trial_rows = list(
            trials.values_list(
                "pk", "title", "short_title", "sponsor", "registry_last_updated_date", "status"
            )
        )
    trial_pks = [row[0] for row in dict.fromkeys(trial_rows)]
    authors = Prefetch("authors", queryset=ReferenceAuthor.objects.order_by("position", "pk"))

    links_by_trial: dict[int, list[tuple[str, Reference]]] = {}
    registry_ids_by_trial: dict[int, list[RegistryId]] = {}
    if trial_pks:
        # Two queries: the links with their references, then all their authors.
        links = (
            TrialReference.objects.filter(trial_id__in=trial_pks)
            .select_related("reference")
            .prefetch_related(Prefetch("reference__authors", queryset=authors.queryset))
        )
        for link in links:
            links_by_trial.setdefault(link.trial_id, []).append((link.role, link.reference))
        # One query: the registry ids.
        for registry_id in RegistryId.objects.filter(trial_id__in=trial_pks).order_by(
            "registry", "identifier"
        ):
            registry_ids_by_trial.setdefault(registry_id.trial_id, []).append(registry_id)

    extra: list[Reference] = []
    if references is not None:
        if published_only:
            references = references.public()
        # Two queries: the references and their authors.
        extra = list(references.prefetch_related(authors))

    ordered: list[Reference | tuple] = []  # references, and registry ids still to build
    seen_references: set[int] = set()
    covered_identifiers: set[str] = set()
    for pk, title, short_title, sponsor, last_updated, _status in dict.fromkeys(trial_rows):
        linked = sorted(
            links_by_trial.get(pk, []),
            key=lambda pair: (ROLE_ORDER.get(pair[0], 9), -(pair[1].year or 0), pair[1].pk),
        )
        for _role, reference in linked:
            if reference.pk not in seen_references:
                seen_references.add(reference.pk)
                ordered.append(reference)
        for registry_id in registry_ids_by_trial.get(pk, []):
            key = registry_id.identifier.upper()
            if key not in covered_identifiers:
                covered_identifiers.add(key)
                ordered.append((registry_id, title, short_title, sponsor, last_updated))
    for reference in extra:
        if reference.pk not in seen_references:
            seen_references.add(reference.pk)
            ordered.append(reference)

    trial_names = _trial_names(seen_references, published_only=published_only)
    label_by_trial = {row[0]: _trial_label(row[2], row[1]) for row in trial_rows}
    # A registry record stored as a reference (even one added on its own) replaces a built one.
    stored_identifiers = {
        item.report_number.upper()
        for item in ordered
        if isinstance(item, Reference)
        and item.kind == ReferenceKind.REGISTRY_RECORD
        and item.report_number
    }
    records = []
    for item in ordered:
        if isinstance(item, Reference):
            records.append(record_from_reference(item, trials=trial_names.get(item.pk, ())))
            continue
        registry_id, title, short_title, sponsor, last_updated = item
        if registry_id.identifier.upper() in stored_identifiers:
            continue
        records.append(
            record_from_registry_id(
                registry_id,
                title=title,
                short_title=short_title,
                sponsor=sponsor,
                last_updated=last_updated if registry_id.registry == Registry.CTGOV else None,
                today=today,
                trials=(label_by_trial[registry_id.trial_id],),
            )
        )
    return records


def _trial_names(reference_pks: Iterable[int], *, published_only: bool) -> dict[int, tuple[str]]:
    """For each reference, the names of the trials it belongs to (one query)."""
    reference_pks = list(reference_pks)
    if not reference_pks:
        return {}
    links = TrialReference.objects.filter(reference_id__in=reference_pks)
    if published_only:
        links = links.filter(trial__status=CurationStatus.PUBLISHED)
    names: dict[int, list[str]] = {}
    for reference_pk, short_title, title in links.order_by("trial__title", "trial_id").values_list(
        "reference_id", "trial__short_title", "trial__title"
    ):
        names.setdefault(reference_pk, []).append(_trial_label(short_title, title))
    return {pk: tuple(values) for pk, values in names.items()}
