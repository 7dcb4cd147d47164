"""English and Spanish: a complete catalogue, Spanish pages, the switcher, the fallback note,
numbers and dates for the locale, both languages in the admin, exports left in the original."""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from evidence.models import PooledResult, Review
from trials.models import Condition, Trial

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# The same folders the README's makemessages command leaves out.
NOT_SCANNED = {".venv", "node_modules", "test-artifacts", "bench", "tests", "scripts"}
SCANNED_SUFFIXES = {".py", ".html", ".txt"}

NOTE_ES = "Este texto aún no está traducido; se muestra en inglés."

# Interface text every page shows (base.html and the caveats), in both languages.
CHROME_EN = [
    "Skip to main content",
    "Before you read on",
    "This site is not medical advice",
    "Curated from published papers and trial registries",
    ">My list<",
    ">Glossary<",
]
CHROME_ES = [
    "Saltar al contenido principal",
    "Antes de seguir leyendo",
    "Este sitio no es consejo médico",
    "Recopilado a partir de artículos publicados",
    ">Mi lista<",
    ">Glosario<",
]


def entries_needing_work(po: polib.POFile) -> list[str]:
    return [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()] + [
        f"empty: {e.msgid!r}" for e in po.untranslated_entries()
    ]


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue() -> None:
    """`make messages` compiles the catalogue; compile it here too when missing or stale so the
    pages below are tested against the committed .po (atomically: other runs may read it)."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        handle, temporary = tempfile.mkstemp(dir=MO.parent, suffix=".mo")
        os.close(handle)
        polib.pofile(str(PO)).save_as_mofile(temporary)
        os.replace(temporary, MO)
        trans_real._translations = {}
        trans_real._default = None


def test_committed_catalogue_has_no_fuzzy_or_empty_entries():
    assert entries_needing_work(polib.pofile(str(PO))) == []


@pytest.mark.needs("xgettext")  # GNU gettext
def test_every_string_in_use_is_translated(tmp_path):
    """Extract the strings the code uses now (makemessages on a copy of the sources, merged with
    the committed .po) and fail on any that is new, fuzzy or empty; then msgfmt --check."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        ignored = set()
        for name in names:
            path = Path(folder) / name
            if path.is_dir():
                if name.startswith(".") or (Path(folder) == ROOT and name in NOT_SCANNED):
                    ignored.add(name)
            elif path.suffix not in SCANNED_SUFFIXES and name != "django.po":
                ignored.add(name)
        return ignored

    copy = tmp_path / "site"
    shutil.copytree(ROOT, copy, ignore=ignore, symlinks=False)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--verbosity", "0"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    merged = copy / "locale" / "es" / "LC_MESSAGES" / "django.po"
    problems = entries_needing_work(polib.pofile(str(merged)))
    assert not problems, "run makemessages (see README, Languages) and translate:\n" + "\n".join(
        problems
    )
    check = subprocess.run(
        ["msgfmt", "--check", "--output-file", os.devnull, str(merged)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


def spanish(name: str, *args: object) -> str:
    with translation.override("es"):
        return reverse(name, args=args)


def english(name: str, *args: object) -> str:
    """Explicitly English: a request to /es/ leaves Spanish active in the test's thread."""
    with translation.override("en"):
        return reverse(name, args=args)


def spanish_pages(catalogue) -> dict[str, tuple[str, str, str]]:
    """page: (url, an English phrase it must not show in Spanish, the Spanish one it shows)."""
    return {
        "home": (spanish("trials:home"), "Search the trials", "Buscar en los ensayos"),
        "list": (spanish("trials:list"), "Apply filters", "Aplicar filtros"),
        "trial": (spanish("trials:detail", catalogue.a.slug), "Key facts", "Datos clave"),
        "condition": (
            spanish("trials:condition", catalogue.cirrhosis.slug),
            "How the trials differ",
            "En qué se diferencian los ensayos",
        ),
        "glossary": (spanish("trials:glossary"), "The words and measures", "Las palabras y"),
        "evidence": (
            spanish("evidence:overview"),
            "Systematic reviews pool the results",
            "Las revisiones sistemáticas combinan",
        ),
        "basket": (spanish("evidence:basket"), "Your list is empty.", "Su lista está vacía."),
    }


def test_spanish_pages_show_spanish_interface_text(client, catalogue):
    for name, (url, english, spanish_text) in spanish_pages(catalogue).items():
        assert url.startswith("/es/"), url
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert '<html lang="es">' in html, name
        for phrase in [english, *CHROME_EN]:
            assert phrase not in html, f"{name} shows English {phrase!r}"
        for phrase in [spanish_text, *CHROME_ES]:
            assert phrase in html, f"{name} lacks Spanish {phrase!r}"


def test_english_pages_have_no_language_prefix_and_stay_english(client, catalogue):
    response = client.get(english("trials:detail", catalogue.a.slug))
    html = response.content.decode()
    assert response.wsgi_request.path == f"/trials/{catalogue.a.slug}/"
    assert '<html lang="en">' in html
    assert "Key facts" in html and "Datos clave" not in html


@pytest.mark.parametrize(
    ("language", "next_url", "expected"),
    [
        ("es", "/trials/?phase=2&q=albumin", "/es/trials/?phase=2&q=albumin"),
        ("en", "/es/trials/?phase=2&q=albumin", "/trials/?phase=2&q=albumin"),
        ("es", "/glossary/#term-placebo", "/es/glossary/#term-placebo"),
    ],
)
def test_switcher_keeps_the_page_and_its_filters(client, language, next_url, expected):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_switcher_form_posts_back_the_current_address(client, catalogue):
    html = client.get(spanish("trials:list") + "?phase=2").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="next" type="hidden" value="/es/trials/?phase=2"' in html


def test_a_missing_spanish_summary_falls_back_to_english_with_a_note(client, catalogue):
    trial = catalogue.b  # plain_summary "Scarred livers were treated." in English only
    html = client.get(spanish("trials:detail", trial.slug)).content.decode()
    assert NOTE_ES in html
    assert re.search(r'<div lang="en"><p>Scarred livers were treated.</p></div>', html)
    english_html = client.get(english("trials:detail", trial.slug)).content.decode()
    assert "Scarred livers were treated." in english_html
    assert "not been translated" not in english_html and NOTE_ES not in english_html


def test_a_spanish_summary_is_shown_without_the_note(client, catalogue):
    trial = catalogue.b
    trial.plain_summary_es = "Se trataron hígados con cicatrices (texto de prueba)."
    trial.save()
    trial.arms.update(label_es="Grupo de prueba")  # the arm's label is curated text too
    Trial.objects.filter(pk=trial.pk).update(short_title_es="Ensayo de prueba B")
    html = client.get(spanish("trials:detail", trial.slug)).content.decode()
    assert "Se trataron hígados con cicatrices (texto de prueba)." in html
    assert "Scarred livers were treated." not in html
    assert NOTE_ES not in html


def test_descriptions_fall_back_with_the_note_on_condition_and_glossary(client, catalogue):
    Condition.objects.filter(pk=catalogue.cirrhosis.pk).update(
        description_en="Synthetic English description of scarring."
    )
    catalogue.albumin.description_en = "Synthetic English text about a blood protein."
    catalogue.albumin.description_es = "Texto de prueba sobre una proteína de la sangre."
    catalogue.albumin.save()
    condition = client.get(spanish("trials:condition", catalogue.cirrhosis.slug)).content.decode()
    assert "Synthetic English description of scarring." in condition and NOTE_ES in condition
    glossary = client.get(spanish("trials:glossary")).content.decode()
    assert '<span lang="en">Synthetic English description of scarring.</span>' in glossary
    assert "Texto de prueba sobre una proteína de la sangre." in glossary
    assert "Synthetic English text about a blood protein." not in glossary


def test_outcome_values_use_a_decimal_comma_in_spanish(client, catalogue, make_result):
    make_result(catalogue.a, measure=catalogue.albumin, mean=35.5, sd=4.25, n=20, timepoint_weeks=4)
    spanish_html = client.get(spanish("trials:detail", catalogue.a.slug)).content.decode()
    english_html = client.get(english("trials:detail", catalogue.a.slug)).content.decode()
    assert "35,5 g/L ± 4,25" in spanish_html
    assert "35.5 g/L ± 4.25" in english_html


def test_dates_use_the_languages_own_format(client, catalogue):
    spanish_html = client.get(spanish("trials:detail", catalogue.a.slug)).content.decode()
    english_html = client.get(english("trials:detail", catalogue.a.slug)).content.decode()
    assert re.search(r"Última modificación el \d{1,2} de [a-z]+ de \d{4}\.", spanish_html)
    assert re.search(r"Last changed on \d{1,2} [A-Z][a-z]+ \d{4}\.", english_html)


def test_curators_edit_both_languages_of_every_translated_field(curator_client, catalogue):
    review_form = curator_client.get(reverse("admin:evidence_review_add")).content.decode()
    for name in ("findings_en", "findings_es", "statement_en", "statement_es"):
        assert f"{name}" in review_form, name
    trial_form = curator_client.get(
        reverse("admin:trials_trial_change", args=[catalogue.a.pk])
    ).content.decode()
    for field in ("short_title", "plain_summary", "safety_summary"):
        for language in ("en", "es"):
            assert f'name="{field}_{language}"' in trial_form, (field, language)
    condition_form = curator_client.get(
        reverse("admin:trials_condition_change", args=[catalogue.cirrhosis.pk])
    ).content.decode()
    for field in ("name", "description", "synonyms"):
        assert f'name="{field}_es"' in condition_form, field
    pooled_form = curator_client.get(reverse("admin:evidence_pooledresult_add")).content.decode()
    assert 'name="statement_es"' in pooled_form


def test_review_findings_fall_back_with_the_note(client, catalogue, make_reference):
    reference = make_reference(title="Test review reference")
    review = Review.objects.create(
        reference=reference,
        slug="test-review",
        short_title="Test review",
        findings="Synthetic English findings.",
        status="published",
    )
    PooledResult.objects.create(
        review=review, measure=catalogue.albumin, effect_measure="MD", estimate=1.5
    )
    html = client.get(spanish("evidence:overview")).content.decode()
    assert '<span lang="en">Synthetic English findings.</span>' in html
    assert NOTE_ES in html


def _bibliographic(name: str, content: bytes) -> list:
    """A file's bibliographic data, without the words that are ours (CSV header, kind, trials
    and note columns; the notes on incomplete records in the other formats)."""
    text = content.decode("utf-8-sig")
    if name == "csv":
        return [row[1:15] for row in csv.reader(io.StringIO(text))][1:]
    if name == "csljson":
        return [{k: v for k, v in item.items() if k != "note"} for item in json.loads(text)]
    ours = ("N1  - ", "  note = ")
    return [line for line in text.splitlines() if not line.startswith(ours)]


@pytest.mark.parametrize("name", ["ris", "bibtex", "csljson", "csv"])
def test_exports_keep_bibliographic_data_in_the_original_language(
    client, catalogue, make_reference, name
):
    make_reference(
        trial=catalogue.a,
        title="Test reference about scarred livers",
        authors=("Example", "Sample"),
        doi="10.1000/test.i18n",
        language="eng",
    )
    query = f"?format={name}&trial={catalogue.a.slug}"
    english_file = b"".join(client.get(english("evidence:export") + query).streaming_content)
    spanish_file = b"".join(client.get(spanish("evidence:export") + query).streaming_content)
    assert _bibliographic(name, spanish_file) == _bibliographic(name, english_file)
    assert b"Test reference about scarred livers" in spanish_file
    # Our words follow the page: the reference lacks its volume or pages, and the file says so.
    assert "volumen o páginas".encode() in spanish_file
    assert b"volume or pages" in english_file


def test_formatted_citations_in_spanish_keep_titles_and_authors(client, catalogue, make_reference):
    make_reference(
        trial=catalogue.a,
        title="Test reference about scarred livers",
        authors=("Example", "Sample"),
        journal_abbreviation="Test J Hepatol",
    )
    query = f"?format=vancouver&trial={catalogue.a.slug}"
    text = b"".join(client.get(spanish("evidence:export") + query).streaming_content).decode()
    for original in ("Test reference about scarred livers", "Example", "Sample", "Test J Hepatol"):
        assert original in text


def test_demo_vocabularies_have_spanish_names_and_descriptions():
    data = json.loads((ROOT / "evidence" / "demo" / "data" / "vocabularies.json").read_text())
    for key, items in data.items():
        for item in items:
            assert item.get("name_es"), (key, item["slug"])
            if item.get("description"):
                assert item.get("description_es"), (key, item["slug"])


def test_spanish_pages_show_acronyms_but_not_english_short_names(client, catalogue):
    spanish_html = client.get(spanish("trials:glossary")).content.decode()
    english_html = client.get(english("trials:glossary")).content.decode()
    assert "MELD score (MELD)" in spanish_html and "MELD score (MELD)" in english_html
    assert "Serum albumin (Albumin)" in english_html
    assert "(Albumin)" not in spanish_html


def test_search_finds_words_of_the_spanish_summary_and_title(catalogue):
    trial = catalogue.b
    trial.plain_summary_es = "Se trataron hígados con cicatrices (texto de prueba)."
    trial.short_title_es = "Ensayo de prueba B con médula ósea"
    trial.save()
    assert list(Trial.objects.published().search("cicatrices")) == [trial]
    assert list(Trial.objects.published().search("médula")) == [trial]
    assert trial in Trial.objects.published().search("Scarred livers")
