"""Every public page kind at 320, 390 and 1280 px in both languages: nothing scrolls sideways, no
serious axe violation; on a phone the results come first; after "Apply" and "Add to my list" the
visitor is back where they were, keyboard focus included. One browser page per test, reused."""

import re
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from .test_pages import open_details, serious_violations
from .test_spanish_pages import sitio  # noqa: F401 - the fixture, with Spanish curated text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def page_kinds(site, language: str) -> dict[str, tuple[str, int]]:
    """Every kind of public page: its path in this language and the status it answers."""
    prefix = "" if language == "en" else f"/{language}"
    return {
        "home": (f"{prefix}/", 200),
        "list": (f"{prefix}/trials/?condition=cirrhosis", 200),
        "trial": (f"{prefix}/trials/{site.a.slug}/", 200),
        "condition": (f"{prefix}/conditions/cirrhosis/", 200),
        "glossary": (f"{prefix}/glossary/", 200),
        "evidence": (f"{prefix}/evidence/", 200),
        "claims": (f"{prefix}/evidence/claims/", 200),
        "my-list": (f"{prefix}/list/", 200),
        "not-found": (f"{prefix}/no-such-page/", 404),
    }


def add_first_trial(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=re.compile("Add to my list|Agregar a mi lista")).first.click()


def share_the_list(page: Page, url: str) -> str:
    """Make the read-only link on /list/ and give its path."""
    page.goto(url)
    page.get_by_role("button", name=re.compile("Make a link to share|Crear un enlace")).click()
    return urlsplit(page.locator("#share-url").input_value()).path


WIDTHS = (320, 390, 1280)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_kind_fits_and_passes_axe(page: Page, live_server, sitio, language):  # noqa: F811
    """Each page kind is loaded once and checked at each width in turn: the viewport changes on
    the loaded page, which lays it out again as a phone or a desktop of that width would."""
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    kinds = page_kinds(sitio, language)
    add_first_trial(page, live_server.url + kinds["condition"][0])
    kinds["shared-list"] = (share_the_list(page, live_server.url + kinds["my-list"][0]), 200)
    problems = []
    for kind, (path, status) in kinds.items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == status, path
        open_details(page)  # the certainty tables wait inside "Why: the five GRADE domains"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                problems.append(f"{kind} ({path}) scrolls sideways by {overflow}px at {width}px")
            problems += [
                f"{kind} ({path}) at {width}px: {line}" for line in serious_violations(page)
            ]
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    assert not problems, "\n".join(problems)


def test_results_come_before_the_filters_on_a_phone(page: Page, live_server, sitio):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/es/trials/")
    heading = page.locator("#results-heading")
    expect(heading).to_be_in_viewport()
    expect(page.get_by_text("Filtros (0 activos)")).to_be_visible()
    expect(page.locator("#filters-panel .facets")).to_be_hidden()
    page.get_by_text("Filtros (0 activos)").click()
    expect(page.locator("#filters-panel .facets")).to_be_visible()


def test_filters_stand_beside_the_results_on_a_wide_screen(browser, live_server, sitio):  # noqa: F811
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(live_server.url + "/trials/")
        expect(page.get_by_label("Cirrhosis", exact=True)).to_be_visible()
        expect(page.locator("#filters-panel > summary")).to_be_hidden()
        context.close()


def test_apply_returns_to_the_results_with_focus_and_a_short_url(page: Page, live_server, sitio):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/trials/")
    page.locator("#filters-panel > summary").click()
    page.get_by_label("Cirrhosis", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/trials/\?condition=cirrhosis#results$"))
    expect(page.locator("#results")).to_be_focused()
    expect(page.locator("#results-heading")).to_be_in_viewport()
    expect(page.get_by_text("Filters (1 active)")).to_be_visible()


def test_apply_without_javascript_gets_the_short_url_from_the_server(browser, live_server, sitio):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/es/trials/")
    page.get_by_text("Filtros (0 activos)").click()
    page.get_by_label("Cirrosis", exact=True).check()
    page.get_by_role("button", name="Aplicar filtros").click()
    expect(page).to_have_url(re.compile(r"/es/trials/\?condition=cirrhosis#results$"))
    expect(page.locator("#results-heading")).to_be_in_viewport()
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_add_to_my_list_returns_to_the_trial_with_focus(page: Page, live_server, sitio, language):  # noqa: F811
    page.set_viewport_size(PHONE)
    with translation.override(language):
        path = f"{'' if language == 'en' else '/es'}/conditions/cirrhosis/"
    page.goto(live_server.url + path)
    row = page.locator("article.result").last
    slug = row.get_attribute("id")
    row.get_by_role("button", name=re.compile("Add to my list|Agregar a mi lista")).click()
    expect(page).to_have_url(re.compile(f"{re.escape(path)}#{slug}$"))
    expect(page.locator(f"#{slug}")).to_be_focused()
    expect(page.locator(f"#{slug}")).to_be_in_viewport()
    remove = page.locator(f"#{slug}").get_by_role("button", name=re.compile("Remove|Quitar"))
    expect(remove).to_be_visible()


def test_the_printed_list_keeps_date_and_caveats(page: Page, live_server, sitio):  # noqa: F811
    page.set_viewport_size(PHONE)
    add_first_trial(page, live_server.url + "/es/conditions/cirrhosis/")
    page.goto(live_server.url + "/es/list/")
    expect(page.get_by_role("button", name="Imprimir esta lista")).to_be_visible()  # with JS
    page.emulate_media(media="print")
    expect(page.locator(".list-date")).to_be_visible()
    expect(page.locator(".caveats")).to_be_visible()
    expect(page.locator(".citations")).to_be_visible()
    expect(page.get_by_role("button", name="Imprimir esta lista")).to_be_hidden()
    expect(page.locator(".site-header nav")).to_be_hidden()


def test_print_button_waits_for_javascript(browser, live_server, sitio):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    add_first_trial(page, live_server.url + "/conditions/cirrhosis/")
    page.goto(live_server.url + "/list/")
    expect(page.get_by_role("link", name="E-mail this list")).to_be_visible()
    expect(page.locator("[data-print]")).to_be_hidden()
    context.close()


def test_a_spanish_browser_is_offered_spanish_on_an_english_page(browser, live_server, sitio):  # noqa: F811
    context = browser.new_context(
        locale="es-CO", viewport={"width": 320, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(live_server.url + "/trials/?condition=cirrhosis")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # no redirect
    offer = page.get_by_role("link", name="Ver en español")
    expect(offer).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert not serious_violations(page)
    offer.click()
    expect(page).to_have_url(re.compile(r"/es/trials/\?condition=cirrhosis$"))
    expect(page.get_by_role("link", name="Ver en español")).to_have_count(0)
    context.close()
