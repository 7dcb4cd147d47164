"""Plain records for the pure formatters, built from references and trials in a few queries."""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from trials.formatting import status_text
from trials.models import Arm, CurationStatus, RecruitmentStatus, RegistryId, Trial, bias_label
from trials.models.choices import Registry
from trials.models.freshness import is_status_stale
from trials.models.trial import REGISTRY_URLS

from ..models import (
    LinkRole,
    Reference,
    ReferenceAuthor,
    ReferenceKind,
    StoredCitation,
    TrialReference,
    missing_parts,
)

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


_INITIALS_RUN = re.compile(r"[A-Z]{1,4}")
_NAME_PARTS = re.compile(r"[\s.]+")


def export_given(given: str) -> str:
    """Given names as every CSL processor reads them: initials with periods, names kept.

    PubMed writes initials run together ("YY"), which citeproc-py, pandoc and citeproc-js all
    read as one name ("Li Y"); "Y. Y." prints "Li YY". Full given names ("Yuan-Yuan", "María
    José") are kept, each part of a hyphenated one capitalised; initials already spaced, dotted
    or hyphenated ("H J", "J.-P.") get a period each and lose the hyphen, which processors print
    differently ("JP" or "J-P").
    """
    given = re.sub(r"\.?\s*-\s*", "-", " ".join(given.split()))  # "J.-P." is "J-P"
    if _INITIALS_RUN.fullmatch(given):
        return " ".join(f"{letter}." for letter in given)
    words = []
    for part in (part for part in _NAME_PARTS.split(given) if part):
        pieces = part.split("-")
        if len(pieces) > 1 and all(len(piece) == 1 and piece.isalpha() for piece in pieces):
            words += [f"{piece}." for piece in pieces]  # J-P: two initials
        elif len(part) == 1 and part.isalpha():
            words.append(f"{part}.")
        else:
            # "Hong-liang": citeproc-py would print "H liang"; every processor reads "Hong-Liang".
            words.append("-".join(piece[:1].upper() + piece[1:] for piece in pieces))
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Author:
    family: str = ""
    given: str = ""
    group: str = ""

    @property
    def export_given(self) -> str:
        return export_given(self.given)


@dataclass(frozen=True, slots=True)
class StoredEntries:
    """A record's formatted citations as stored, read with it: {"apa/en-US": [digest, text,
    text with a year-suffix mark], ...}, empty when none are; ``pk`` is the reference's
    (evidence.models.StoredCitation) or, with ``of_registry_id``, the trial's registry id's
    whose record the export builds (StoredRegistryCitation)."""

    pk: int
    entries: dict = field(default_factory=dict)
    of_registry_id: bool = False


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
    # False where the source names only the first authors and then "et al.".
    authors_complete: bool = True
    # Where a record from the database keeps its rendered citations (None: a test's record;
    # its citations are rendered, never stored).
    stored: StoredEntries | None = field(default=None, compare=False, repr=False)

    @property
    def is_registry_record(self) -> bool:
        return self.kind == ReferenceKind.REGISTRY_RECORD

    @property
    def missing(self) -> list[str]:
        """What a citation of this record lacks, in the active language (see missing_parts)."""
        return missing_parts(
            kind=self.kind,
            title=self.title,
            has_authors=bool(self.authors),
            journal=self.journal,
            year=self.year,
            volume=self.volume,
            pages=self.pages,
            report_number=self.report_number,
            publisher=self.publisher,
            url=self.url,
        )

    def export_note(self) -> str:
        """What a file tells its reader about a record that is not whole, in the page's language
        (our words, not bibliographic data); '' when there is nothing to say."""
        notes = []
        if not self.authors_complete:
            notes.append(gettext("Author list incomplete: the source names these authors, et al."))
        if missing := self.missing:
            notes.append(
                gettext("Incomplete record: no %(parts)s known.") % {"parts": ", ".join(missing)}
            )
        return " ".join(notes)

    def all_notes(self) -> list[str]:
        """Every note for the file's reader: the trial's caveats, then the record's own."""
        own = self.export_note()
        return [*self.notes, own] if own else list(self.notes)


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
    "authors_complete",
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
# Read with references and registry ids: their stored citations (a join, no query of its own).
STORED_ENTRIES_FIELD = "stored_citation__entries"


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
    stored = (
        StoredEntries(values["pk"], values[STORED_ENTRIES_FIELD] or {})
        if STORED_ENTRIES_FIELD in values
        else None
    )
    return ExportRecord(
        id=f"ref-{values['pk']}",
        authors=authors,
        trials=trials,
        notes=notes,
        stored=stored,
        **fields,
    )


