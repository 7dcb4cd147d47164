"""The Spanish pages in headless Chromium: they render, pass axe-core at desktop and phone widths,
and show Spanish text (with BROWSER_SCREENSHOTS=1, screenshots in test-artifacts/es-*.png);
the switcher changes language."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from .test_pages import WIDTHS, check, open_details, open_filters, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE_ES = "Este texto aún no está traducido; se muestra en inglés."


def spanish(name: str, *args: object) -> str:
    with translation.override("es"):
        return reverse(name, args=args)


@pytest.fixture
def sitio(catalogue, make_reference, make_result) -> SimpleNamespace:
    """The synthetic catalogue with some curated text translated and some not (every text made
    up and marked as test text)."""
    c = catalogue
    for condition, name_es in (
        (c.liver, "Enfermedad del hígado"),
        (c.cirrhosis, "Cirrosis"),
        (c.decompensated, "Cirrosis descompensada"),
    ):
        condition.name_es = name_es
        condition.save()
    c.cirrhosis.description_en = "Scarring of the liver after long damage (synthetic text)."
    c.cirrhosis.description_es = (
        "Cicatrización del hígado tras un daño prolongado (texto de prueba)."
    )
    c.cirrhosis.save()
    c.albumin.name_es = "Albúmina sérica"
    c.albumin.description_en = "A blood protein made by the liver (synthetic text)."
    c.albumin.save()
    reference = make_reference(trial=c.a, authors=("Test", "Example"), doi="10.1000/test.es")
    make_result(c.a, measure=c.albumin, mean=33.5, sd=5.25, n=20, timepoint_weeks=24,
                reference=reference)  # fmt: skip
    # Albumin in both arms of trial A: one controlled result, so the condition pages show a
    # forest plot, its table and the GRADE certainty table (the axe checks must see them).
    treated, control = c.a.arms.order_by("pk")
    make_result(c.a, arm=treated, measure=c.albumin, mean=34, sd=4, n=20, timepoint_weeks=12)
    make_result(c.a, arm=control, measure=c.albumin, mean=31, sd=4, n=20, timepoint_weeks=12)
    c.a.plain_summary_en = "Test trial A gave cells to people with scarred livers."
    c.a.plain_summary_es = "El ensayo de prueba A dio células a personas con cirrosis."
    c.a.save()
    return c


def test_spanish_home_page(page: Page, live_server, sitio, artifacts):
    for screen, width in WIDTHS.items():
        visit(page, live_server.url + spanish("trials:home"), width)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_role("link", name="Saltar al contenido principal")).to_be_attached()
        expect(page.get_by_role("heading", name="Empezar por una enfermedad")).to_be_visible()
        expect(page.get_by_label("Buscar en los ensayos")).to_be_visible()
        expect(page.get_by_role("link", name="Cirrosis", exact=True)).to_be_visible()
        check(page, artifacts, f"es-home-{screen}")


def test_spanish_list_page(page: Page, live_server, sitio, artifacts):
    for screen, width in WIDTHS.items():
        visit(page, live_server.url + spanish("trials:list"), width)
        open_filters(page)
        page.get_by_label("Cirrosis", exact=True).check()
        page.get_by_role("button", name="Aplicar filtros").click()
        expect(page).to_have_url(re.compile(r"/es/trials/\?.*condition=cirrhosis"))
        expect(page.get_by_role("heading", name="2 ensayos", exact=True)).to_be_visible()
        check(page, artifacts, f"es-list-{screen}")


def test_spanish_trial_page(page: Page, live_server, sitio, artifacts):
    for screen, width in WIDTHS.items():
        visit(page, live_server.url + spanish("trials:detail", sitio.a.slug), width)
        expect(page.get_by_text("El ensayo de prueba A dio células")).to_be_visible()
        expect(page.get_by_role("heading", name="Datos clave")).to_be_visible()
        expect(page.get_by_text("33,5 g/L ± 5,25").first).to_be_visible()
        check(page, artifacts, f"es-trial-{screen}")


def test_spanish_condition_page(page: Page, live_server, sitio, artifacts):
    for screen, width in WIDTHS.items():
        visit(page, live_server.url + spanish("trials:condition", "cirrhosis"), width)
        expect(page.get_by_role("heading", level=1)).to_have_text("Cirrosis")
        expect(page.get_by_text("Cicatrización del hígado")).to_be_visible()
        expect(page.get_by_role("img", name="Ensayos por fuente de células")).to_be_visible()
        expect(page.get_by_role("heading", name="Mensajes clave")).to_be_visible()
        expect(
            page.get_by_role("table", name=re.compile("Resumen de los hallazgos"))
        ).to_be_visible()
        assert open_details(page) >= 1
        table = page.locator("table.certainty-table").first
        expect(table).to_be_visible()
        region = page.get_by_role(
            "region", name="Certeza de la evidencia por dominio de GRADE"
        ).first
        expect(region).to_have_attribute("tabindex", "0")
        check(page, artifacts, f"es-condition-{screen}")


def test_untranslated_summary_is_marked_english(page: Page, live_server, sitio, artifacts):
    visit(page, live_server.url + spanish("trials:detail", sitio.b.slug), WIDTHS["phone"])
    expect(page.get_by_text(NOTE_ES, exact=True)).to_be_visible()
    expect(page.locator('[lang="en"]', has_text="Scarred livers were treated.")).to_be_visible()
    check(page, artifacts, "es-trial-fallback-phone")


def test_switching_language_keeps_the_page_and_filters(page: Page, live_server, sitio):
    visit(page, live_server.url + "/trials/?condition=cirrhosis", WIDTHS["desktop"])
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page).to_have_url(re.compile(r"/es/trials/\?condition=cirrhosis$"))
    expect(page.get_by_role("heading", name="2 ensayos", exact=True)).to_be_visible()
    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(page).to_have_url(re.compile(r"//[^/]+/trials/\?condition=cirrhosis$"))
    expect(page.get_by_role("heading", name="2 trials", exact=True)).to_be_visible()
