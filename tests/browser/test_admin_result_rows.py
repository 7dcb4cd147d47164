"""The trial form's result rows in headless Chromium: each shows the number fields of its shape,
and offers only the shapes its measure's kind allows; without JavaScript every field shows."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from trials.models import MeasureKind, OutcomeMeasure

from .conftest import AXE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def trial_form(live_server, make_trial, make_measure, make_result) -> str:
    trial = make_trial()
    make_result(trial, mean=35, sd=4, n=20)
    make_measure(
        "MELD fall of 3 points or more", kind=MeasureKind.BINARY, unit="", slug="meld-fall"
    )
    return live_server.url + reverse("admin:trials_trial_change", args=[trial.pk])


def signed_in(page: Page, url: str) -> None:
    client = Client()
    client.force_login(User.objects.create_superuser("test-admin", password=None))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}])
    page.goto(url)


def shown(page: Page, field: str) -> bool:
    return page.locator(f"#outcome_results-0 [name='outcome_results-0-{field}']").is_visible()


def test_a_result_row_shows_the_fields_of_its_shape(page: Page, trial_form):
    signed_in(page, trial_form)
    assert shown(page, "mean") and shown(page, "sd")
    assert not shown(page, "events") and not shown(page, "effect_value")
    page.select_option("[name='outcome_results-0-shape']", "significance")
    page.fill("[name='outcome_results-0-mean']", "")
    page.fill("[name='outcome_results-0-sd']", "")
    page.select_option("[name='outcome_results-0-shape']", "median_iqr")
    assert shown(page, "median") and shown(page, "q3") and not shown(page, "mean")
    assert not shown(page, "events")
    # axe-core on the result rows (Django's own autocomplete boxes elsewhere on the page lack a
    # label for their search field: not ours to change).
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run('#outcome_results-group')")
    serious = [v["id"] for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == []


def test_a_yes_no_measure_offers_only_its_shapes(page: Page, trial_form):
    signed_in(page, trial_form)
    measure = page.locator("[name='outcome_results-0-measure']")
    measure.select_option(str(OutcomeMeasure.objects.get(slug="meld-fall").pk))
    disabled = page.eval_on_selector_all(
        "[name='outcome_results-0-shape'] option:disabled", "options => options.map(o => o.value)"
    )
    assert "median_iqr" in disabled and "before_after" in disabled
    assert "mean_sd" not in disabled  # the current choice stays, so that its error can show
    assert "events" not in disabled


def test_without_javascript_every_field_shows(browser, live_server, trial_form):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    signed_in(page, trial_form)
    assert shown(page, "mean") and shown(page, "events") and shown(page, "effect_value")
    context.close()
