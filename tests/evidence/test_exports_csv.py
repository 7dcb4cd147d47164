import csv
import dataclasses
import io

from django.utils import translation

from evidence.exports import render_text
from evidence.exports.csv import COLUMNS, neutralise
from tests.evidence.export_samples import ALL, REGISTRY, SHI_2021


def rows(records: list = ALL) -> list[dict]:
    text = render_text("csv", records)
    assert text.startswith("\ufeff")  # spreadsheets read the UTF-8 without guessing
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_has_a_header_and_one_row_per_reference():
    assert [row["Title"] for row in rows()] == [record.title for record in ALL]
    assert list(rows()[0]) == list(COLUMNS)


def test_csv_paper_fields_match_the_record():
    paper = rows()[0]
    assert paper["Authors"].split("; ")[:2] == ["Shi, Ming", "Li, Yuan-Yuan"]
    assert (paper["Journal"], paper["Journal abbreviation"]) == (
        "Hepatology International",
        "Hepatol Int",
    )
    assert (paper["Year"], paper["Volume"], paper["Issue"]) == ("2021", "15", "6")
    assert (paper["Pages"], paper["DOI"]) == ("1431-1441", SHI_2021.doi)


def test_csv_keeps_unicode_names_and_the_registry_id():
    tricky, registry = rows()[1:]
    assert tricky["Authors"] == "Müller, Anna; Øster, Bo; 王, 测试; Test Study Group"
    assert (tricky["PMID"], tricky["Trials"]) == ("10000001", "Test trial 1")
    assert (registry["Registry ID"], registry["URL"]) == ("NCT00000001", REGISTRY.url)


def test_csv_neutralises_spreadsheet_formulas():
    hostile = dataclasses.replace(
        SHI_2021, title='=HYPERLINK("http://x")', volume="+1", issue="@A1"
    )
    row = rows([hostile])[0]
    assert (row["Title"], row["Volume"], row["Issue"]) == (
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'@A1",
    )
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("Plain title") == "Plain title"


def test_csv_exact_text_of_a_registry_record():
    assert render_text("csv", [REGISTRY]) == (
        "\ufeffType,Authors,Title,Journal,Journal abbreviation,Year,Volume,Issue,Pages,DOI,PMID,"
        "PMCID,Registry ID,Publisher,URL,Trials,Notes\r\n"
        "Trial registry record,Test Sponsor Hospital,Test trial 1: an official title,,,2024,,,,,"
        ",,NCT00000001,ClinicalTrials.gov,https://clinicaltrials.gov/study/NCT00000001,"
        "Test trial 1,\r\n"
    )


def test_a_spanish_csv_speaks_spanish_and_keeps_the_bibliographic_data():
    with translation.override("es"):
        text = render_text("csv", [SHI_2021, REGISTRY])
    header, paper, registry = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert header[:3] == ["Tipo", "Autores", "Título"] and header[-2:] == ["Ensayos", "Notas"]
    assert paper[0] == "Artículo de revista" and paper[2] == SHI_2021.title
    assert registry[0] == "Registro de ensayo" and registry[2] == REGISTRY.title


def test_a_record_that_is_not_whole_says_so_in_the_page_language():
    bare = dataclasses.replace(SHI_2021, authors=(), volume="", pages="", authors_complete=True)
    assert rows([bare])[0]["Notes"] == "Incomplete record: no authors, volume or pages known."
    with translation.override("es"):
        text = render_text("csv", [bare])
    note = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1][-1]
    assert note == "Registro incompleto: no se conocen autores, volumen o páginas."


def test_csv_of_nothing_is_the_header_alone():
    assert rows([]) == []
