"""The claims page with the demo claims on a phone (390 px) in both languages: it fits, passes
axe-core, and every claim shows its verdict and reason."""

import pytest
from playwright.sync_api import Page, expect

from evidence.demo.load import demo_data_load
from evidence.models import Claim

from .test_pages import check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_claims_page_fits_a_phone_and_passes_axe_in_both_languages(
    page: Page, live_server, artifacts
):
    # One load of the demo data for both languages (each load is a large part of this test);
    # the demo rows only: the exports' stored citations (the rest of `load_demo`) are not on
    # this page.
    demo_data_load()
    page.set_viewport_size({"width": 390, "height": 844})
    for language, verdict in [("en", "Verdict:"), ("es", "Veredicto:")]:
        prefix = "" if language == "en" else "/es"
        response = page.goto(f"{live_server.url}{prefix}/evidence/claims/")
        assert response is not None and response.status == 200, language
        claims = page.locator("article.claim")
        expect(claims).to_have_count(Claim.objects.published().count())
        for index in range(claims.count()):
            expect(claims.nth(index).locator(".claim-verdict")).to_contain_text(verdict)
            expect(claims.nth(index).locator(".claim-reason p").first).to_be_visible()
        check(page, artifacts, f"claims-{language}-390")  # axe-core, no sideways scroll
