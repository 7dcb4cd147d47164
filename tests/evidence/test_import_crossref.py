"""Importing references from Crossref /works/{doi} JSON, on the recorded real answers."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reversion.models import Version

from evidence.importing.errors import PayloadError
from evidence.importing.services import reference_import_crossref, reference_import_pubmed
from evidence.importing.sources import crossref
from evidence.models import Reference, ReferenceAuthor
from tests.evidence import network

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(recorded_payloads: Path) -> Path:
    return recorded_payloads / "crossref"


@pytest.fixture
def plos(folder: Path) -> bytes:
    return (folder / "crossref_work_10_1371_journal_pone_0020476.json").read_bytes()


def database_counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in (Reference, ReferenceAuthor)}
    return counts | {"history": Version.objects.count()}


def test_work_fields_are_read(plos):
    work = crossref.parse_work(crossref.load_work(plos))
    assert work.title.startswith("Using and Reporting the Delphi Method")
    assert (work.journal, work.volume, work.issue, work.pages) == ("PLoS ONE", "6", "6", "e20476")
    assert (work.year, work.month, work.day) == (2011, 6, 9)
    assert work.authors[0] == crossref.Author(family="Boulkedid", given="Rym")


def test_article_number_stands_in_for_pages(folder):
    raw = (folder / "crossref_work_10_1038_srep16696.json").read_bytes()
    assert crossref.parse_work(crossref.load_work(raw)).pages == "16696"


def test_unknown_issue_date_and_a_proceedings_paper(folder):
    raw = (folder / "crossref_work_10_1109_icdcsw_2003_1203662.json").read_bytes()
    work = crossref.parse_work(crossref.load_work(raw))
    assert (work.year, work.month, work.kind) == (None, None, "conference_abstract")


def test_an_author_with_a_family_name_only(folder):
    raw = (folder / "crossref_work_10_3892_ijo_00000353.json").read_bytes()
    work = crossref.parse_work(crossref.load_work(raw))
    assert work.authors == [crossref.Author(family="Stravopodis")]


def test_jats_markup_is_stripped():
    assert crossref.strip_markup("<i>TERT</i> &amp; <sub>2</sub>") == "TERT & 2"


def test_import_creates_a_reference_with_its_authors(plos):
    report = reference_import_crossref(payload=plos)
    reference = Reference.objects.get()
    assert report.created and reference.doi == "10.1371/journal.pone.0020476"
    assert reference.publisher == "Public Library of Science (PLoS)"
    assert reference.authors.count() == 5


def test_importing_twice_changes_nothing(plos):
    reference_import_crossref(payload=plos)
    before = database_counts()
    assert not reference_import_crossref(payload=plos).changed
    assert database_counts() == before


def test_an_existing_doi_in_other_case_is_updated_not_duplicated(plos, make_reference):
    held = make_reference(title="Test reference", doi="10.1371/JOURNAL.PONE.0020476")
    report = reference_import_crossref(payload=plos)
    assert report.instance == held and Reference.objects.count() == 1
    held.refresh_from_db()
    assert held.volume == "6" and held.doi == "10.1371/JOURNAL.PONE.0020476"


def test_crossref_fills_but_does_not_replace_the_nlm_abbreviation(recorded_payloads):
    reference_import_pubmed(
        payload=(recorded_payloads / "pubmed" / "biopython_pubmed4.xml").read_bytes()
    )
    work = {"DOI": "10.1136/gutjnl-2016-312510", "title": ["Test title"]}
    work["short-container-title"] = ["Test abbreviation"]
    reference_import_crossref(payload={"message-type": "work", "message": work})
    assert Reference.objects.get().journal_abbreviation == "Gut"


def test_the_404_body_is_a_clean_error(folder):
    with pytest.raises(PayloadError, match="not valid JSON"):
        reference_import_crossref(
            payload=(folder / "crossref_404_10.1371_notarealdoi.txt").read_bytes()
        )


def test_a_work_list_is_not_a_work(folder):
    with pytest.raises(PayloadError, match="not a single work"):
        reference_import_crossref(payload=(folder / "crossref_works_query_list.json").read_bytes())


def test_an_answer_for_another_doi_is_refused(plos):
    with pytest.raises(PayloadError, match="instead of"):
        reference_import_crossref(payload=plos, doi="10.1007/s12072-021-10199-2")
    assert not Reference.objects.exists()


REAL_WORKS = (
    "crossref_work_10_1002_jor_1100150407.json",
    "crossref_work_10_1016_j_neurobiolaging_2010_03_024.json",
    "crossref_work_10_1038_srep16696.json",
    "crossref_work_10_1109_icdcsw_2003_1203662.json",
    "crossref_work_10_1371_journal_pone_0020476.json",
    "crossref_work_10_1371_journal_pone_0033693.json",
    "crossref_work_10_3892_ijo_00000353.json",
)


@pytest.mark.parametrize("name", REAL_WORKS)
def test_truncated_answers_give_a_clean_error_and_change_nothing(folder, name):
    raw = (folder / name).read_bytes()

    @settings(
        max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(cut=st.integers(min_value=0, max_value=len(raw.rstrip()) - 1))
    def truncated_import_fails_cleanly(cut: int) -> None:
        before = database_counts()
        with pytest.raises(PayloadError, match="not valid"):
            reference_import_crossref(payload=raw[:cut])
        assert database_counts() == before

    truncated_import_fails_cleanly()


def test_command_imports_a_saved_work_twice(folder, capsys):
    path = str(folder / "crossref_work_10_1371_journal_pone_0020476.json")
    call_command("import_crossref", "--file", path)
    call_command("import_crossref", "--file", path)
    assert Reference.objects.count() == 1
    assert "already up to date" in capsys.readouterr().out


def test_command_fetches_a_doi_live(monkeypatch, plos):
    session = network.install(monkeypatch, {"/works/10.1371/journal.pone.0020476": plos})
    call_command("import_crossref", "https://doi.org/10.1371/journal.pone.0020476")
    assert Reference.objects.filter(doi="10.1371/journal.pone.0020476").exists()
    assert session.calls[0][0].endswith("/works/10.1371/journal.pone.0020476")


def test_command_says_an_unknown_doi_is_not_found(monkeypatch, folder):
    body = (folder / "crossref_404_10.1371_notarealdoi.txt").read_bytes()
    network.install(monkeypatch, {"/works/": (404, body)})
    with pytest.raises(CommandError, match="10.1371/notarealdoi was not found on Crossref"):
        call_command("import_crossref", "10.1371/notarealdoi")


def test_command_says_when_the_service_times_out(monkeypatch):
    network.install(monkeypatch, {"/works/": network.requests.ReadTimeout("slow")})
    with pytest.raises(CommandError, match="did not answer within"):
        call_command("import_crossref", "10.1371/journal.pone.0020476")
    assert not Reference.objects.exists()
