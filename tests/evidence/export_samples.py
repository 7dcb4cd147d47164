"""Records the export tests share: one real paper, synthetic edge cases, one registry record.

The paper is Shi M et al., Hepatol Int 2021 (the first trial in ../shared/data), with its
authors as the publisher prints them. Everything else is obviously synthetic.
"""

import datetime

from evidence.exports.records import Author, ExportRecord

SHI_2021 = ExportRecord(
    id="ref-1",
    kind="journal_article",
    title=(
        "Mesenchymal stem cell therapy in decompensated liver cirrhosis: a long-term follow-up"
        " analysis of the randomized controlled clinical trial"
    ),
    authors=tuple(
        Author(family=family, given=given)
        for family, given in [
            ("Shi", "Ming"),
            ("Li", "Yuan-Yuan"),
            ("Xu", "Ruo-Nan"),
            ("Meng", "Fan-Ping"),
            ("Yu", "Shuang-Jie"),
            ("Fu", "Jun-Liang"),
            ("Hu", "Jin-Hua"),
            ("Li", "Jing-Xin"),
            ("Wang", "Li-Feng"),
            ("Jin", "Lei"),
            ("Wang", "Fu-Sheng"),
        ]
    ),
    journal="Hepatology International",
    journal_abbreviation="Hepatol Int",
    year=2021,
    month=12,
    volume="15",
    issue="6",
    pages="1431-41",
    doi="10.1007/s12072-021-10199-2",
)

# Names and characters that break exports: a group author, non-ASCII names, TeX specials.
TRICKY = ExportRecord(
    id="ref-2",
    kind="journal_article",
    title="Test MSC trial & 50% {braced} under_score $cost #1",
    authors=(
        Author(family="Müller", given="Anna"),
        Author(family="Øster", given="Bo"),
        Author(family="王", given="测试"),
        Author(group="Test Study Group"),
    ),
    journal="Test Journal & Reports",
    journal_abbreviation="Test J Rep",
    year=2020,
    month=3,
    day=7,
    volume="12",
    issue="3",
    pages="e101",
    doi="10.5555/test.0001",
    pmid="10000001",
    pmcid="PMC0000001",
    trials=("Test trial 1",),
)

REGISTRY = ExportRecord(
    id="registry-NCT00000001",
    kind="registry_record",
    title="Test trial 1: an official title",
    short_title="Test trial 1",
    authors=(Author(group="Test Sponsor Hospital"),),
    publisher="ClinicalTrials.gov",
    year=2024,
    month=3,
    day=5,
    report_number="NCT00000001",
    url="https://clinicaltrials.gov/study/NCT00000001",
    accessed_date=datetime.date(2026, 11, 21),
    trials=("Test trial 1",),
)

ALL = [SHI_2021, TRICKY, REGISTRY]
