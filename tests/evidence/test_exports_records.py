import datetime

import pytest

from evidence.exports.records import export_records, page_range
from evidence.models import Reference, ReferenceKind, TrialReference
from trials.models import CurationStatus, RegistryId, Trial

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("1431-41", ("1431", "1441")),
        ("1431\u20131441", ("1431", "1441")),
        ("e101", ("e101", "")),
        ("S12-5", ("S12", "S15")),
        ("S12-S15", ("S12", "S15")),
        ("98-102", ("98", "102")),
        ("", ("", "")),
    ],
)
def test_page_range_writes_the_end_page_in_full(pages, expected):
    assert page_range(pages) == expected


def test_a_trial_gives_its_papers_and_a_registry_record_built_from_it(make_trial, make_reference):
    # Imported from ClinicalTrials.gov: its title is the registry's official title.
    trial = make_trial(title="Test trial official title", sponsor="Test Sponsor")
    trial.registry_last_updated_date = datetime.date(2024, 3, 5)
    trial.registry_synced_at = datetime.datetime(2024, 3, 6, tzinfo=datetime.UTC)
    trial.save()
    paper = make_reference(trial=trial)
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT00000001")
    records = export_records(trials=Trial.objects.all(), today=TODAY)
    assert [record.id for record in records] == [f"ref-{paper.pk}", "registry-NCT00000001"]
    registry = records[1]
    assert (registry.kind, registry.title, registry.publisher) == (
        "registry_record", "Test trial official title", "ClinicalTrials.gov"
    )  # fmt: skip
    assert [author.group for author in registry.authors] == ["Test Sponsor"]
    assert (registry.report_number, registry.url) == ("NCT00000001", RegistryId.objects.get().url)
    assert (registry.year, registry.month, registry.day, registry.accessed_date) == (
        2024, 3, 5, TODAY
    )  # fmt: skip


def test_a_curated_trial_never_lends_its_title_or_label_to_a_registry_record(make_trial):
    # A curated trial's title may be its paper's, and its short title is the site's label.
    trial = make_trial(title="Test paper title: a randomised trial", short_title="Test label")
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT00000003")
    (record,) = export_records(trials=Trial.objects.all(), today=TODAY)
    assert (record.title, record.short_title) == ("NCT00000003", "")
    assert "official title" in record.export_note()


def test_a_stored_registry_record_replaces_the_built_one(make_trial, make_reference):
    trial = make_trial()
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT00000002")
    stored = make_reference(
        trial=trial, kind=ReferenceKind.REGISTRY_RECORD, report_number="NCT00000002"
    )
    records = export_records(trials=Trial.objects.all(), today=TODAY)
    assert [record.id for record in records] == [f"ref-{stored.pk}"]


def test_a_reference_of_two_trials_appears_once(make_trial, make_reference):
    first, second = make_trial(), make_trial()
    shared = make_reference(trial=first)
    TrialReference.objects.create(trial=second, reference=shared, role="secondary_analysis")
    records = export_records(trials=Trial.objects.order_by("pk"), references=None, today=TODAY)
    assert [record.id for record in records] == [f"ref-{shared.pk}"]
    assert records[0].trials == tuple(
        sorted([f"{first} (Primary results)", f"{second} (Secondary analysis)"])
    )


def test_records_follow_the_trials_order_then_the_roles(make_trial, make_reference):
    first, second = make_trial(), make_trial()
    review = make_reference()
    TrialReference.objects.create(trial=first, reference=review, role="included_in_review")
    primary = make_reference(trial=first)
    later = make_reference(trial=second)
    records = export_records(trials=Trial.objects.order_by("-pk"), today=TODAY)
    assert [r.id for r in records] == [f"ref-{later.pk}", f"ref-{primary.pk}", f"ref-{review.pk}"]


def test_draft_trials_and_their_references_are_left_out(make_trial, make_reference):
    draft = make_trial(status=CurationStatus.DRAFT)
    make_reference(trial=draft)
    RegistryId.objects.create(trial=draft, registry="ctgov", identifier="NCT00000003")
    hidden = make_reference(trial=draft)
    assert export_records(trials=Trial.objects.all(), today=TODAY) == []
    assert export_records(references=Reference.objects.filter(pk=hidden.pk), today=TODAY) == []
    everything = export_records(trials=Trial.objects.all(), published_only=False, today=TODAY)
    assert len(everything) == 3  # the admin's exports include drafts


def test_authors_keep_their_order_and_groups(make_trial, make_reference):
    trial = make_trial()
    reference = make_reference(trial=trial, authors=("Zeta", "Alpha"))
    reference.authors.create(position=5, group_name="Test Study Group")
    (record,) = export_records(trials=Trial.objects.all(), today=TODAY)
    assert [(a.family, a.group) for a in record.authors] == [
        ("Zeta", ""), ("Alpha", ""), ("", "Test Study Group")
    ]  # fmt: skip


def test_the_trial_page_and_the_export_read_a_trials_references_in_one_order(
    client, make_trial, make_reference
):
    trial = make_trial()
    roles = ["included_in_review", "secondary_analysis", "registry_record", "protocol"]
    for role, year in zip(roles, (2024, 2023, 2022, 2021), strict=True):
        reference = make_reference(year=year)
        TrialReference.objects.create(trial=trial, reference=reference, role=role)
    older, newer = make_reference(trial=trial, year=2019), make_reference(trial=trial, year=2020)
    exported = [r.id for r in export_records(trials=Trial.objects.filter(pk=trial.pk), today=TODAY)]
    page = client.get(trial.get_absolute_url()).content.decode()
    shown = sorted(exported, key=lambda record_id: page.index(f'id="{record_id}"'))
    assert shown == exported
    assert exported[:2] == [f"ref-{newer.pk}", f"ref-{older.pk}"]


def test_a_spanish_export_names_each_trial_in_spanish_with_its_role(make_trial, make_reference):
    from django.utils import translation

    trial = make_trial(title="Test official title")
    trial.short_title_en, trial.short_title_es = "Test label", "Etiqueta de prueba"
    trial.save()
    make_reference(trial=trial)
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT00000004")
    untranslated = make_trial(title="Test other title", short_title="Test English only")
    make_reference(trial=untranslated)
    with translation.override("es"):
        records = export_records(trials=Trial.objects.order_by("pk"), today=TODAY)
    assert [record.trials for record in records] == [
        ("Etiqueta de prueba (Resultados principales)",),
        ("Etiqueta de prueba (Registro del ensayo)",),
        ("Test English only (Resultados principales)",),
    ]
    # The registry record is titled by its number: never the site's label in any language.
    assert (records[1].title, records[1].short_title) == ("NCT00000004", "")
