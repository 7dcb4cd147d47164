"""Suspected duplicates: one values_list query each, grouped in Python."""

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from trials.models import RegistryId, SameStudyLink, Trial
from trials.models.trial import REGISTRY_PATTERNS

from ..models import IncludedStudy, Reference, TrialReference, normalise_doi
from .items import Item, Link, reference_url, trial_label, trial_url

TITLE_SIMILARITY = 0.9
# Each title is compared with at most this many neighbours (by length) in its block, which keeps
# the near-duplicate search O(n log n) however many titles share their first words.
TITLE_WINDOW = 50
TITLE_BLOCK_WORDS = 3
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "de",
        "del",
        "en",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "la",
        "of",
        "on",
        "or",
        "the",
        "their",
        "to",
        "versus",
        "vs",
        "with",
        "without",
        "y",
    }
)


def doi_key(value: str) -> str:
    """A DOI reduced to what identifies it: no resolver prefix, lower case, no trailing dot."""
    return normalise_doi(value).lower().rstrip(".,; ")


def pmid_key(value: str) -> str:
    """A PMID reduced to its number (no label, spaces or leading zeros)."""
    digits = re.sub(r"\D", "", value)
    return digits.lstrip("0")


def registry_key(value: str) -> str:
    """A registry id reduced to its letters and digits in upper case."""
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def title_key(title: str) -> str:
    """A title in lower case without accents, punctuation or stopwords."""
    text = unicodedata.normalize("NFKD", title.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = re.sub(r"[^\w]+", " ", text).split()
    return " ".join(word for word in words if word not in STOPWORDS)


def similar_title_groups(
    rows: Iterable[tuple[int, str]], *, threshold: float = TITLE_SIMILARITY
) -> list[list[int]]:
    """Groups of ids whose titles are equal or nearly equal once normalised (difflib ratio)."""
    blocks: dict[tuple[str, ...], list[tuple[int, str, int]]] = defaultdict(list)
    for pk, title in rows:
        key = title_key(title)
        if key:
            blocks[tuple(key.split()[:TITLE_BLOCK_WORDS])].append((len(key), key, pk))
    parent: dict[int, int] = {}

    def root(pk: int) -> int:
        while parent.get(pk, pk) != pk:
            pk = parent[pk]
        return pk

    for block in blocks.values():
        block.sort()
        for i, (length, key, pk) in enumerate(block):
            matcher = difflib.SequenceMatcher(None, b=key, autojunk=False)
            for other_length, other_key, other_pk in block[i + 1 : i + 1 + TITLE_WINDOW]:
                # Sorted by length, so once the length alone rules out the threshold, stop.
                if 2 * length / (length + other_length) < threshold:
                    break
                matcher.set_seq1(other_key)
                if other_key == key or (
                    matcher.real_quick_ratio() >= threshold
                    and matcher.quick_ratio() >= threshold
                    and matcher.ratio() >= threshold
                ):
                    parent[root(other_pk)] = root(pk)
    groups: dict[int, list[int]] = defaultdict(list)
    for pk in parent.keys() | set(parent.values()):
        groups[root(pk)].append(pk)
    return sorted(sorted(group) for group in groups.values())


def _groups_of(keyed: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for key, pk in keyed:
        if key and pk not in groups[key]:
            groups[key].append(pk)
    return {key: sorted(pks) for key, pks in sorted(groups.items()) if len(pks) > 1}


def duplicate_reference_identifiers() -> list[Item]:
    """References sharing a DOI or PMID once normalised (case, resolver prefix, leading zeros)."""
    rows = list(
        Reference.objects.filter(~Q(doi="") | ~Q(pmid=""))
        .order_by("pk")
        .values_list("pk", "title", "doi", "pmid")
    )
    titles = {pk: title for pk, title, _doi, _pmid in rows}
    by_doi = _groups_of((doi_key(doi), pk) for pk, _title, doi, _pmid in rows)
    by_pmid = _groups_of((pmid_key(pmid), pk) for pk, _title, _doi, pmid in rows)
    items = []
    for kind, groups in (("DOI", by_doi), ("PMID", by_pmid)):
        for key, pks in groups.items():
            links = tuple(Link(titles[pk], reference_url(pk)) for pk in pks)
            items.append(Item(label=f"{kind} {key}", links=links))
    return items


def duplicate_registry_ids() -> list[Item]:
    """Registry ids that are the same once normalised but linked to different trials."""
    rows = list(
        RegistryId.objects.order_by("trial_id").values_list(
            "identifier", "trial_id", "trial__title", "trial__short_title"
        )
    )
    labels = {trial_id: trial_label(title, short) for _id, trial_id, title, short in rows}
    items = []
    for key, trial_ids in _groups_of((registry_key(i), t) for i, t, _a, _b in rows).items():
        links = tuple(Link(labels[pk], trial_url(pk)) for pk in trial_ids)
        items.append(Item(label=key, links=links))
    return items


# Any registry's id as it is written in a sentence (the notes of a trial).
REGISTRY_ID_IN_TEXT = re.compile("|".join(f"(?:{p})" for p, _rule in REGISTRY_PATTERNS.values()))


def registry_ids_cited_for_several_trials() -> list[Item]:
    """A registry id that points at two or more trials wherever it is written: a trial's own
    registry ids, its registry-record references, the rows of reviews' tables matched to it,
    and the registry ids its notes name (a paper and its registry record held as two studies,
    or one registry id cited for two papers). Four queries (a UNION of the first three would
    need matching column types on every database)."""
    cited: list[tuple[str, int]] = list(RegistryId.objects.values_list("identifier", "trial_id"))
    cited += TrialReference.objects.filter(reference__kind="registry_record").values_list(
        "reference__report_number", "trial_id"
    )
    cited += (
        IncludedStudy.objects.exclude(registry_id="")
        .filter(trial__isnull=False)
        .values_list("registry_id", "trial_id")
    )
    # The notes in the site's first language: every translation names the same ids.
    notes_field = f"data_notes_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
    rows = list(Trial.objects.order_by("pk").values_list("pk", "title", "short_title", notes_field))
    for pk, _title, _short, notes in rows:
        cited += [(found, pk) for found in REGISTRY_ID_IN_TEXT.findall(notes or "")]
    labels = {pk: trial_label(title, short) for pk, title, short, _notes in rows}
    items = []
    for key, trial_ids in _groups_of((registry_key(i), t) for i, t in sorted(cited)).items():
        links = tuple(Link(labels[pk], trial_url(pk)) for pk in trial_ids)
        items.append(Item(label=key, links=links))
    return items


def similar_trial_titles() -> list[Item]:
    """Trials whose official titles are equal or nearly equal once normalised."""
    rows = list(Trial.objects.order_by("pk").values_list("pk", "title", "short_title"))
    labels = {pk: trial_label(title, short) for pk, title, short in rows}
    titles = {pk: title for pk, title, _short in rows}
    return [
        Item(
            label=titles[group[0]],
            links=tuple(Link(labels[pk], trial_url(pk)) for pk in group),
        )
        for group in similar_title_groups((pk, title) for pk, title, _short in rows)
    ]


def similar_reference_titles() -> list[Item]:
    """References of the same kind whose titles are equal or nearly equal once normalised."""
    rows = list(Reference.objects.order_by("pk").values_list("pk", "kind", "title"))
    titles = {pk: title for pk, _kind, title in rows}
    by_kind: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, kind, title in rows:
        by_kind[kind].append((pk, title))
    # A conference abstract and the article it became often share a title: compare within a kind.
    groups = [group for pairs in by_kind.values() for group in similar_title_groups(pairs)]
    return [
        Item(
            label=titles[group[0]],
            links=tuple(Link(titles[pk], reference_url(pk)) for pk in group),
        )
        for group in sorted(groups)
    ]


def same_study_links() -> list[Item]:
    """Trials a curator linked as possibly the same study: both flagged, pooling keeps one."""
    rows = SameStudyLink.objects.order_by("pk").values_list(
        "pk",
        "kept_trial_id",
        "kept_trial__title",
        "kept_trial__short_title",
        "other_trial_id",
        "other_trial__title",
        "other_trial__short_title",
    )
    items = []
    for pk, kept_id, kept_title, kept_short, other_id, other_title, other_short in rows:
        kept, other = trial_label(kept_title, kept_short), trial_label(other_title, other_short)
        items.append(
            Item(
                label=f"{kept} ≈ {other}",
                url=reverse("admin:trials_samestudylink_change", args=[pk]),
                note=gettext("pooling keeps %(trial)s") % {"trial": kept},
                links=(Link(kept, trial_url(kept_id)), Link(other, trial_url(other_id))),
            )
        )
    return items
