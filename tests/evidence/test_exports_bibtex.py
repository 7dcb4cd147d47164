import dataclasses

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from evidence.exports import render_text
from evidence.exports.bibtex import escape, protect_title, render_entry
from evidence.exports.records import Author
from tests.evidence.export_samples import ALL, REGISTRY, SHI_2021, TRICKY


def parsed(records: list = ALL) -> bibtexparser.Library:
    text = render_text("bibtex", records)
    middleware = [LatexDecodingMiddleware(), SeparateCoAuthors()]
    library = bibtexparser.parse_string(text, append_middleware=middleware)
    assert library.failed_blocks == []
    return library


def test_bibtex_paper_round_trips_through_bibtexparser():
    entry = parsed().entries[0]
    assert (entry.entry_type, entry.key) == ("article", "shi2021mesenchymal")
    assert entry["author"] == [f"{a.family}, {a.given}" for a in SHI_2021.authors]
    assert entry["title"] == SHI_2021.title
    assert entry["journal"] == "Hepatology International"
    assert entry["shortjournal"] == "Hepatol Int"
    assert (entry["year"], entry["month"]) == ("2021", "dec")
    # pages = {1431--1441}: the decoder reads TeX's "--" as the en dash it prints.
    assert (entry["volume"], entry["number"], entry["pages"]) == ("15", "6", "1431\u20131441")
    assert entry["doi"] == SHI_2021.doi


def test_bibtex_keeps_unicode_names_group_authors_and_special_characters():
    entry = parsed().entries[1]
    assert entry["author"] == ["Müller, Anna", "Øster, Bo", "王, 测试", "Test Study Group"]
    assert entry["title"] == TRICKY.title
    assert entry["journal"] == "Test Journal & Reports"
    assert (entry["pmid"], entry["pmcid"]) == ("10000001", "PMC0000001")


def test_bibtex_registry_record_is_a_techreport_with_the_nct_number():
    entry = parsed().entries[2]
    assert (entry.entry_type, entry.key) == ("techreport", "nct00000001")
    assert entry["author"] == ["Test Sponsor Hospital"]
    assert entry["institution"] == "ClinicalTrials.gov"
    assert entry["number"] == "NCT00000001"
    assert entry["type"] == "Clinical trial registration"
    assert (entry["url"], entry["urldate"]) == (REGISTRY.url, "2026-11-21")


def test_bibtex_keys_are_unique_with_letter_suffixes_and_stable():
    twins = [SHI_2021, dataclasses.replace(SHI_2021, id="ref-9"), SHI_2021]
    keys = [entry.key for entry in parsed(twins).entries]
    assert keys == ["shi2021mesenchymal", "shi2021mesenchymala", "shi2021mesenchymalb"]
    assert render_text("bibtex", twins) == render_text("bibtex", twins)


def test_bibtex_escapes_tex_specials_and_protects_capitalised_words():
    assert escape("a & b % c $ d # e _ f { g } h \\ i") == (
        r"a \& b \% c \$ d \# e \_ f \{ g \} h {\textbackslash} i"
    )
    # A braced group: "\textbackslash{}" before a letter was read back literally by one importer.
    assert escape("a\\data") == r"a{\textbackslash}data"
    assert protect_title("MSC in HBV cirrhosis: Test") == "{MSC} in {HBV} cirrhosis: {Test}"
    # pandoc capitalises a subtitle's first word unless it is braced.
    assert protect_title("Test cells: a pilot study") == "Test cells: {a} pilot study"
    assert protect_title("Mesenchymal cells") == "Mesenchymal cells"


def test_bibtex_exact_text_of_a_paper():
    assert render_entry(TRICKY, "muller2020test") == (
        "@article{muller2020test,\n"
        "  author = {{Müller}, Anna and {Øster}, Bo and {王}, 测试 and {Test Study Group}},\n"
        r"  title = {Test {MSC} trial \& 50\% \{braced\} under\_score \$cost \#1},"
        "\n"
        r"  journal = {Test Journal \& Reports},"
        "\n"
        "  shortjournal = {Test J Rep},\n"
        "  year = {2020},\n"
        "  volume = {12},\n"
        "  number = {3},\n"
        "  pages = {e101},\n"
        "  doi = {10.5555/test.0001},\n"
        "  pmid = {10000001},\n"
        "  pmcid = {PMC0000001},\n"
        "  month = mar,\n"
        "}\n\n"
    )


def test_bibtex_of_nothing_is_an_empty_library():
    assert render_text("bibtex", []) == ""
    assert parsed([]).entries == []


def test_bibtex_keeps_family_names_whole_and_says_et_al_its_own_way():
    record = dataclasses.replace(
        SHI_2021,
        authors=(
            Author(family="van der Berg", given="HJ"),
            Author(family="Álvares-da-Silva", given="M R"),
        ),
        authors_complete=False,
        short_title="Test short title",
    )
    text = render_entry(record, "key")
    assert "author = {{van der Berg}, H. J. and {Álvares-da-Silva}, M. R. and others}," in text
    assert "shorttitle = {Test short title}," in text
    assert "note = {Author list incomplete: the source names these authors, et al.}," in text
