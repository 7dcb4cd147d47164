"""Exports read each reference's stored citations and never show a stale one."""

import dataclasses
import io

import pytest
from django.core.management import call_command

from evidence.exports import citations
from evidence.exports.records import Author, ExportRecord, StoredEntries
from evidence.models import Reference, ReferenceAuthor, StoredCitation, StoredRegistryCitation
from trials.models import RegistryId

pytestmark = pytest.mark.django_db
URL = "/references/export/"


def export(client, style: str, **params: str) -> list[str]:
    response = client.get(URL, {"format": style, **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode().splitlines()


def test_an_export_stores_what_it_renders_and_reads_it_the_next_time(
    client, make_trial, make_reference
):
    reference = make_reference(trial=make_trial(), title="Test stored paper")
    first = export(client, "vancouver", reference=str(reference.pk))
    entries = StoredCitation.objects.get(reference=reference).entries
    assert list(entries) == ["vancouver/en-US"]
    assert f"1. {entries['vancouver/en-US'][1]}" == first[0]
    assert export(client, "vancouver", reference=str(reference.pk)) == first


def test_a_title_changed_without_save_is_exported_new(client, make_trial, make_reference):
    reference = make_reference(trial=make_trial(), title="Test old title")
    call_command("store_citations", stdout=io.StringIO())
    Reference.objects.filter(pk=reference.pk).update(title="Test new title")  # no save()
    (line,) = export(client, "ama", reference=str(reference.pk))
    assert "Test new title" in line and "Test old title" not in line
    assert "Test new title" in StoredCitation.objects.get().entries["ama/en-US"][1]


def test_an_author_renamed_without_save_is_exported_new(client, make_trial, make_reference):
    reference = make_reference(trial=make_trial(), authors=("Oldname",))
    call_command("store_citations", stdout=io.StringIO())
    ReferenceAuthor.objects.filter(reference=reference).update(family="Newname")
    (line,) = export(client, "apa", reference=str(reference.pk))
    assert line.startswith("Newname, A. (2020).")


def test_apa_letters_two_works_of_the_same_authors_and_year_from_stored_parts(
    client, make_trial, make_reference
):
    trial = make_trial()
    second = make_reference(trial, ("Same", "Pair"), title="Test second title", year=2020)
    other = make_reference(trial, ("Other",), title="Test other title", year=2020)
    first = make_reference(trial, ("Same", "Pair"), title="Test first title", year=2020)
    call_command("store_citations", stdout=io.StringIO())
    params = {"reference": [str(r.pk) for r in (second, other, first)]}
    lines = export(client, "apa", **params)
    # The list keeps its order; the letters follow the titles (APA 7, 9.47).
    assert lines[0].startswith("Same, A., & Pair, A. (2020b). Test second title.")
    assert lines[1].startswith("Other, A. (2020). Test other title.")
    assert lines[2].startswith("Same, A., & Pair, A. (2020a). Test first title.")
    assert export(client, "apa", reference=str(first.pk))[0].startswith(
        "Same, A., & Pair, A. (2020). "
    )


def test_year_suffixes_run_on_after_z_and_stand_after_no_date():
    assert [citations.year_suffix(n) for n in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "ab"]
    undated = [
        ExportRecord(
            id=f"r{n}", kind="journal_article", title=title, authors=(Author("Test", "A"),)
        )
        for n, title in enumerate(["Test b", "Test a"])
    ]
    assert citations.bibliography(undated, style="apa") == [
        "Test, A. (n.d.-b). Test b.",
        "Test, A. (n.d.-a). Test a.",
    ]


def test_store_citations_renders_only_what_is_missing_or_stale(make_reference):
    reference = make_reference()
    out = io.StringIO()
    call_command("store_citations", stdout=out)
    assert "6 entries rendered" in out.getvalue()
    call_command("store_citations", stdout=out)
    assert "0 entries rendered" in out.getvalue()
    assert sorted(StoredCitation.objects.get(reference=reference).entries) == [
        f"{style}/{locale}" for style in sorted(citations.STYLES) for locale in ("en-US", "es-ES")
    ]


def test_a_record_that_is_not_stored_is_rendered_and_never_written():
    record = ExportRecord(id="r1", kind="journal_article", title="Test T", journal="Test J")
    stored = StoredEntries(pk=10**9, entries={"apa/en-US": ["stale", "x", ""]})
    (text,) = citations.bibliography([record], style="apa", store=False)
    assert text == "Test T. (n.d.). Test J."
    with_stale = dataclasses.replace(record, stored=stored)
    assert citations.bibliography([with_stale], style="apa", store=False) == [text]
    assert StoredCitation.objects.count() == 0


def test_a_registry_record_built_from_a_trial_is_stored_for_the_next_export(client, make_trial):
    trial = make_trial(sponsor="Test Sponsor")
    registry_id = RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT09999999")
    first = export(client, "ama", trial=trial.slug)
    (stored,) = StoredRegistryCitation.objects.filter(registry_record=registry_id)
    assert first == [f"1. {stored.entries['ama/en-US'][1]}"] and "NCT09999999" in first[0]
    assert export(client, "ama", trial=trial.slug) == first
