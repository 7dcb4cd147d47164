"""Importing references from PubMed efetch XML, on the recorded real answers."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reversion.models import Version

from evidence.importing.errors import ImporterError, NotFoundError, PayloadError
from evidence.importing.services import reference_import_pubmed
from evidence.importing.sources import pubmed
from evidence.models import Reference, ReferenceAuthor, TrialReference
from tests.evidence import network
from trials.models import RegistryId

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(recorded_payloads: Path) -> Path:
    return recorded_payloads / "pubmed"


@pytest.fixture
def nejm(folder: Path) -> bytes:
    return (folder / "biomcp_efetch_citation_22663011.xml").read_bytes()


def database_counts() -> dict[str, int]:
    models = (Reference, ReferenceAuthor, TrialReference)
    counts = {model.__name__: model.objects.count() for model in models}
    return counts | {
        f"history of {m.__name__}": Version.objects.get_for_model(m).count() for m in models
    }


def test_article_fields_are_read(nejm):
    (article,) = pubmed.parse_articles(nejm)
    assert article.title == "Improved survival with MEK inhibition in BRAF-mutated melanoma"
    assert (article.journal, article.journal_abbreviation) == (
        "The New England journal of medicine",
        "N Engl J Med",
    )
    assert (article.volume, article.issue, article.pages) == ("367", "2", "107-114")
    assert (article.year, article.month, article.day) == (2012, 7, 12)
    assert article.doi == "10.1056/NEJMoa1203421"
    assert "Randomized Controlled Trial" in article.publication_types


def test_collective_authors_are_group_authors(nejm):
    (article,) = pubmed.parse_articles(nejm)
    assert pubmed.Author(group_name="METRIC Study Group") in article.authors
    assert article.authors[0].family and article.authors[0].given


def test_databank_nct_numbers_are_read(nejm):
    (article,) = pubmed.parse_articles(nejm)
    assert article.registry_ids == [("ctgov", "NCT01245062")]


def test_markup_in_titles_is_stripped(folder):
    (article,) = pubmed.parse_articles((folder / "biopython_pubmed4.xml").read_bytes())
    assert article.title.startswith("Leucocyte telomere length, genetic variants at the TERT gene")
    assert article.pmcid == "PMC5442267"


def test_a_season_gives_a_year_only(folder):
    first, _second = pubmed.parse_articles((folder / "biopython_pubmed1.xml").read_bytes())
    assert (first.year, first.month, first.day) == (1990, None, None)


def test_medline_date_gives_the_year_and_first_month():
    date = ET.fromstring("<PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate>")
    assert pubmed.parse_pub_date(date) == (1998, 12, None)


def test_medline_pages_are_expanded():
    assert pubmed.expand_pages("107-14") == "107-114"
    assert pubmed.expand_pages("e1234") == "e1234"
    assert pubmed.expand_pages("R12-5") == "R12-R15"


def test_nlm_abbreviation_falls_back_to_medline_ta():
    xml = (
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        "<Journal><Title>Test journal</Title></Journal><ArticleTitle>Test title.</ArticleTitle>"
        "</Article><MedlineJournalInfo><MedlineTA>Test J</MedlineTA></MedlineJournalInfo>"
        "</MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    (article,) = pubmed.parse_articles(xml)
    assert (article.title, article.journal_abbreviation) == ("Test title", "Test J")


def test_import_creates_a_reference_with_ordered_authors(nejm):
    (report,) = reference_import_pubmed(payload=nejm)
    reference = Reference.objects.get(pmid="22663011")
    assert report.created and reference.doi == "10.1056/NEJMoa1203421"
    authors = list(reference.authors.order_by("position"))
    assert authors[-1].group_name == "METRIC Study Group" and authors[0].position == 0
    assert reference.kind == "journal_article" and reference.language == "eng"


def test_every_article_of_a_set_is_imported(folder):
    reports = reference_import_pubmed(payload=(folder / "biopython_pubmed2.xml").read_bytes())
    assert [report.label for report in reports] == ["PMID 11748933", "PMID 11700088"]
    assert Reference.objects.count() == 2


def test_importing_twice_changes_nothing(nejm):
    reference_import_pubmed(payload=nejm)
    before = database_counts()
    (report,) = reference_import_pubmed(payload=nejm)
    assert not report.changed and database_counts() == before


def test_an_existing_doi_is_updated_not_duplicated(nejm, make_reference):
    held = make_reference(title="Test reference by DOI", doi="10.1056/nejmoa1203421")
    (report,) = reference_import_pubmed(payload=nejm)
    held.refresh_from_db()
    assert report.instance == held and Reference.objects.count() == 1
    assert held.pmid == "22663011" and held.title.startswith("Improved survival")
    latest = Version.objects.get_for_object(held).select_related("revision").first()
    assert latest.revision.comment.startswith("Refreshed from PubMed 2")


def test_pmid_and_doi_of_two_references_is_a_clear_error(nejm, make_reference):
    make_reference(pmid="22663011")
    make_reference(doi="10.1056/NEJMoa1203421")
    before = database_counts()
    with pytest.raises(ImporterError, match="matches two references"):
        reference_import_pubmed(payload=nejm)
    assert database_counts() == before


def test_databank_links_the_paper_to_a_trial_we_hold(nejm, make_trial):
    trial = make_trial(status="in_review")  # a published one's link is reviewed first
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT01245062")
    (report,) = reference_import_pubmed(payload=nejm)
    link = TrialReference.objects.get()
    assert (link.trial, link.role) == (trial, "primary_results")
    assert report.linked == ["NCT01245062"]


def test_databank_nct_we_do_not_hold_is_noted(nejm):
    (report,) = reference_import_pubmed(payload=nejm)
    assert not TrialReference.objects.exists()
    assert any("NCT01245062" in note for note in report.notes)


def test_an_empty_answer_is_not_found():
    with pytest.raises(NotFoundError):
        reference_import_pubmed(payload=b"<PubmedArticleSet></PubmedArticleSet>")


def test_a_missing_pmid_is_named_and_nothing_changes(nejm):
    with pytest.raises(NotFoundError, match="99999999"):
        reference_import_pubmed(payload=nejm, pmids=["22663011", "99999999"])
    assert not Reference.objects.exists()


REAL_ANSWERS = (
    "biomcp_efetch_citation_22663011.xml",
    "biopython_pubmed1.xml",
    "biopython_pubmed2.xml",
    "biopython_pubmed4.xml",
    "biopython_pubmed5.xml",
    "biopython_pubmed6.xml",
    "biopython_pubmed7.xml",
)


@pytest.mark.parametrize("name", REAL_ANSWERS)
def test_truncated_answers_give_a_clean_error_and_change_nothing(folder, name):
    raw = (folder / name).read_bytes()

    @settings(
        max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(cut=st.integers(min_value=0, max_value=len(raw.rstrip()) - 1))
    def truncated_import_fails_cleanly(cut: int) -> None:
        before = database_counts()
        with pytest.raises(PayloadError, match="not well-formed XML"):
            reference_import_pubmed(payload=raw[:cut])
        assert database_counts() == before

    truncated_import_fails_cleanly()


def test_command_imports_a_saved_answer_twice(folder, capsys):
    path = str(folder / "biomcp_efetch_citation_22663011.xml")
    call_command("import_pubmed", "--file", path)
    call_command("import_pubmed", "--file", path)
    assert Reference.objects.count() == 1
    assert "already up to date" in capsys.readouterr().out


def test_command_fetches_pmids_live(monkeypatch, nejm):
    session = network.install(monkeypatch, {"efetch": nejm})
    call_command("import_pubmed", "22663011")
    assert Reference.objects.filter(pmid="22663011").exists()
    assert session.calls[0][1] == {"db": "pubmed", "id": "22663011", "retmode": "xml"}


def test_command_reports_rate_limiting_and_changes_nothing(monkeypatch):
    network.install(monkeypatch, {"efetch": (429, b"Too Many Requests")})
    with pytest.raises(CommandError, match="HTTP 429"):
        call_command("import_pubmed", "22663011", "--retries", "0")
    assert not Reference.objects.exists()


def test_command_refuses_what_is_not_a_pmid():
    with pytest.raises(CommandError, match="not a PMID"):
        call_command("import_pubmed", "PMC123")
