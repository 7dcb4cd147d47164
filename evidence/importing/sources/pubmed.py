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


def parse_article(element: ET.Element) -> Article:
    """One PubmedArticle → Article; raises PayloadError when the PMID or title is missing."""
    citation = element.find("MedlineCitation")
    article = citation.find("Article") if citation is not None else None
    if citation is None or article is None:
        raise PayloadError(_("A PubmedArticle has no MedlineCitation/Article."))
    pmid = citation.findtext("PMID", "").strip()
    if not pmid.isdigit():
        raise PayloadError(_("A PubmedArticle has no PMID."))
    title = clean_title(clean_text(article.find("ArticleTitle")))
    if not title:
        title = clean_title(clean_text(article.find("VernacularTitle")))
    if not title:
        raise PayloadError(_("PubMed article %(pmid)s has no title.") % {"pmid": pmid})
    journal = article.find("Journal")
    issue = journal.find("JournalIssue") if journal is not None else None
    year, month, day = parse_pub_date(issue.find("PubDate") if issue is not None else None)
    pagination = article.find("Pagination")
    start = pagination.findtext("StartPage", "").strip() if pagination is not None else ""
    end = pagination.findtext("EndPage", "").strip() if pagination is not None else ""
    medline_pages = pagination.findtext("MedlinePgn", "").strip() if pagination is not None else ""
    pages = f"{start}-{end}" if start and end else expand_pages(medline_pages) or start
    result = Article(
        pmid=pmid,
        title=title,
        journal=clean_text(journal.find("Title")) if journal is not None else "",
        journal_abbreviation=(
            clean_text(journal.find("ISOAbbreviation")) if journal is not None else ""
        )
        or clean_text(citation.find("MedlineJournalInfo/MedlineTA")),
        issn=clean_text(journal.find("ISSN")) if journal is not None else "",
        volume=clean_text(issue.find("Volume")) if issue is not None else "",
        issue=clean_text(issue.find("Issue")) if issue is not None else "",
        pages=pages,
        year=year,
        month=month,
        day=day,
        language=clean_text(article.find("Language")),
        publication_types=[
            clean_text(item) for item in article.findall("PublicationTypeList/PublicationType")
        ],
    )
    result.doi = next(
        (
            clean_text(item)
            for item in article.findall("ELocationID")
            if item.get("EIdType") == "doi" and item.get("ValidYN", "Y") == "Y"
        ),
        "",
    )
    # Only the article's own ids: the reference list below it has ArticleIdLists too.
    for item in element.findall("PubmedData/ArticleIdList/ArticleId"):
        kind, value = item.get("IdType"), clean_text(item)
        if kind == "doi" and not result.doi:
            result.doi = value
        elif kind == "pmc" and not result.pmcid:
            result.pmcid = value
    for author in article.findall("AuthorList/Author"):
        if author.get("ValidYN", "Y") != "Y":
            continue
        group = clean_text(author.find("CollectiveName"))
        family = clean_text(author.find("LastName"))
        if group:
            result.authors.append(Author(group_name=group))
        elif family:
            given = clean_text(author.find("ForeName")) or clean_text(author.find("Initials"))
            result.authors.append(Author(family=family, given=given))
    for bank in article.findall("DataBankList/DataBank"):
        registry = TRIAL_DATABANKS.get(clean_text(bank.find("DataBankName")).lower())
        if registry:
            for number in bank.findall("AccessionNumberList/AccessionNumber"):
                result.registry_ids.append((registry, clean_text(number)))
    return result


def parse_articles(raw: bytes | str) -> list[Article]:
    """Every article of an efetch answer (books are not references we keep)."""
    return [parse_article(element) for element in load_articles(raw)]
