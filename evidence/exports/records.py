"""Plain records for the pure formatters, built from references and trials in a few queries."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trials.models import Arm, CurationStatus, RegistryId, Trial
from trials.models.choices import Registry
from trials.models.trial import REGISTRY_URLS

from ..models import Reference, ReferenceAuthor, ReferenceKind, TrialReference

# What the registry-record fields say, in every export format.
REGISTRATION_GENRE = "Clinical trial registration"

# The trial fields curators list as unverified, in a reader's words.
UNVERIFIED_FIELD_NAMES = {
    "countries": gettext_lazy("country"),
    "etiologies": gettext_lazy("cause of liver disease"),
    "follow_up": gettext_lazy("follow-up"),
    "enrollment": gettext_lazy("number of participants"),
    "masking": gettext_lazy("blinding"),
    "phase": gettext_lazy("phase"),
    "design": gettext_lazy("design"),
    "registry_ids": gettext_lazy("registry id"),
}


@dataclass(frozen=True, slots=True)
class Author:
    family: str = ""
    given: str = ""
    group: str = ""


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
    notes: tuple[str, ...] = ()  # our caveats about the trial (CSV "Notes", RIS N1)

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


# The reference columns a record needs, read as plain values (no model instances: an export of
# 10,000 references would otherwise spend most of its time building them).
REFERENCE_FIELDS = (
    "pk",
    "kind",
    "title",
    "short_title",
    "journal",
    "journal_abbreviation",
    "publisher",
    "year",
    "month",
    "day",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "report_number",
    "issn",
    "url",
    "abstract",
    "language",
    "accessed_date",
)


def record_from_values(
    values: dict,
    *,
    authors: tuple[Author, ...] = (),
    trials: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
) -> ExportRecord:
    """A stored reference, given as a dict of REFERENCE_FIELDS, as a record."""
    fields = {name: values[name] for name in REFERENCE_FIELDS[1:]}
    fields["title"] = one_line(fields["title"])
    return ExportRecord(
        id=f"ref-{values['pk']}", authors=authors, trials=trials, notes=notes, **fields
    )


def trial_notes(
    *,
    label: str,
    unverified_fields: list[str],
    arms_unverified: bool = False,
    is_title_official: bool = True,
) -> tuple[str, ...]:
    """What a reader of the exported file should know about the trial's own facts: values only
    another review's table supports (unverified), and a title we wrote ourselves."""
    names = [
        str(UNVERIFIED_FIELD_NAMES.get(name, name.replace("_", " "))) for name in unverified_fields
    ]
    if arms_unverified:
        names.append(str(_("some details of its groups (doses, routes, sizes)")))
    notes = []
    if names:
        notes.append(
            _("%(trial)s: unverified, only in another review's table: %(fields)s")
            % {"trial": label, "fields": ", ".join(names)}
        )
    if not is_title_official:
        notes.append(
            _("%(trial)s: the title is written by us; the official title was not captured")
            % {"trial": label}
        )
    return tuple(notes)


