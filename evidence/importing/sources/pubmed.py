"""PubMed efetch XML (PubmedArticleSet) → plain dataclasses (no database, no network)."""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from evidence.importing.errors import PayloadError

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# The databanks of DataBankList that are trial registries, by the registry codes of trials.Registry.
TRIAL_DATABANKS = {
    "clinicaltrials.gov": "ctgov",
    "isrctn": "isrctn",
    "chictr": "chictr",
    "eudract": "euctr",
    "umin-ctr": "umin",
    "ctri": "ctri",
    "irct": "irct",
}


@dataclass(frozen=True)
class Author:
    family: str = ""
    given: str = ""
    group_name: str = ""


@dataclass
class Article:
    pmid: str
    title: str
    journal: str = ""
    journal_abbreviation: str = ""
    issn: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    doi: str = ""
    pmcid: str = ""
    language: str = ""
    authors: list[Author] = field(default_factory=list)
    publication_types: list[str] = field(default_factory=list)
    registry_ids: list[tuple[str, str]] = field(default_factory=list)  # (registry, identifier)


def clean_text(element: ET.Element | None) -> str:
    """All text inside an element, markup (<i>, <sup>) dropped, whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def clean_title(text: str) -> str:
    """A title without the closing period PubMed adds, or the brackets of a translated title."""
    if text.startswith("[") and text.rstrip(".").endswith("]"):
        text = text.rstrip(".")[1:-1]
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    return text.strip()


def expand_pages(medline_pages: str) -> str:
    """'107-14' → '107-114' (MEDLINE shortens the last page); anything else as it is."""
    match = re.fullmatch(r"([A-Za-z]*)(\d+)-([A-Za-z]*)(\d+)", medline_pages)
    if not match:
        return medline_pages
    prefix, first, _prefix2, last = match.groups()
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{prefix}{first}-{prefix}{last}"


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _month(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return MONTHS.get(text) or MONTHS.get(text[:3])


def parse_pub_date(pub_date: ET.Element | None) -> tuple[int | None, int | None, int | None]:
    """Year, month, day of a PubDate; a MedlineDate such as '1998 Dec-1999 Jan' gives 1998, 12."""
    if pub_date is None:
        return None, None, None
    medline_date = pub_date.findtext("MedlineDate", "").strip()
    if medline_date:
        # A range ('1998 Dec-1999 Jan', '2000 Jan-Feb') is cited by where it starts.
        year = re.search(r"\d{4}", medline_date)
        words = re.findall(r"[A-Za-z]+", medline_date)
        month = _month(words[0]) if words else None
        return (int(year.group()) if year else None), month, None
    year = _int(pub_date.findtext("Year", "").strip())
    month = _month(pub_date.findtext("Month", ""))
    day = _int(pub_date.findtext("Day", "").strip()) if month else None
    return year, month, day


def load_articles(raw: bytes | str) -> list[ET.Element]:
    """The PubmedArticle elements of an efetch answer; malformed XML raises PayloadError."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as error:
        raise PayloadError(
            _(
                "The PubMed answer is not well-formed XML (%(problem)s): it may be truncated. "
                "Nothing was changed."
            )
            % {"problem": str(error)}
        ) from error
    if root.tag == "PubmedArticle":
        return [root]
    if root.tag != "PubmedArticleSet":
        message = clean_text(root.find("ERROR")) or root.tag
        raise PayloadError(
            _("The PubMed answer is not a PubmedArticleSet (%(what)s).") % {"what": message}
        )
    return root.findall("PubmedArticle")


def _text(element: ET.Element, path: str) -> str:
    """The clean text at a path below the element; '' when there is nothing there."""
    return clean_text(element.find(path))


def parse_article(element: ET.Element) -> Article:
    """One PubmedArticle → Article; raises PayloadError when the PMID or title is missing."""
    article = element.find("MedlineCitation/Article")
    if article is None:
        raise PayloadError(_("A PubmedArticle has no MedlineCitation/Article."))
    pmid = element.findtext("MedlineCitation/PMID", "").strip()
    if not pmid.isdigit():
        raise PayloadError(_("A PubmedArticle has no PMID."))
    title = clean_title(_text(article, "ArticleTitle")) or clean_title(
        _text(article, "VernacularTitle")
    )
    if not title:
        raise PayloadError(_("PubMed article %(pmid)s has no title.") % {"pmid": pmid})
    year, month, day = parse_pub_date(article.find("Journal/JournalIssue/PubDate"))
    return Article(
        pmid=pmid,
        title=title,
        journal=_text(article, "Journal/Title"),
        journal_abbreviation=_text(article, "Journal/ISOAbbreviation")
        or _text(element, "MedlineCitation/MedlineJournalInfo/MedlineTA"),
        issn=_text(article, "Journal/ISSN"),
        volume=_text(article, "Journal/JournalIssue/Volume"),
        issue=_text(article, "Journal/JournalIssue/Issue"),
        pages=_pages(article),
        year=year,
        month=month,
        day=day,
        doi=_doi(element, article),
        pmcid=_article_id(element, "pmc"),
        language=_text(article, "Language"),
        authors=_authors(article),
        publication_types=[
            clean_text(item) for item in article.findall("PublicationTypeList/PublicationType")
        ],
        registry_ids=_registry_ids(article),
    )


def _pages(article: ET.Element) -> str:
    start = article.findtext("Pagination/StartPage", "").strip()
    end = article.findtext("Pagination/EndPage", "").strip()
    medline_pages = article.findtext("Pagination/MedlinePgn", "").strip()
    return f"{start}-{end}" if start and end else expand_pages(medline_pages) or start


def _article_id(element: ET.Element, kind: str) -> str:
    # Only the article's own ids: the reference list below it has ArticleIdLists too.
    ids = element.findall(f"PubmedData/ArticleIdList/ArticleId[@IdType='{kind}']")
    return clean_text(ids[0]) if ids else ""


def _doi(element: ET.Element, article: ET.Element) -> str:
    """The article's valid DOI ELocationID, else the DOI among its PubMed ids."""
    locations = [
        item
        for item in article.findall("ELocationID[@EIdType='doi']")
        if item.get("ValidYN", "Y") == "Y"
    ]
    return (clean_text(locations[0]) if locations else "") or _article_id(element, "doi")


def _authors(article: ET.Element) -> list[Author]:
    """Valid authors in order: a person (family and given names) or a group."""
    authors = []
    for author in article.findall("AuthorList/Author"):
        if author.get("ValidYN", "Y") != "Y":
            continue
        group, family = _text(author, "CollectiveName"), _text(author, "LastName")
        if group:
            authors.append(Author(group_name=group))
        elif family:
            given = _text(author, "ForeName") or _text(author, "Initials")
            authors.append(Author(family=family, given=given))
    return authors


def _registry_ids(article: ET.Element) -> list[tuple[str, str]]:
    """(registry, identifier) of the trial registries in the DataBankList."""
    found = []
    for bank in article.findall("DataBankList/DataBank"):
        registry = TRIAL_DATABANKS.get(_text(bank, "DataBankName").lower())
        if registry:
            found += [
                (registry, clean_text(number))
                for number in bank.findall("AccessionNumberList/AccessionNumber")
            ]
    return found


def parse_articles(raw: bytes | str) -> list[Article]:
    """Every article of an efetch answer (books are not references we keep)."""
    return [parse_article(element) for element in load_articles(raw)]
