"""How a search box's text is read: folded for accents and case, split into words and quoted
phrases, and recognised as a PMID, a DOI or an author's name. Pure functions, no database."""

import re
import unicodedata
from dataclasses import dataclass, field

# The PostgreSQL text-search configurations that fold accents before stemming (migration
# trials 0020 creates them); the search document and every query use these.
ENGLISH_CONFIG = "english_unaccent"
SPANISH_CONFIG = "spanish_unaccent"
# The SQL function lower(unaccent(text)) on PostgreSQL (same migration); a Python function of
# the same name on SQLite (trials.apps). Used for authors' family names.
FOLD_NAME_FUNCTION = "trials_fold_name"

MAX_TERMS = 10
PMID_PATTERN = re.compile(r"(?:pmid\s*:?\s*)?(\d{1,9})", re.IGNORECASE)
DOI_PATTERN = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi\s*:?\s*)?(10\.\d{4,9}/\S+)", re.I)
# A family name, then at most three initials ("Shi", "Shi M", "García-López JA", "van der Berg").
NAME_PATTERN = re.compile(r"[^\W\d_][^\W\d_'’\-. ]*(?:['’\-. ]+[^\W\d_]+){0,5}\.?")
INITIALS_PATTERN = re.compile(r"[^\W\d_]{1,3}")


def fold_name(text: str) -> str:
    """Lower case without accents, punctuation kept: what trials_fold_name() gives in SQL."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def fold(text: str) -> str:
    """Text as searched: no accents, case folded, every run of other characters one space
    (`Cordón-umbilical, MSC` → `cordon umbilical msc`)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join("".join(char if char.isalnum() else " " for char in plain).split())


@dataclass
class ParsedQuery:
    """A query as SQLite reads it, with PostgreSQL's websearch syntax: words and "quoted
    phrases" must all appear, `-word` must not, `or` between them gives alternatives."""

    alternatives: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)


def parse_query(text: str) -> ParsedQuery:
    """Folded terms of a query: quoted phrases stay together, `-` excludes, `or` separates."""
    parsed = ParsedQuery(alternatives=[[]])
    count = 0
    for match in re.finditer(r'(-?)"([^"]*)"?|(\S+)', text):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word.casefold() == "or":
            if parsed.alternatives[-1]:
                parsed.alternatives.append([])
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negated, word = "-", word[1:]
        term = fold(phrase if phrase is not None else word)
        if not term or count >= MAX_TERMS:
            continue
        count += 1
        (parsed.excluded if negated else parsed.alternatives[-1]).append(term)
    parsed.alternatives = [terms for terms in parsed.alternatives if terms]
    return parsed


def pmid_in(text: str) -> str | None:
    """The PMID a query is (`28370357`, `PMID: 28370357`), or None."""
    match = PMID_PATTERN.fullmatch(text.strip())
    return match.group(1) if match else None


def doi_in(text: str) -> str | None:
    """The bare DOI, lower case, a query is (`10.1002/hep.28929`, `doi:…`, `https://doi.org/…`)."""
    match = DOI_PATTERN.fullmatch(text.strip())
    return match.group(1).lower() if match else None


@dataclass(frozen=True)
class AuthorName:
    family: str  # as trials_fold_name() gives it
    initial: str = ""  # the first initial, folded; empty when none was typed


def author_names_in(text: str) -> list[AuthorName]:
    """The ways a query may name an author: the whole text as a family name, and when the last
    word is one to three letters, the words before it with that initial (`Shi M`)."""
    text = " ".join(text.replace(",", " ").split())
    if not text or len(text) > 120 or not NAME_PATTERN.fullmatch(text):
        return []
    names = [AuthorName(fold_name(text.rstrip(".")))]
    head, _space, last = text.rpartition(" ")
    last = last.rstrip(".").replace(".", "")
    if head and INITIALS_PATTERN.fullmatch(last):
        names.append(AuthorName(fold_name(head.rstrip(".")), fold_name(last[0])))
    return names


# The fields of a trial that are searched, in both languages (the SQLite column and the
# PostgreSQL document hold the same text).
SEARCHED_FIELDS = (
    "title",
    "short_title_en",
    "short_title_es",
    "acronym",
    "condition_text_en",
    "condition_text_es",
    "sponsor",
    "plain_summary_en",
    "plain_summary_es",
    "clinician_summary",
)


def folded_search_text(values: list[str]) -> str:
    """The stored search column: each field folded on its own line, so that a phrase never
    joins the end of one field to the start of the next."""
    return "\n".join(fold(value) for value in values if value)
