"""The browsing pages in headless Chromium: desktop and phone, axe-core, keyboard. Each test
walks both widths in turn (one set of rows and one browser context for both: a transactional
test's data costs more than its page loads)."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from trials.models import SourceKind

from .conftest import AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 360}


def serious_violations(page: Page, context: str | None = None) -> list[str]:
    """axe-core's violations of impact serious or critical within `context` (a CSS selector;
    None for the whole page), as 'rule: target' lines. axe is injected once per loaded page (a check
    after a viewport change reuses it) and runs every rule; it reports only violations in
    full (`resultTypes`: passes and the rest are cut to one node each, which nobody reads)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (context) => await axe.run(context || document, {resultTypes: ['violations']})",
        context,
    )
    return [
        f"{violation['id']}: {node['target']}"
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
        for node in violation["nodes"]
    ]


def visit(page: Page, url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url)
    assert response is not None and response.status == 200, url


def open_filters(page: Page) -> None:
    """On a phone the facets wait behind "Filters (n active)": open them."""
    if not page.locator("#filters-panel").evaluate("panel => panel.open"):
        page.locator("#filters-panel > summary").click()


def open_details(page: Page) -> int:
    """Open every <details> (the GRADE domains, the filters ...), so axe and the width check see
    what a reader sees after opening them; gives how many there were."""
    return page.evaluate(
        "() => { const all = document.querySelectorAll('details');"
        " all.forEach(d => { d.open = true; }); return all.length; }"
    )


def check(page: Page, artifacts: Path | None, name: str) -> None:
    """axe-core and no sideways scroll; a full-page screenshot when `artifacts` is a folder (the
    `artifacts` fixture gives one only with BROWSER_SCREENSHOTS=1)."""
    if artifacts is not None:
        page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    violations = serious_violations(page)
    assert not violations, f"{name}:\n" + "\n".join(violations)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"


@pytest.fixture
def site(catalogue, make_reference, make_result) -> SimpleNamespace:
    catalogue.cirrhosis.description = "Scarring of the liver after long damage (synthetic text)."
    catalogue.cirrhosis.save()
    catalogue.albumin.description = "A blood protein made by the liver (synthetic text)."
    catalogue.albumin.save()
    reference = make_reference(
        trial=catalogue.a, authors=("Test", "Example", "Sample"), doi="10.1000/test.2"
    )
    make_result(catalogue.a, measure=catalogue.albumin, mean=33, sd=5, n=20,
                timepoint_weeks=24, reference=reference)  # fmt: skip
    make_result(catalogue.a, measure=catalogue.meld, mean=15, sd=3, n=18, unit_reported="",
                source_kind=SourceKind.SECONDARY)  # fmt: skip
    catalogue.a.plain_summary = "Test trial A gave cells to people with scarred livers."
    catalogue.a.save()
    return catalogue


def test_home_page(page: Page, live_server, site, artifacts):
    for screen, width in WIDTHS.items():
        visit(page, live_server.url + "/", width)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("link", name="Cirrhosis", exact=True)).to_be_visible()
        check(page, artifacts, f"home-{screen}")


def test_list_filtered_by_clicking(page: Page, live_server, site, artifacts):
    for screen, width in WIDTHS.items():
        visit(page, live_server.url + "/trials/", width)
        open_filters(page)
        page.get_by_label("Cirrhosis", exact=True).check()
        page.get_by_label("Umbilical cord MSC").check()
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"condition=cirrhosis"))
        expect(page.get_by_role("heading", name="1 trial", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Test trial A")).to_be_visible()
        check(page, artifacts, f"list-{screen}")


def test_trial_page(page: Page, live_server, site, artifacts):
    for screen, width in WIDTHS.items():
        visit(page, live_server.url + site.a.get_absolute_url(), width)
        expect(page.get_by_text("Test trial A gave cells")).to_be_visible()
        expect(page.get_by_role("table").first).to_be_visible()
        check(page, artifacts, f"trial-{screen}")


def test_condition_page(page: Page, live_server, site, artifacts):
    for screen, width in WIDTHS.items():
        visit(page, live_server.url + "/conditions/cirrhosis/", width)
        expect(page.get_by_role("img", name="Trials by cell source")).to_be_visible()
        check(page, artifacts, f"condition-{screen}")


@pytest.mark.django_db(transaction=False)  # no live server, so no flush of every table after it
def test_a_broken_page_fails_the_accessibility_check(page: Page):
    page.set_content(
        "<!doctype html><html><body><img src='x.png'>"
        "<input type='text'><p style='color:#bbb;background:#fff'>faint text</p></body></html>"
    )
    assert serious_violations(page) != []


def test_keyboard_focus_is_visible(page: Page, live_server, site):
    visit(page, live_server.url + "/trials/", WIDTHS["desktop"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_filters_work_without_javascript(browser, live_server, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/trials/")
    page.locator("summary", has_text="Recruitment status").click()  # <details> needs no JS
    page.get_by_label("Recruiting", exact=True).check()
    page.get_by_role("button", name="Show trials").click()
    expect(page).to_have_url(re.compile(r"status=recruiting"))
    expect(page.get_by_role("heading", name="1 trial", exact=True)).to_be_visible()
    context.close()
