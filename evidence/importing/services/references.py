"""Importing references from PubMed (efetch XML) and Crossref (/works/{doi} JSON).

A reference is found by its PMID, DOI or PMCID and updated, never duplicated. The source fills
what it knows; it never blanks a field it lacks. The NCT numbers in PubMed's DataBankList link the
paper to the trials we hold.
"""

from collections.abc import Iterable, Sequence
from typing import Any

import reversion
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evidence.exports.citations import references_citations_store
from evidence.importing.errors import ImporterError, NotFoundError, PayloadError
from evidence.importing.services.report import ImportReport, save_validated
from evidence.importing.sources import crossref, pubmed
from evidence.models import (
    LinkRole,
    Reference,
    ReferenceAuthor,
    ReferenceKind,
    TrialReference,
    normalise_doi,
)
from trials.models import CurationStatus, RegistryId
from trials.revisions.pending import pending_change_kept

# Kept as the first source wrote them: two sources spell these differently ('eng' and 'en').
FILLED_WHILE_EMPTY = frozenset({"language", "journal_abbreviation", "publisher"})


def _kind_from_types(types: Iterable[str]) -> str:
    lowered = {item.lower() for item in types}
    if lowered & {"systematic review", "meta-analysis"}:
        return ReferenceKind.REVIEW
    if "preprint" in lowered:
        return ReferenceKind.PREPRINT
    return ReferenceKind.JOURNAL_ARTICLE


def _role_from_types(types: Iterable[str]) -> str:
    lowered = {item.lower() for item in types}
    if "clinical trial protocol" in lowered:
        return LinkRole.PROTOCOL
    if lowered & {"systematic review", "meta-analysis"}:
        return LinkRole.INCLUDED_IN_REVIEW
    return LinkRole.PRIMARY_RESULTS


