"""The curator's history and pending-change pages in headless Chromium, with axe-core."""

import pytest
import reversion
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from tests.admin_forms import change_form_data
from trials.models import PendingRevision

from .test_pages import WIDTHS, check, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(page: Page, live_server, name: str) -> Client:  # noqa: ANN001
    user = User.objects.create_user(name, password="a-long-password-here", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return client


@pytest.fixture
def changed_trial(make_trial, make_arm, make_result):
    with reversion.create_revision():
        trial = make_trial(short_title="Browser trial", sponsor="Live sponsor")
        make_arm(trial, label="Cord MSC")
        make_result(trial, mean=30, sd=3, n=10)
    with reversion.create_revision():
        trial.enrollment = 44
        trial.save()
    return trial


def test_history_page(page: Page, live_server, changed_trial, artifacts):
    _signed_in(page, live_server, "reader")
    url = reverse("admin:trials_trial_history", args=[changed_trial.pk])
    for screen, width in WIDTHS.items():
        visit(page, live_server.url + url, width)
        assert page.locator(".history-entry").count() == 2
        check(page, artifacts, f"admin-history-{screen}")


def test_pending_change_page(page: Page, live_server, changed_trial, artifacts):
    author = _signed_in(page, live_server, "author")
    change = reverse("admin:trials_trial_change", args=[changed_trial.pk])
    author.post(change, change_form_data(author.get(change)) | {"sponsor": "Proposed sponsor"})
    pending = PendingRevision.objects.get()
    _signed_in(page, live_server, "reviewer")
    url = reverse("admin:trials_pendingrevision_change", args=[pending.pk])
    for screen, width in WIDTHS.items():
        visit(page, live_server.url + url, width)
        assert page.get_by_text("Proposed sponsor").count() == 1
        check(page, artifacts, f"admin-pending-change-{screen}")
