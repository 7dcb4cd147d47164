import dataclasses

import rispy

from evidence.exports import render_text
from evidence.exports.records import Author
from evidence.exports.ris import render_record
from tests.evidence.export_samples import ALL, REGISTRY, SHI_2021, TRICKY


def parsed() -> list[dict]:
    return rispy.loads(render_text("ris", ALL))


def test_ris_lines_end_in_crlf_with_ty_first_and_er_last():
    text = render_record(TRICKY)
    lines = text.split("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert lines[0] == "TY  - JOUR"
    assert lines[-3:] == ["ER  - ", "", ""]


def test_ris_paper_round_trips_through_rispy():
    paper = parsed()[0]
    assert paper["type_of_reference"] == "JOUR"
    assert paper["authors"] == [f"{a.family}, {a.given}" for a in SHI_2021.authors]
    assert paper["title"] == SHI_2021.title
    assert paper["secondary_title"] == "Hepatology International"  # T2: full name
    assert paper["alternate_title3"] == "Hepatology International"  # JF: full name
    assert paper["alternate_title1"] == "Hepatol Int"  # J2: abbreviation
    assert "journal_name" not in paper  # never JO
    assert (paper["year"], paper["date"]) == ("2021", "2021/12//")
    assert (paper["volume"], paper["number"]) == ("15", "6")
    assert (paper["start_page"], paper["end_page"]) == ("1431", "1441")  # 1431-41 in full
    assert paper["doi"] == "10.1007/s12072-021-10199-2"


def test_ris_keeps_unicode_names_group_authors_and_special_characters():
    tricky = parsed()[1]
    assert tricky["authors"] == ["Müller, Anna", "Øster, Bo", "王, 测试", "Test Study Group"]
    assert tricky["title"] == TRICKY.title
    assert tricky["accession_number"] == "10000001"  # AN: the PMID
    assert tricky["doi"] == "10.5555/test.0001"
    assert (tricky["start_page"], tricky.get("end_page")) == ("e101", None)


def test_ris_registry_record_is_a_report_with_the_nct_number():
    record = parsed()[2]
    assert record["type_of_reference"] == "RPRT"
    assert record["authors"] == ["Test Sponsor Hospital"]
    assert record["publisher"] == "ClinicalTrials.gov"
    assert record["issn"] == "NCT00000001"  # SN: the identifier
    assert record["type_of_work"] == "Clinical trial registration"
    assert record["short_title"] == "Test trial 1"
    assert record["access_date"] == "2026/11/21/"
    assert record["urls"] == [REGISTRY.url]


def test_ris_exact_text_of_a_registry_record():
    assert render_record(REGISTRY) == (
        "TY  - RPRT\r\n"
        "AU  - Test Sponsor Hospital\r\n"
        "TI  - Test trial 1: an official title\r\n"
        "ST  - Test trial 1\r\n"
        "PB  - ClinicalTrials.gov\r\n"
        "SN  - NCT00000001\r\n"
        "M3  - Clinical trial registration\r\n"
        "PY  - 2024\r\n"
        "DA  - 2024/03/05/\r\n"
        "Y2  - 2026/11/21/\r\n"
        "UR  - https://clinicaltrials.gov/study/NCT00000001\r\n"
        "DB  - ClinicalTrials.gov\r\n"
        "ER  - \r\n"
        "\r\n"
    )


def test_ris_of_nothing_is_an_empty_file():
    assert render_text("ris", []) == ""
    assert rispy.loads("") == []


def test_ris_puts_each_identifier_where_its_readers_look():
    lines = render_record(TRICKY).split("\r\n")
    # AN for EndNote, "PMID: …" in M2 for Zotero's Extra, the PMCID in C2 (EndNote, citation-js).
    for line in ("AN  - 10000001", "M2  - PMID: 10000001", "C2  - PMC0000001"):
        assert line in lines
    assert "M2  - PMCID: PMC0000001" in lines and "J2  - Test J Rep" in lines
    # Initials with periods; a group's name without the comma RIS reserves for "Family, Given".
    record = dataclasses.replace(
        SHI_2021,
        authors=(Author(family="Li", given="YY"), Author(group="Test Co., Ltd.")),
        authors_complete=False,
    )
    lines = render_record(record).split("\r\n")
    authors = [line for line in lines if line.startswith("AU")]
    assert authors == ["AU  - Li, Y. Y.", "AU  - Test Co. Ltd."]
    assert "N1  - Author list incomplete: the source names these authors, et al." in lines
