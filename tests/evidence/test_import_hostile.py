"""Hostile answers from a registry or bibliographic service: a clear message, nothing changed.

Each payload is a recorded real record (tests/fixtures/) with one hostile edit: a NUL or other
control character, nesting deeper than Python's JSON decoder goes, a 100,000-character title.
"""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from evidence.models import Reference, ReferenceAuthor
from tests.evidence import network
from trials.models import Arm, OutcomeResult, RegistryId, Trial

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


def database_counts() -> dict[str, int]:
    models = (Trial, RegistryId, Arm, OutcomeResult, Reference, ReferenceAuthor)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def study(recorded_payloads: Path) -> dict:
    return json.loads((recorded_payloads / "ctgov" / "NCT00791778.json").read_bytes())


@pytest.fixture
def work(recorded_payloads: Path) -> dict:
    path = recorded_payloads / "crossref" / "crossref_work_10_1038_srep16696.json"
    return json.loads(path.read_bytes())


def nested_inside(document: dict) -> str:
    """The document with a list nested 100,000 levels deep as one more key."""
    return json.dumps(document)[:-1] + ', "extra": ' + DEEP + "}"


def import_file(tmp_path: Path, command: str, text: str) -> None:
    path = tmp_path / "answer.json"
    path.write_text(text, encoding="utf-8")
    call_command(command, "--file", str(path))


@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1f"])
def test_a_control_character_in_a_study_is_named_and_nothing_is_saved(tmp_path, study, character):
    study["protocolSection"]["identificationModule"]["officialTitle"] = f"Stem{character}cells"
    before = database_counts()
    path = r"protocolSection\.identificationModule\.officialTitle"
    with pytest.raises(CommandError, match=rf"control character \(U\+00..\) in {path}"):
        import_file(tmp_path, "import_ctgov", json.dumps(study))
    assert database_counts() == before


def test_a_nul_in_a_condition_list_is_named_with_its_position(tmp_path, study):
    study["protocolSection"]["conditionsModule"]["conditions"] = ["Cirr\x00hosis"]
    with pytest.raises(CommandError, match=r"conditionsModule\.conditions\[0\]"):
        import_file(tmp_path, "import_ctgov", json.dumps(study))
    assert not Trial.objects.exists()


def test_tab_and_line_breaks_are_ordinary_text(tmp_path, study):
    study["protocolSection"]["descriptionModule"]["briefSummary"] = "One\tTwo\r\nThree"
    import_file(tmp_path, "import_ctgov", json.dumps(study))
    assert Trial.objects.count() == 1


@pytest.mark.parametrize("text", [DEEP, "{}", None], ids=["alone", "empty", "inside"])
def test_deep_nesting_in_a_study_is_refused_and_nothing_is_saved(tmp_path, study, text):
    text = nested_inside(study) if text is None else text
    expected = "nested too deeply" if "[[[" in text else "neither a ClinicalTrials.gov study"
    with pytest.raises(CommandError, match=expected):
        import_file(tmp_path, "import_ctgov", text)
    assert not Trial.objects.exists()


def test_a_100000_character_title_is_shortened_with_a_note(tmp_path, study, capsys):
    study["protocolSection"]["identificationModule"]["officialTitle"] = "T" * 100_000
    import_file(tmp_path, "import_ctgov", json.dumps(study))
    assert len(Trial.objects.get().title) == 500
    assert "longer than 500 characters and was shortened" in capsys.readouterr().out


def test_a_nul_in_a_crossref_work_is_named_and_nothing_is_saved(tmp_path, work):
    work["message"]["author"][0]["family"] = "Smi\x00th"
    with pytest.raises(CommandError, match=r"control character \(U\+0000\) in author\[0\]"):
        import_file(tmp_path, "import_crossref", json.dumps(work))
    assert database_counts() == {name: 0 for name in database_counts()}


def test_deep_nesting_in_a_crossref_work_is_refused(tmp_path, work):
    with pytest.raises(CommandError, match="Crossref answer is nested too deeply"):
        import_file(tmp_path, "import_crossref", nested_inside(work))
    assert not Reference.objects.exists()


def test_a_nul_reference_in_pubmed_xml_is_refused(tmp_path, recorded_payloads):
    xml = (recorded_payloads / "pubmed" / "biomcp_efetch_citation_22663011.xml").read_text()
    path = tmp_path / "efetch.xml"
    path.write_text(xml.replace("<ArticleTitle>", "<ArticleTitle>&#0;", 1), encoding="utf-8")
    with pytest.raises(CommandError, match="not well-formed XML"):
        call_command("import_pubmed", "--file", str(path))
    assert not Reference.objects.exists()


def test_the_admin_shows_a_hostile_study_as_a_message(monkeypatch, curator_client, study):
    url = reverse("admin:trials_trial_import")  # loads the URLconf before the network is faked
    study["protocolSection"]["identificationModule"]["briefTitle"] = "a\x00b"
    network.install(monkeypatch, {"/studies/NCT00791778": json.dumps(study).encode()})
    response = curator_client.post(url, {"nct_id": "NCT00791778"})
    assert response.status_code == 200
    assert b"control character (U+0000) in protocolSection.identificationModule" in (
        response.content
    )
    assert not Trial.objects.exists()


def test_the_admin_shows_a_deeply_nested_work_as_a_form_error(monkeypatch, curator_client, work):
    url = reverse("admin:evidence_reference_import")  # loads the URLconf first
    network.install(monkeypatch, {"/works/": nested_inside(work).encode()})
    response = curator_client.post(url, {"identifier": "10.1038/srep16696"})
    assert response.status_code == 200
    assert b"Crossref answer is nested too deeply" in response.content
    assert not Reference.objects.exists()
