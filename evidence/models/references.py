"""Publications and registry records, their authors, and their links to trials."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from trials.models import CurationStatus, Trial
from trials.models.curated import Timestamped

DOI_PATTERN = re.compile(r"10\.\d{4,9}/\S+")
PMCID_PATTERN = re.compile(r"PMC\d{1,10}")


def normalise_doi(value: str) -> str:
    """A bare DOI: no resolver prefix, no 'doi:' label, no surrounding space."""
    value = value.strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    return value


class ReferenceKind(models.TextChoices):
    JOURNAL_ARTICLE = "journal_article", _("Journal article")
    REGISTRY_RECORD = "registry_record", _("Trial registry record")
    PREPRINT = "preprint", _("Preprint")
    CONFERENCE_ABSTRACT = "conference_abstract", _("Conference abstract")
    REVIEW = "review", _("Systematic review")
    WEB_PAGE = "web_page", _("Web page")


# Kinds cited as journal articles: complete with authors, title, journal, year and where in the
# journal (volume or pages, an article number counting as pages).
JOURNAL_KINDS = frozenset(("journal_article", "review"))


def missing_parts(
    *,
    kind: str,
    title: str,
    has_authors: bool,
    journal: str = "",
    year: int | None = None,
    volume: str = "",
    pages: str = "",
    report_number: str = "",
    publisher: str = "",
    url: str = "",
) -> list[str]:
    """What a citation of this reference lacks, in words for curators (empty: complete).

    A journal article (or review) needs authors (people or a group), a title, the journal, the
    year and its volume or pages (an article number counts as pages). A registry record needs
    its official title, the identifier, the registry and the address of the record. Anything
    else needs a title and a year.
    """
    if kind == ReferenceKind.REGISTRY_RECORD:
        checks = [
            (title and title != report_number, _("official title")),
            (report_number, _("identifier")),
            (publisher, _("registry")),
            (url, _("URL")),
        ]
    else:
        checks = [(has_authors, _("authors")), (title, _("title"))]
        if kind in JOURNAL_KINDS:
            checks.append((journal, _("journal")))
        checks.append((year, _("year")))
        if kind in JOURNAL_KINDS:
            checks.append((volume or pages, _("volume or pages")))
    return [str(label) for present, label in checks if not present]


class LinkRole(models.TextChoices):
    """What a reference is to a trial, declared in reading order (READING_ORDER)."""

    PRIMARY_RESULTS = "primary_results", _("Primary results")
    LONG_TERM_FOLLOW_UP = "long_term_follow_up", _("Long-term follow-up")
    PROTOCOL = "protocol", _("Protocol")
    REGISTRY_RECORD = "registry_record", _("Registry record")
    SECONDARY_ANALYSIS = "secondary_analysis", _("Secondary analysis")
    INCLUDED_IN_REVIEW = "included_in_review", _("Systematic review that includes it")


# Papers that report the trial come first, then its protocol and registry record, then secondary
# analyses and reviews; within a role the newest first. The one order of a trial's references:
# the trial page, the API and the exports read them in it (TrialReference's default ordering).
ROLE_RANK = models.Case(
    *(models.When(role=role, then=models.Value(rank)) for rank, role in enumerate(LinkRole.values)),
    default=models.Value(len(LinkRole.values)),
)
READING_ORDER = ["trial", ROLE_RANK.asc(), models.F("reference__year").desc(nulls_last=True), "pk"]
# The papers that report a trial's results: a condition page lists them.
RESULT_ROLES = [LinkRole.PRIMARY_RESULTS, LinkRole.LONG_TERM_FOLLOW_UP]


class ReferenceQuerySet(models.QuerySet):
    def public(self) -> "ReferenceQuerySet":
        """References attached to at least one published trial, or to a published review."""
        published_link = TrialReference.objects.filter(
            reference=OuterRef("pk"), trial__status=CurationStatus.PUBLISHED
        )
        return self.filter(Exists(published_link) | Q(review__status=CurationStatus.PUBLISHED))

    def with_authors(self) -> "ReferenceQuerySet":
        """Prefetch the ordered authors (one query for all references)."""
        return self.prefetch_related(
            Prefetch("authors", queryset=ReferenceAuthor.objects.in_order())
        )


class Reference(Timestamped):
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReferenceKind, default=ReferenceKind.JOURNAL_ARTICLE
    )
    title = models.CharField(_("title"), max_length=600)
    short_title = models.CharField(_("short title"), max_length=200, blank=True)
    authors_complete = models.BooleanField(
        _("author list complete"),
        default=True,
        help_text=_(
            "Untick when the source names only the first authors followed by “et al.”: "
            "exports then write “et al.” after them."
        ),
    )
    journal = models.CharField(_("journal (full name)"), max_length=300, blank=True)
    journal_abbreviation = models.CharField(
        _("journal abbreviation (NLM)"), max_length=120, blank=True, help_text=_("e.g. Hepatol Int")
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("For a registry record: the registry, e.g. ClinicalTrials.gov."),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    volume = models.CharField(_("volume"), max_length=30, blank=True)
    issue = models.CharField(_("issue"), max_length=30, blank=True)
    pages = models.CharField(_("pages"), max_length=40, blank=True, help_text=_("e.g. 1431-1441"))
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    pmid = models.CharField(_("PMID"), max_length=10, blank=True)
    pmcid = models.CharField(_("PMCID"), max_length=14, blank=True)
    report_number = models.CharField(
        _("report number"), max_length=60, blank=True, help_text=_("For a registry record: NCT…")
    )
    issn = models.CharField(_("ISSN"), max_length=20, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    abstract = models.TextField(
        _("abstract"), blank=True, help_text=_("Only when we have the right to show it.")
    )
    language = models.CharField(_("language"), max_length=20, blank=True)
    accessed_date = models.DateField(_("accessed on"), null=True, blank=True)
    publication_types = models.JSONField(_("publication types"), default=list, blank=True)
    unverified_fields = models.JSONField(
        _("unverified fields"),
        default=list,
        blank=True,
        help_text=_("Names of fields that only a review's table supports (shown as unverified)."),
    )
    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["-year", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("doi"),
                condition=~Q(doi=""),
                name="%(app_label)s_%(class)s_unique_doi",
                violation_error_message=_("Another reference already has this DOI."),
            ),
            models.UniqueConstraint(
                fields=["pmid"],
                condition=~Q(pmid=""),
                name="%(app_label)s_%(class)s_unique_pmid",
                violation_error_message=_("Another reference already has this PMID."),
            ),
            models.UniqueConstraint(
                fields=["pmcid"],
                condition=~Q(pmcid=""),
                name="%(app_label)s_%(class)s_unique_pmcid",
                violation_error_message=_("Another reference already has this PMCID."),
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | (Q(month__gte=1) & Q(month__lte=12)),
                name="%(app_label)s_%(class)s_month_valid",
                violation_error_message=_("A month is a number from 1 to 12."),
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | (Q(day__gte=1) & Q(day__lte=31)),
                name="%(app_label)s_%(class)s_day_valid",
                violation_error_message=_("A day is a number from 1 to 31."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_registry_record(self) -> bool:
        return self.kind == ReferenceKind.REGISTRY_RECORD

    def missing_parts(self) -> list[str]:
        """What a citation of this reference lacks (one query for the authors unless they are
        prefetched); empty when the record is complete."""
        return missing_parts(
            kind=self.kind,
            title=self.title,
            has_authors=bool(self.pk) and len(self.authors.all()) > 0,
            journal=self.journal,
            year=self.year,
            volume=self.volume,
            pages=self.pages,
            report_number=self.report_number,
            publisher=self.publisher,
            url=self.url,
        )

    def clean(self) -> None:
        errors = {}
        self.doi = normalise_doi(self.doi)
        if self.doi and not DOI_PATTERN.fullmatch(self.doi):
            errors["doi"] = _("A DOI starts with 10. and a slash, e.g. 10.1007/s12072-021-10199-2.")
        self.pmid = self.pmid.strip()
        if self.pmid and not self.pmid.isdigit():
            errors["pmid"] = _("A PMID is digits only, e.g. 28370357.")
        self.pmcid = self.pmcid.strip().upper()
        if self.pmcid and not PMCID_PATTERN.fullmatch(self.pmcid):
            errors["pmcid"] = _("A PMCID looks like PMC1234567.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.doi = normalise_doi(self.doi)
        super().save(*args, **kwargs)


class ReferenceAuthorQuerySet(models.QuerySet):
    def in_order(self) -> "ReferenceAuthorQuerySet":
        """Each reference's authors in the order of the byline."""
        return self.order_by("reference_id", "position", "pk")