def _fit(values: dict[str, Any], report: ImportReport) -> dict[str, Any]:
    # Cut text to our column lengths, saying so; a title of 700 characters is rare but real.
    fitted = {}
    for name, value in values.items():
        limit = getattr(Reference._meta.get_field(name), "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            report.notes.append(_("The %(field)s was shortened to fit.") % {"field": name})
            value = value[: limit - 1].rstrip() + "…"
        fitted[name] = value
    return fitted


def _same(name: str, current: Any, new: Any) -> bool:
    if name == "doi":
        return str(current).lower() == str(new).lower()
    return current == new


def _find(values: dict[str, Any], label: str) -> Reference | None:
    match = Q(pk__in=[])
    if values.get("pmid"):
        match |= Q(pmid=values["pmid"])
    if values.get("doi"):
        match |= Q(doi__iexact=values["doi"])
    if values.get("pmcid"):
        match |= Q(pmcid=values["pmcid"])
    found = list(Reference.objects.filter(match)[:2])
    if len(found) > 1:
        raise ImporterError(
            _(
                "%(label)s matches two references by PMID, DOI or PMCID (%(first)s; %(second)s). "
                "Merge them by hand first; nothing was changed."
            )
            % {"label": label, "first": found[0], "second": found[1]}
        )
    return found[0] if found else None


def _upsert(
    values: dict[str, Any],
    authors: Sequence[pubmed.Author],
    *,
    label: str,
    source: str,
    kind: str,
    user: AbstractBaseUser | None,
) -> ImportReport:
    report = ImportReport(label=label)
    values = _fit(values, report)
    reference = _find(values, label)
    if reference is None:
        reference = Reference(kind=kind, **{k: v for k, v in values.items() if v is not None})
        save_validated(reference, f"Imported from {source}", user)
        report.created = True
    else:
        for name, value in values.items():
            current = getattr(reference, name)
            if value in (None, "", []) or _same(name, current, value):
                continue
            if name in FILLED_WHILE_EMPTY and current not in (None, "", []):
                continue
            setattr(reference, name, value)
            report.changed_fields.append(name)
    # History reasons are data, not interface text: always English.
    reason = f"{'Imported' if report.created else 'Refreshed'} from {source}"
    wanted = [
        (author.family[:120], author.given[:120], author.group_name[:300]) for author in authors
    ]
    current = list(
        reference.authors.order_by("position").values_list("family", "given", "group_name")
    )
    if wanted and wanted != current:
        reference.authors.all().delete()
        for position, (family, given, group_name) in enumerate(wanted):
            author = ReferenceAuthor(
                reference=reference,
                position=position,
                family=family,
                given=given,
                group_name=group_name,
            )
            save_validated(author, reason, user)
        if not report.created:
            report.changed_fields.append("authors")
    if report.changed_fields:
        save_validated(reference, reason, user)
    report.instance = reference
    report.changed = report.created or bool(report.changed_fields)
    return report


def _atomically(label: str, work: Any) -> Any:
    with translation.override(settings.LANGUAGE_CODE):
        try:
            with transaction.atomic(), reversion.create_revision(atomic=False):
                return work()
        except ValidationError as error:
            raise ImporterError(
                _("%(label)s could not be saved, nothing was changed: %(errors)s")
                % {"label": label, "errors": "; ".join(error.messages)}
            ) from error


def reference_import_pubmed(
    *, payload: bytes | str, pmids: Sequence[str] = (), user: AbstractBaseUser | None = None
) -> list[ImportReport]:
    """Create or update the references of an efetch answer, and link them to trials we hold."""
    articles = pubmed.parse_articles(payload)  # a malformed answer fails here, before any write
    missing = [pmid for pmid in pmids if pmid not in {article.pmid for article in articles}]
    if missing:
        raise NotFoundError(
            _("PMID %(pmids)s was not found on PubMed; nothing was changed.")
            % {"pmids": ", ".join(missing)}
        )
    if not articles:
        raise NotFoundError(_("The PubMed answer holds no article; nothing was changed."))
    reports = _atomically(
        ", ".join(f"PMID {article.pmid}" for article in articles),
        lambda: [_import_article(article, user) for article in articles],
    )
    _citations_store(reports)
    return reports


def _import_article(article: pubmed.Article, user: AbstractBaseUser | None) -> ImportReport:
    values = {
        "title": article.title,
        "journal": article.journal,
        "journal_abbreviation": article.journal_abbreviation,
        "issn": article.issn,
        "volume": article.volume,
        "issue": article.issue,
        "pages": article.pages,
        "year": article.year,
        "month": article.month,
        "day": article.day,
        "doi": normalise_doi(article.doi),
        "pmid": article.pmid,
        "pmcid": article.pmcid,
        "language": article.language,
        "publication_types": article.publication_types,
    }
    report = _upsert(
        values,
        article.authors,
        label=f"PMID {article.pmid}",
        source="PubMed",
        kind=_kind_from_types(article.publication_types),
        user=user,
    )
    reason = "Imported from PubMed"
    for registry, identifier in article.registry_ids:
        link = (
            RegistryId.objects.filter(registry=registry, identifier=identifier)
            .select_related("trial")
            .first()
        )
        if link is None:
            report.notes.append(
                _("The paper names %(id)s, which is not a trial we hold.") % {"id": identifier}
            )
            continue
        if TrialReference.objects.filter(
            trial_id=link.trial_id, reference=report.instance
        ).exists():
            continue
        trial_link = TrialReference(
            trial_id=link.trial_id,
            reference=report.instance,
            role=_role_from_types(article.publication_types),
        )
        if link.trial.status != CurationStatus.PUBLISHED:
            save_validated(trial_link, reason, user)
            report.linked.append(identifier)
            report.changed = True
            continue
        # A published trial's new reference link waits for another curator's approval.
        _done, pending, is_new = pending_change_kept(
            trial=link.trial,
            work=lambda trial_link=trial_link: save_validated(trial_link, reason, user),
            author=user,
            source=f"{reason} {timezone.localdate().isoformat()}",
        )
        report.pending_keep(pending, is_new=is_new)
        report.notes.append(
            _("The link to %(id)s (published) waits for another curator's review.")
            % {"id": identifier}
        )
    return report


def reference_import_crossref(
    *, payload: bytes | str | dict[str, Any], doi: str = "", user: AbstractBaseUser | None = None
) -> ImportReport:
    """Create or update the reference of a Crossref /works/{doi} answer."""
    work = crossref.parse_work(crossref.load_work(payload))  # before any write
    if doi and normalise_doi(doi).lower() != work.doi.lower():
        raise PayloadError(
            _("Crossref answered with %(got)s instead of %(asked)s; nothing was changed.")
            % {"got": work.doi, "asked": doi}
        )
    values = {
        "title": work.title,
        "journal": work.journal,
        "journal_abbreviation": work.journal_short,
        "publisher": work.publisher,
        "issn": work.issn,
        "volume": work.volume,
        "issue": work.issue,
        "pages": work.pages,
        "year": work.year,
        "month": work.month,
        "day": work.day,
        "doi": normalise_doi(work.doi),
        "language": work.language,
    }
    report = _atomically(
        f"DOI {work.doi}",
        lambda: _upsert(
            values,
            work.authors,
            label=f"DOI {work.doi}",
            source="Crossref",
            kind=work.kind,
            user=user,
        ),
    )
    _citations_store([report])
    return report


def _citations_store(reports: Sequence[ImportReport]) -> None:
    """Render the exports' formatted citations of what an import changed (after its commit)."""
    references_citations_store(
        pks=[report.instance.pk for report in reports if report.changed and report.instance]
    )
