"""When a search finds nothing: the nearest condition, cell source or spelling, from the
vocabularies' names and synonyms in every language. Pure functions over plain values, then
search_suggestions(), which reads the vocabularies (three queries, four with a respelling)."""

import difflib
from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .condition_tree import ConditionTree, names_of
from .facet_index import FacetIndex, index_counts
from .filters import TrialFilter
from .models import CellSource, Etiology, OutcomeMeasure
from .search import fold

# How alike two folded strings must be (difflib's ratio): `cirosis` and `cirrhosis` are 0.94,
# `cordn umbilical` and `cordon umbilical` 0.97, `liver` and `fever` 0.6.
CUTOFF = 0.8
MIN_WORD_LENGTH = 4


@dataclass(frozen=True)
class Term:
    """A vocabulary entry: its URL value, its name in the page's language and every name a
    visitor may type for it (names and synonyms in all languages)."""

    value: str
    label: str
    names: tuple[str, ...]


def _likeness(wanted: str, name: str) -> float:
    """How alike a query is to a name, or to the same number of its words in a row."""
    best = difflib.SequenceMatcher(None, wanted, name).ratio()
    words, size = name.split(), len(wanted.split())
    for start in range(len(words) - size + 1):
        window = " ".join(words[start : start + size])
        best = max(best, difflib.SequenceMatcher(None, wanted, window).ratio())
    return best


def nearest_terms(text: str, terms: list[Term], *, limit: int = 2) -> list[Term]:
    """The terms most like the query (at least CUTOFF alike), best first."""
    wanted = fold(text)
    if len(wanted) < MIN_WORD_LENGTH:
        return []
    scored = []
    for term in terms:
        names = [fold(name) for name in term.names if name]
        score = max((_likeness(wanted, name) for name in names), default=0.0)
        if score >= CUTOFF:  # a whole name alike ranks before a name with alike words
            whole = max(difflib.SequenceMatcher(None, wanted, name).ratio() for name in names)
            scored.append(((-score, -whole, term.label), term))
    return [term for _key, term in sorted(scored, key=lambda item: item[0])[:limit]]


def respelled(text: str, names: list[str]) -> str | None:
    """The query with each word that is in no name replaced by the nearest word of the names
    (accents as the names write them); None when no word changes."""
    vocabulary: dict[str, str] = {}
    for name in names:
        for word in name.lower().split():
            word = word.strip(".,;:()[]\"'")
            if len(fold(word)) >= MIN_WORD_LENGTH:
                vocabulary.setdefault(fold(word), word)
    changed = False
    words = []
    for word in text.split():
        folded = fold(word)
        if len(folded) < MIN_WORD_LENGTH or folded in vocabulary:
            words.append(word)
            continue
        close = difflib.get_close_matches(folded, list(vocabulary), n=1, cutoff=CUTOFF)
        if close:
            changed = True
            words.append(vocabulary[close[0]])
        else:
            words.append(word)
    return " ".join(words) if changed else None


@dataclass(frozen=True)
class Suggestion:
    kind: str
    label: str
    query: str  # the list's query string with the suggestion in place of the search
    count: int


def _names(term: object) -> tuple[str, ...]:
    return tuple(getattr(term, f"name_{code}", "") or "" for code, _label in settings.LANGUAGES)


def search_suggestions(
    params: QueryDict, tree: ConditionTree, index: FacetIndex
) -> list[Suggestion]:
    """Links for a search that found nothing: the nearest conditions and cell sources that have
    trials with the other filters, and the search respelled with the vocabularies' words when
    that finds trials. The other filters are kept."""
    text = params.get("q", "")
    others = params.copy()
    for name in ("q", "page", "sort"):
        others.pop(name, None)
    counts, _total = index_counts(TrialFilter(others, condition_tree=tree), index)
    cell_sources = list(CellSource.objects.active())
    suggestions = []
    kinds = (
        ("condition", _("Condition"), tree.conditions, names_of),
        ("cell_source", _("Cell source"), cell_sources, _names),
    )
    for name, kind, items, names in kinds:
        terms = [Term(item.slug, item.name, tuple(names(item))) for item in items]
        by_slug = {item.slug: item for item in items}
        for term in nearest_terms(text, terms, limit=3):
            count = counts[name].get(by_slug[term.value].pk, 0)
            if count:
                query = others.copy()
                query.setlist(name, [term.value])
                suggestions.append(Suggestion(str(kind), term.label, query.urlencode(), count))
    vocabulary = [name for condition in tree.conditions for name in names_of(condition)]
    for items in (cell_sources, Etiology.objects.active(), OutcomeMeasure.objects.active()):
        vocabulary.extend(name for item in items for name in _names(item))
    spelling = respelled(text, vocabulary)
    if spelling:
        query = others.copy()
        query["q"] = spelling
        count = TrialFilter(query, condition_tree=tree).qs.count()
        if count:
            suggestions.append(Suggestion(str(_("Search for")), spelling, query.urlencode(), count))
    return suggestions