def trial_notes(
    *,
    label: str,
    unverified_fields: list[str],
    arms_unverified: bool = False,
    is_title_official: bool = True,
    risk_of_bias: str = "",
    status: str = "",
) -> tuple[str, ...]:
    """What a reader of the exported file should know about the trial's own facts: values only
    another review's table supports (unverified), a title we wrote ourselves, its risk of
    bias ("not assessed" too; `risk_of_bias` is bias_label's text, empty to leave it out) and
    its recruitment status with the date it was last confirmed (status_text())."""
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
    if risk_of_bias:
        notes.append(
            _("%(trial)s: risk of bias: %(judgement)s")
            % {"trial": label, "judgement": risk_of_bias}
        )
    if status:
        notes.append(
            _("%(trial)s: recruitment status: %(status)s") % {"trial": label, "status": status}
        )
    return tuple(notes)


def record_from_reference(reference: Reference) -> ExportRecord:
    """One stored reference as a record (its authors from ``reference.authors.all()``, which
    the pages prefetch, and its stored citations from ``reference.stored_citation``, which they
    select with it)."""
    values = {name: getattr(reference, name) for name in REFERENCE_FIELDS}
    try:
        values[STORED_ENTRIES_FIELD] = reference.stored_citation.entries
    except StoredCitation.DoesNotExist:
        values[STORED_ENTRIES_FIELD] = {}
    authors = tuple(
        Author(author.family, author.given, author.group_name)
        for author in sorted(reference.authors.all(), key=lambda a: (a.position, a.pk))
    )
    return record_from_values(values, authors=authors)


def record_from_registry_id(
    *,
    registry: str,
    identifier: str,
    title: str = "",
    sponsor: str = "",
    last_updated: datetime.date | None = None,
    today: datetime.date,
    trials: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
    stored: StoredEntries | None = None,
) -> ExportRecord:
    """A registry record the curators have not entered as a reference, built from the trial.

    ``title`` is the registry's own title when it is known (a trial imported from the registry
    holds it); otherwise the record is titled by its identifier, never by a paper's title or
    the site's plain-language label.
    """
    publisher = Registry(registry).label if registry != Registry.OTHER else ""
    url_template = REGISTRY_URLS.get(registry)
    return ExportRecord(
        id=f"registry-{identifier}",
        kind=ReferenceKind.REGISTRY_RECORD,
        title=one_line(title) or identifier,
        authors=(Author(group=sponsor),) if sponsor else (),
        publisher=str(publisher),
        year=last_updated.year if last_updated else None,
        month=last_updated.month if last_updated else None,
        day=last_updated.day if last_updated else None,
        report_number=identifier,
        url=url_template.format(id=identifier) if url_template else "",
        accessed_date=today,
        trials=trials,
        notes=notes,
        stored=stored,
    )


def trial_name_fields() -> tuple[str, str]:
    """The columns that name a trial in a file: its short title in the page's language, then the
    English one to fall back on, so that a trial is named alike throughout a file."""
    language = (translation.get_language() or "en").split("-")[0]
    language = language if language in {code for code, _name in settings.LANGUAGES} else "en"
    return f"short_title_{language}", "short_title_en"


def _trial_label(short_title: str | None, english: str | None, title: str) -> str:
    return short_title or english or title


def _with_role(label: str, role: str) -> str:
    """'Trial (Primary results)': the trial and what the reference is to it, in the page's
    language."""
    role_label = LinkRole(role).label if role in LinkRole.values else role
    return f"{label} ({role_label})"


def _name_columns(prefix: str = "") -> list:
    """Both name columns, under distinct names even when the page is English."""
    localised, english = trial_name_fields()
    return [F(prefix + localised), F(prefix + english)]


# The trial columns a file needs, read in one query (see _trial_rows).
TRIAL_FIELDS = (
    "pk",
    "title",
    "sponsor",
    "registry_last_updated_date",
    "registry_synced_at",
    "unverified_fields",
    "arms_unverified",
    "is_title_official",
    "bias_overall",
    "bias_tool",
    "bias_per_outcome_id",
    "recruitment_status",
    "status_as_of",
    "status_as_of_precision",
)


def _trial_rows(trials: QuerySet[Trial], *, published_only: bool) -> list[dict]:
    """The trials in the caller's order, as dicts of TRIAL_FIELDS plus ``label`` (one query;
    whether any arm holds an unverified value is an EXISTS in it)."""
    if published_only:
        trials = trials.filter(status=CurationStatus.PUBLISHED)
    arms_unverified = Exists(
        Arm.objects.filter(trial=OuterRef("pk"), unverified_fields__0__isnull=False)
    )
    localised, english = _name_columns()
    rows: dict[int, dict] = {}
    for row in (
        trials.annotate(arms_unverified=arms_unverified, localised=localised, english=english)
        .with_bias_summary()
        .values(*TRIAL_FIELDS, "localised", "english")
    ):
        row["label"] = _trial_label(row.pop("localised"), row.pop("english"), row["title"])
        rows.setdefault(row["pk"], row)  # a join may repeat a trial: keep the first
    return list(rows.values())


def _grouped(rows: QuerySet) -> dict[int, list]:
    """(trial_pk, *values) rows as {trial_pk: [values, ...]}, in the rows' order."""
    grouped: dict[int, list] = {}
    for trial_pk, *values in rows:
        grouped.setdefault(trial_pk, []).append(values[0] if len(values) == 1 else tuple(values))
    return grouped


