"""An outcome result's own admin page in headless Chromium: it shows the number fields of the
chosen shape and offers only the shapes its measure's kind allows; without JavaScript every
field shows. axe-core on the whole page, desktop and phone, English and Spanish."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from trials.models import MeasureKind, OutcomeMeasure

from .test_pages import check, serious_violations, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"desktop": 1280, "phone": 390}


@pytest.fixture
def result_page(live_server, make_trial, make_arm, make_result, make_measure) -> str:
    trial = make_trial(short_title="Browser result trial")
    make_arm(trial, label="Cord MSC")
    result = make_result(trial, mean=35, sd=4, n=20)
    make_measure(
        "MELD fall of 3 points or more", kind=MeasureKind.BINARY, unit="", slug="meld-fall"
    )
    return reverse("admin:trials_outcomeresult_change", args=[result.pk])


def signed_in(page: Page, url: str) -> None:
    client = Client()
    client.force_login(User.objects.create_superuser("test-admin", password=None))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}])


def shown(page: Page, field: str) -> bool:
    return page.locator(f"#outcomeresult_form [name='{field}']").is_visible()


def test_the_result_page_shows_the_fields_of_its_shape(page: Page, live_server, result_page):
    signed_in(page, live_server.url)
    page.goto(live_server.url + result_page)
    assert shown(page, "mean") and shown(page, "sd")
    assert not shown(page, "events") and not shown(page, "effect_value")
    page.select_option("[name='shape']", "significance")
    page.fill("[name='mean']", "")
    page.fill("[name='sd']", "")
    page.select_option("[name='shape']", "median_iqr")
    assert shown(page, "median") and shown(page, "q3") and not shown(page, "mean")
    assert not shown(page, "events")


def test_a_yes_no_measure_offers_only_its_shapes(page: Page, live_server, result_page):
    signed_in(page, live_server.url)
    page.goto(live_server.url + result_page)
    page.locator("[name='measure']").select_option(
        str(OutcomeMeasure.objects.get(slug="meld-fall").pk)
    )
    disabled = page.eval_on_selector_all(
        "[name='shape'] option:disabled", "options => options.map(o => o.value)"
    )
    assert "median_iqr" in disabled and "before_after" in disabled
    assert "mean_sd" not in disabled  # the current choice stays, so that its error can show
    assert "events" not in disabled


def test_without_javascript_every_field_shows(browser, live_server, result_page):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    signed_in(page, live_server.url)
    page.goto(live_server.url + result_page)
    assert shown(page, "mean") and shown(page, "events") and shown(page, "effect_value")
    context.close()


def test_the_result_page_and_the_trials_list_pass_axe(
    page: Page, live_server, result_page, artifacts
):
    signed_in(page, live_server.url)
    for language in ("en", "es"):
        for screen, width in SCREENS.items():
            prefix = "/es" if language == "es" else ""
            visit(page, live_server.url + prefix + result_page, width)
            check(page, artifacts, f"admin-result-page-{language}-{screen}")
            trial_link = page.locator(".field-trial a").get_attribute("href")
            visit(page, live_server.url + trial_link, width)
            assert page.locator("#outcome-results tbody tr").count() == 1
            if artifacts is not None:
                page.screenshot(
                    path=str(artifacts / f"admin-trial-results-{language}-{screen}.png")
                )
            # axe-core on the results list (Django's own autocomplete boxes elsewhere on the
            # trial page lack a label for their search field: not ours to change).
            assert serious_violations(page, "#outcome-results") == [], f"{language} {screen}"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            wide = page.evaluate("""() => Array.from(document.querySelectorAll('body *')).filter(
                e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(
                e => e.tagName + '#' + e.id + '.' + e.className + ' '
                    + e.getBoundingClientRect().right)""")
            assert overflow <= 0, f"the trial page scrolls sideways by {overflow}px: {wide}"
