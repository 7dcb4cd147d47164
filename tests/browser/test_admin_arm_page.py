"""An arm's own admin page and the trial form's list of arms in headless Chromium: axe-core on
the arm page (whole page) and on the list, desktop and phone, English and Spanish; neither
scrolls sideways."""

import pytest
from playwright.sync_api import Page

from trials.models import ArmRole

from .test_admin_result_rows import SCREENS, signed_in
from .test_pages import check, serious_violations, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def arm_page(live_server, make_trial, make_arm) -> str:
    trial = make_trial(short_title="Browser arm trial")
    arm = make_arm(trial, label="Cord MSC", label_es="MSC de cordón", dose_text="1 million/kg")
    make_arm(trial, label="Control", role=ArmRole.STANDARD_CARE, position=2)
    return f"/admin/trials/arm/{arm.pk}/change/"


def test_the_arm_page_and_the_trials_list_of_arms_pass_axe(
    page: Page, live_server, arm_page, artifacts
):
    signed_in(page, live_server.url)
    for language in ("en", "es"):
        for screen, width in SCREENS.items():
            prefix = "/es" if language == "es" else ""
            visit(page, live_server.url + prefix + arm_page, width)
            assert page.locator("[name='label_es']").input_value() == "MSC de cordón"
            check(page, artifacts, f"admin-arm-page-{language}-{screen}")
            trial_link = page.locator(".field-trial a").get_attribute("href")
            visit(page, live_server.url + trial_link, width)
            assert page.locator("#trial-arms tbody tr").count() == 2
            if artifacts is not None:
                page.locator("#trial-arms").screenshot(
                    path=str(artifacts / f"admin-trial-arms-{language}-{screen}.png")
                )
            # axe-core on the list (Django's own autocomplete boxes elsewhere on the trial page
            # lack a label for their search field: not ours to change).
            assert serious_violations(page, "#trial-arms") == [], f"{language} {screen}"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"the trial page scrolls sideways by {overflow}px ({screen})"