def record_from_registry_id(
    *,
    registry: str,
    identifier: str,
    title: str,
    short_title: str = "",
    sponsor: str = "",
    last_updated: datetime.date | None = None,
    today: datetime.date,
    trials: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
) -> ExportRecord:
    """A registry record the curators have not entered as a reference, built from the trial."""
    publisher = Registry(registry).label if registry != Registry.OTHER else ""
    url_template = REGISTRY_URLS.get(registry)
    return ExportRecord(
        id=f"registry-{identifier}",
        kind=ReferenceKind.REGISTRY_RECORD,
        title=one_line(title),
        authors=(Author(group=sponsor),) if sponsor else (),
        short_title=short_title,
        publisher=str(publisher),
        year=last_updated.year if last_updated else None,
        month=last_updated.month if last_updated else None,
        day=last_updated.day if last_updated else None,
        report_number=identifier,
        url=url_template.format(id=identifier) if url_template else "",
        accessed_date=today,
        trials=trials,
        notes=notes,
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
    for registry ids no stored registry-record reference covers. Seven queries at most, whatever
    the number of trials and references. With ``published_only`` (everywhere but the admin) draft
    trials and references that are not public are left out.
    """
    today = today or datetime.date.today()
    trial_rows: list[tuple] = []
    if trials is not None:
        if published_only:
            trials = trials.filter(status=CurationStatus.PUBLISHED)
        # One query: the trials in the caller's order, only the fields the records need.
        # Whether any arm holds an unverified value: an EXISTS in the same query.
        arms_unverified = Exists(
            Arm.objects.filter(trial=OuterRef("pk"), unverified_fields__0__isnull=False)
        )
        rows_by_pk: dict[int, tuple] = {}
        for row in trials.annotate(arms_unverified=arms_unverified).values_list(
            "pk",
            "title",
            "short_title",
            "sponsor",
            "registry_last_updated_date",
            "unverified_fields",
            "arms_unverified",
            "is_title_official",
        ):
            rows_by_pk.setdefault(row[0], row)  # a join may repeat a trial: keep the first
        trial_rows = list(rows_by_pk.values())
    trial_pks = [row[0] for row in trial_rows]
    extra_pks: list[int] = []
    if references is not None:
        if published_only:
            references = references.public()
        extra_pks = list(dict.fromkeys(references.values_list("pk", flat=True)))  # one query

    links_by_trial: dict[int, list[int]] = {}
    registry_ids_by_trial: dict[int, list[tuple[str, str]]] = {}
    if trial_pks:
        # One query each: the links (each trial's in reading order), then the registry ids.
        for trial_pk, reference_pk in (
            TrialReference.objects.filter(trial_id__in=trial_pks)
            .in_reading_order()
            .values_list("trial_id", "reference_id")
        ):
            links_by_trial.setdefault(trial_pk, []).append(reference_pk)
        for trial_pk, registry, identifier in (
            RegistryId.objects.filter(trial_id__in=trial_pks)
            .order_by("registry", "identifier")
            .values_list("trial_id", "registry", "identifier")
        ):
            registry_ids_by_trial.setdefault(trial_pk, []).append((registry, identifier))

    # The references by subquery, not by a list of ids: long lists stay cheap (and within
    # SQLite's limit on query parameters).
    linked = TrialReference.objects.filter(trial_id__in=trial_pks).values("reference_id")
    wanted = (Q(pk__in=linked) if trial_pks else Q(pk__in=[])) | Q(pk__in=extra_pks)
    rows, authors, trial_names = _reference_values(wanted, published_only=published_only)

    # The order: each trial's references in reading order, then its registry records; then the
    # extra references. A registry record stored as a reference replaces the one built from
    # the trial, wherever it comes in the list.
    stored_identifiers = {
        row["report_number"].upper()
        for row in rows.values()
        if row["kind"] == ReferenceKind.REGISTRY_RECORD and row["report_number"]
    }
    records: list[ExportRecord] = []
    seen: set[int] = set()

    def add(reference_pk: int, notes: tuple[str, ...] = ()) -> None:
        if reference_pk not in seen and reference_pk in rows:
            seen.add(reference_pk)
            records.append(
                record_from_values(
                    rows[reference_pk],
                    authors=authors.get(reference_pk, ()),
                    trials=trial_names.get(reference_pk, ()),
                    notes=notes,
                )
            )

    built: set[str] = set()
    for row in trial_rows:
        pk, title, short_title, sponsor, last_updated = row[:5]
        unverified, arms_unverified, is_title_official = row[5:]
        label = _trial_label(short_title, title)
        unverified_notes = trial_notes(
            label=label, unverified_fields=unverified or [], arms_unverified=arms_unverified
        )
        for reference_pk in links_by_trial.get(pk, []):
            add(reference_pk, unverified_notes)
        for registry, identifier in registry_ids_by_trial.get(pk, []):
            key = identifier.upper()
            if key in stored_identifiers or key in built:
                continue
            built.add(key)
            records.append(
                record_from_registry_id(
                    registry=registry,
                    identifier=identifier,
                    title=title,
                    short_title=short_title,
                    sponsor=sponsor,
                    last_updated=last_updated if registry == Registry.CTGOV else None,
                    today=today,
                    trials=(label,),
                    notes=trial_notes(
                        label=label,
                        unverified_fields=unverified or [],
                        arms_unverified=arms_unverified,
                        is_title_official=is_title_official,
                    ),
                )
            )
    for reference_pk in extra_pks:
        add(reference_pk)
    return records


def _reference_values(
    wanted: Q, *, published_only: bool
) -> tuple[dict[int, dict], dict[int, tuple[Author, ...]], dict[int, tuple[str, ...]]]:
    """The references' columns, their ordered authors, the names of their trials (3 queries)."""
    values = Reference.objects.filter(wanted).values(*REFERENCE_FIELDS)
    rows = {row["pk"]: row for row in values}
    if not rows:
        return {}, {}, {}
    of_wanted = Reference.objects.filter(wanted).values("pk")
    authors: dict[int, list[Author]] = {}
    for reference_pk, family, given, group in (
        ReferenceAuthor.objects.filter(reference_id__in=of_wanted)
        .order_by("reference_id", "position", "pk")
        .values_list("reference_id", "family", "given", "group_name")
    ):
        authors.setdefault(reference_pk, []).append(Author(family, given, group))
    links = TrialReference.objects.filter(reference_id__in=of_wanted)
    if published_only:
        links = links.filter(trial__status=CurationStatus.PUBLISHED)
    names: dict[int, list[str]] = {}
    for reference_pk, short_title, title in links.order_by("trial__title", "trial_id").values_list(
        "reference_id", "trial__short_title", "trial__title"
    ):
        names.setdefault(reference_pk, []).append(_trial_label(short_title, title))
    return (
        rows,
        {pk: tuple(values) for pk, values in authors.items()},
        {pk: tuple(values) for pk, values in names.items()},
    )