def _trial_caveats(row: dict, *, today: datetime.date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What every record of the trial says about it, and what its registry records say."""
    bias = bias_label(
        row["bias_overall"], row["bias_tool"], per_outcome=row["bias_per_outcome_id"] is not None
    )
    status, as_of, precision = (
        row["recruitment_status"],
        row["status_as_of"],
        row["status_as_of_precision"],
    )
    # Every record of the trial warns when its status is unknown; its registry records
    # always give the status with the date it was last confirmed.
    status_words = status_text(status, as_of, precision, today=today)
    doubtful = status == RecruitmentStatus.UNKNOWN or is_status_stale(
        status, as_of, precision, today
    )
    common = {
        "label": row["label"],
        "unverified_fields": row["unverified_fields"] or [],
        "arms_unverified": row["arms_unverified"],
        "risk_of_bias": bias,
    }
    return (
        trial_notes(**common, status=status_words if doubtful else ""),
        trial_notes(**common, is_title_official=row["is_title_official"], status=status_words),
    )


def _built_registry_record(
    row: dict, registry_id: tuple, notes: tuple[str, ...], today: datetime.date
) -> ExportRecord:
    """The registry record of a trial's registry id that no stored reference covers."""
    registry, identifier, pk, entries = registry_id
    # A trial imported from ClinicalTrials.gov holds the registry's official title;
    # a curated trial's title may be its paper's, which a registry record never takes.
    from_registry = registry == Registry.CTGOV and row["registry_synced_at"] is not None
    return record_from_registry_id(
        registry=registry,
        identifier=identifier,
        title=row["title"] if from_registry else "",
        sponsor=row["sponsor"],
        last_updated=row["registry_last_updated_date"] if registry == Registry.CTGOV else None,
        today=today,
        trials=(_with_role(row["label"], "registry_record"),),
        notes=notes,
        stored=StoredEntries(pk, entries or {}, of_registry_id=True),
    )


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
    trial_rows = [] if trials is None else _trial_rows(trials, published_only=published_only)
    trial_pks = [row["pk"] for row in trial_rows]
    extra_pks: list[int] = []
    if references is not None:
        if published_only:
            references = references.public()
        extra_pks = list(dict.fromkeys(references.values_list("pk", flat=True)))  # one query
    links_by_trial: dict[int, list] = {}
    registry_ids_by_trial: dict[int, list] = {}
    if trial_pks:
        # One query each: the links (the trial page's reading order), then the registry ids.
        links = TrialReference.objects.of_trials(trial_pks)
        links_by_trial = _grouped(links.values_list("trial_id", "reference_id"))
        registry_ids_by_trial = _grouped(
            RegistryId.objects.filter(trial_id__in=trial_pks)
            .order_by("registry", "identifier")
            .values_list("trial_id", "registry", "identifier", "pk", STORED_ENTRIES_FIELD)
        )
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

    for row in trial_rows:
        notes, registry_notes = _trial_caveats(row, today=today)
        for reference_pk in links_by_trial.get(row["pk"], []):
            add(reference_pk, notes)
        for registry_id in registry_ids_by_trial.get(row["pk"], []):
            if registry_id[1].upper() not in stored_identifiers:
                stored_identifiers.add(registry_id[1].upper())  # built once
                records.append(_built_registry_record(row, registry_id, registry_notes, today))
    for reference_pk in extra_pks:
        add(reference_pk)
    return records


def _reference_values(
    wanted: Q, *, published_only: bool
) -> tuple[dict[int, dict], dict[int, tuple[Author, ...]], dict[int, tuple[str, ...]]]:
    """The references' columns, their ordered authors, the names of their trials (3 queries)."""
    values = Reference.objects.filter(wanted).values(*REFERENCE_FIELDS, STORED_ENTRIES_FIELD)
    rows = {row["pk"]: row for row in values}
    if not rows:
        return {}, {}, {}
    of_wanted = Reference.objects.filter(wanted).values("pk")
    authors: dict[int, list[Author]] = {}
    for reference_pk, family, given, group in (
        ReferenceAuthor.objects.filter(reference_id__in=of_wanted)
        .in_order()
        .values_list("reference_id", "family", "given", "group_name")
    ):
        authors.setdefault(reference_pk, []).append(Author(family, given, group))
    links = TrialReference.objects.filter(reference_id__in=of_wanted)
    if published_only:
        links = links.filter(trial__status=CurationStatus.PUBLISHED)
    names: dict[int, list[str]] = {}
    columns = ("reference_id", *_name_columns("trial__"), "trial__title", "role")
    for reference_pk, short_title, english, title, role in links.order_by(
        "trial__title", "trial_id"
    ).values_list(*columns):
        label = _trial_label(short_title, english, title)
        names.setdefault(reference_pk, []).append(_with_role(label, role))
    return (
        rows,
        {pk: tuple(values) for pk, values in authors.items()},
        {pk: tuple(values) for pk, values in names.items()},
    )
