import dataclasses

from evidence.exports import render_text
from evidence.exports.citations import bibliography
from evidence.exports.records import ExportRecord
from tests.evidence.export_samples import ALL, REGISTRY, SHI_2021, TRICKY


def test_vancouver_exact_text_of_a_paper():
    # NLM style: six authors then et al., initials without periods, the abbreviated journal,
    # an elided page range (citeproc-py writes the en dash the CSL spec asks for).
    assert bibliography([SHI_2021]) == [
        "Shi M, Li YY, Xu RN, Meng FP, Yu SJ, Fu JL, et al. Mesenchymal stem cell therapy in"
        " decompensated liver cirrhosis: a long-term follow-up analysis of the randomized"
        " controlled clinical trial. Hepatol Int. 2021 Dec;15(6):1431\u201341."
        " doi:10.1007/s12072-021-10199-2"
    ]


def test_vancouver_cites_a_clinicaltrials_gov_record_as_citing_medicine_does():
    assert bibliography([REGISTRY]) == [
        "ClinicalTrials.gov [Internet]. Bethesda (MD): National Library of Medicine (US);"
        " 2024 [cited 2026 Nov 21]. Identifier NCT00000001, Test trial 1: an official"
        " title. Available from: https://clinicaltrials.gov/study/NCT00000001"
    ]


def test_vancouver_text_file_numbers_the_entries_one_per_line():
    lines = render_text("vancouver", ALL).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["1.", "2.", "3."]
    assert lines[1].startswith(
        "2. Müller A, Øster B, 王测试, Test Study Group. Test MSC trial & 50%"
    )


def test_apa_and_ama_render_every_record():
    apa = "\n".join(bibliography(ALL, style="apa"))
    assert "Müller, A., Øster, B., 王测试, & Test Study Group. (2020). Test MSC trial" in apa
    assert "Test Sponsor Hospital. (2024). Test trial 1: an official title (Clinical Trial" in apa
    ama = render_text("ama", [SHI_2021])
    assert ama.startswith("1. Shi M, Li YY, Xu RN, et al. Mesenchymal stem cell therapy")
    assert "Hepatol Int. 2021;15(6):1431-1441." in ama


def test_a_title_never_stands_twice_for_a_missing_author():
    anonymous = dataclasses.replace(TRICKY, authors=(), title="Test anonymous note")
    registry = ExportRecord(
        id="r", kind="registry_record", title="Test record", publisher="ChiCTR", report_number="X1"
    )
    for style in ("vancouver", "apa", "ama"):
        for entry in bibliography([anonymous, registry], style=style):
            entry = entry.lower()
            assert entry.count("test anonymous note") + entry.count("test record") == 1


def test_citations_speak_spanish_on_spanish_pages():
    assert "[citado 21 de noviembre de 2026]" in bibliography([REGISTRY], language="es")[0]


def test_citations_of_nothing_are_an_empty_file():
    assert render_text("vancouver", []) == ""
    assert bibliography([], style="apa") == []


def test_a_repeated_list_renders_the_same_entries_in_its_own_order():
    first = bibliography(ALL, style="ama")
    assert bibliography(ALL[::-1], style="ama") == first[::-1]
    spanish = bibliography([REGISTRY], style="ama", language="es")
    assert spanish != first[2:] and "Accedido 21 de noviembre de 2026" in spanish[0]
