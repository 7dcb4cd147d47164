"""Obviously synthetic references built to break exports: particles, multi-word and hyphenated
family names, group authors, accents, Greek letters, TeX specials, ≥, en dashes, colons."""

from evidence.exports.records import Author, ExportRecord

HOSTILE = (
    ExportRecord(
        id="hostile-1",
        kind="journal_article",
        title="Test MSC infusion: 50% & more {braced} under_score $cost #1 a\\b ≥ 2 TGF-β 1–2",
        authors=(
            Author(family="van der Berg", given="H J"),
            Author(family="de la Cruz", given="María José"),
            Author(family="Álvares-da-Silva", given="MR"),
            Author(family="Martins Pezzi da Silva", given="A"),
            Author(family="Mariano da Rocha Silla", given="L"),
            Author(family="O'Brien", given="Seán"),
            Author(group="Test Liver Study Group & Partners"),
        ),
        journal="Test Journal of Hepatology & Cells",
        journal_abbreviation="Test J Hepatol Cells",
        year=2020,
        month=3,
        volume="12",
        issue="3",
        pages="101-9",
        doi="10.5555/test_0001",
        pmid="10000001",
        pmcid="PMC0000001",
    ),
    ExportRecord(
        id="hostile-2",
        kind="journal_article",
        title="Test Γ-cells in A–B grade ≥3 liver failure: a randomised trial",
        authors=(
            Author(family="Núñez", given="Íñigo"),
            Author(family="Müller-Lüdenscheidt", given="Anna-Lena"),
            Author(family="Øster", given="B"),
            Author(family="Dupont", given="J-P"),
        ),
        journal="Test Reports",
        journal_abbreviation="Test Rep",
        year=2019,
        volume="4",
        pages="e1234",
        doi="10.5555/TEST.0002",
    ),
    ExportRecord(
        id="hostile-3",
        kind="journal_article",
        title="Test trial with a group author only",
        authors=(Author(group="Test MSC Consortium"),),
        journal="Test Journal",
        journal_abbreviation="Test J",
        year=2018,
        volume="1",
        issue="2",
        pages="3-4",
    ),
)
