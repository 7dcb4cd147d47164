"""Our BibTeX, RIS and CSL-JSON files read back by real clients: pandoc and citation-js.

For every demo reference (the demo data this folder loads once) and the hostile synthetic ones
(tests/evidence/clients/hostile.py), each client must get back the authors with all their
initials, the title, journal, journal abbreviation, year, volume, issue, pages, DOI and PMID (a
registry record: its title, sponsor, date and identifier), and pandoc --citeproc must render the
same Vancouver list as the site.

The only losses allowed are the readers' own, named in CLIENT_LIMITS with where they come from;
README "Exporting references" says which reader takes what. Outside CI a missing client skips
with the reason; in CI (.ci/run sets REQUIRE_EXPORT_CLIENTS) it fails.
"""

import pytest

from evidence.exports.records import ExportRecord, export_records
from evidence.models import Reference
from tests.evidence import clients
from tests.evidence.clients.hostile import HOSTILE
from trials.models import Trial

pytestmark = pytest.mark.django_db

# Fields a reader cannot take from a format at all (its source has no mapping for them).
CLIENT_LIMITS = {
    # pandoc's RIS reader (Text/Pandoc/Readers/RIS.hs) reads no J2, AN, M2, C2 or number, and
    # parses AU with BibTeX's name grammar: a group is split into names and a particle is
    # taken off the family name ("van der Berg, H" becomes "Berg H van der").
    ("pandoc", "ris"): {"abbreviation", "pmid", "number", "authors"},
    # citation-js's RIS mapping (plugin-ris spec) has no field for a PMID in any tag.
    ("citation-js", "ris"): {"pmid"},
}


def _require(reason: str) -> None:
    if clients.REQUIRED:
        pytest.fail(reason)
    pytest.skip(f"{reason} (export clients are required only in CI)")


@pytest.fixture(params=list(clients.READERS))
def client_name(request: pytest.FixtureRequest) -> str:
    if request.param == "pandoc" and not clients.pandoc_path():
        _require("pandoc not found: pip install -r requirements-dev.txt (pypandoc-binary)")
    if request.param == "citation-js" and (reason := clients.citation_js_missing()):
        _require(reason)
    return request.param


@pytest.fixture(scope="module")
def demo_records(demo, django_db_blocker) -> list[ExportRecord]:  # noqa: ANN001
    """Every published demo reference, as the site exports them (the folder's demo data)."""
    with django_db_blocker.unblock():
        return export_records(
            trials=Trial.objects.published().order_by("slug"),
            references=Reference.objects.order_by("pk"),
        )


def _unexpected(found: list[clients.Mismatch]) -> list[str]:
    return [
        str(mismatch)
        for mismatch in found
        if mismatch.field not in CLIENT_LIMITS.get((mismatch.client, mismatch.fmt), set())
    ]


@pytest.mark.parametrize("fmt", clients.FORMATS)
def test_every_demo_reference_reads_back_whole(client_name, fmt, demo_records):
    assert len(demo_records) >= 30
    assert _unexpected(clients.compare(client_name, fmt, demo_records)) == []


@pytest.mark.parametrize("fmt", clients.FORMATS)
def test_hostile_references_read_back_whole(client_name, fmt):
    assert _unexpected(clients.compare(client_name, fmt, list(HOSTILE))) == []


def test_the_limits_are_real_and_nothing_else_is_lost(client_name):
    """Each allowed loss does happen (so the list is not stale), and only in its own format."""
    for (client, fmt), fields in CLIENT_LIMITS.items():
        if client != client_name:
            continue
        lost = {mismatch.field for mismatch in clients.compare(client, fmt, list(HOSTILE))}
        assert lost and lost <= fields, (client, fmt, lost)


@pytest.mark.parametrize("fmt", ["csljson", "bibtex"])
def test_pandoc_renders_the_sites_vancouver_entry_by_entry(fmt, demo_records):
    if not clients.pandoc_path():
        _require("pandoc not found: pip install -r requirements-dev.txt (pypandoc-binary)")
    records = [*demo_records, *HOSTILE]
    assert [str(m) for m in clients.compare_vancouver(fmt, records)] == []


def test_the_comparison_catches_a_lost_initial():
    """What every CSL processor did with PubMed's run-together initials ("YY": one name)."""
    (record,) = (r for r in HOSTILE if r.id == "hostile-2")
    item = {
        "author": [{"family": "Núñez", "given": "ÍÍ"}],
        "title": record.title,
        "container-title": record.journal,
    }
    got = clients.actual(item, registry=False)
    assert got["authors"] != clients.expected(record)["authors"]
    assert clients.source_initials("YY") == "YY" and clients.client_initials("YY") == "Y"