class ReferenceAuthor(models.Model):
    reference = models.ForeignKey(
        Reference, verbose_name=_("reference"), on_delete=models.CASCADE, related_name="authors"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    family = models.CharField(_("family name"), max_length=120, blank=True)
    given = models.CharField(
        _("given names or initials"), max_length=120, blank=True, help_text=_("e.g. Ming or M")
    )
    group_name = models.CharField(
        _("group author"),
        max_length=300,
        blank=True,
        help_text=_("For a collective author; leave the names empty."),
    )

    objects = ReferenceAuthorQuerySet.as_manager()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["reference", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(family="") & Q(group_name="")) | (Q(family="") & ~Q(group_name="")),
                name="%(app_label)s_%(class)s_person_or_group",
                violation_error_message=_(
                    "An author is either a person (family name) or a group, not both or neither."
                ),
            )
        ]

    def __str__(self) -> str:
        if self.group_name:
            return self.group_name
        return f"{self.family}, {self.given}" if self.given else self.family


class TrialReferenceQuerySet(models.QuerySet):
    def in_reading_order(self) -> "TrialReferenceQuerySet":
        """Each trial's links in READING_ORDER (the default; explicit where it matters)."""
        return self.order_by(*READING_ORDER)

    def for_reading(self) -> "TrialReferenceQuerySet":
        """Links as the trial page shows them: in READING_ORDER, each with its reference, the
        reference's stored citations and its ordered authors (one query, one for the authors).
        trials.models.Trial.for_detail calls it through the relation (trials never imports us)."""
        return (
            self.in_reading_order()
            .select_related("reference", "reference__stored_citation")
            .prefetch_related(
                Prefetch("reference__authors", queryset=ReferenceAuthor.objects.in_order())
            )
        )

    def of_trials(self, trial_pks: list[int]) -> "TrialReferenceQuerySet":
        """The links of these trials, each trial's in READING_ORDER (the exports read them)."""
        return self.filter(trial_id__in=trial_pks).in_reading_order()

    def reporting_results(self) -> "TrialReferenceQuerySet":
        """Links to the papers that report a trial's results (primary or long-term follow-up)."""
        return self.filter(role__in=RESULT_ROLES)


class TrialReference(models.Model):
    trial = models.ForeignKey(
        Trial, verbose_name=_("trial"), on_delete=models.CASCADE, related_name="trial_references"
    )
    reference = models.ForeignKey(
        Reference, verbose_name=_("reference"), on_delete=models.CASCADE, related_name="trial_links"
    )
    role = models.CharField(_("role"), max_length=30, choices=LinkRole)

    objects = TrialReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("trial reference")
        verbose_name_plural = _("trial references")
        ordering = READING_ORDER
        constraints = [
            models.UniqueConstraint(
                fields=["trial", "reference"],
                name="%(app_label)s_%(class)s_unique_link",
                violation_error_message=_("This reference is already linked to the trial."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.trial} — {self.reference} ({self.get_role_display()})"
