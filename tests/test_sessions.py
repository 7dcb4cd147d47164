"""A curator's session ends after a working day without a request; a visitor's list keeps its
month."""

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-curator-password"  # the curator fixture's
WORKING_DAY = 8 * 60 * 60


def test_a_curator_session_lasts_a_working_day_of_inactivity(client, curator):
    client.post("/admin/login/", {"username": "curator", "password": PASSWORD})
    assert client.session.get_expiry_age() == WORKING_DAY
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == WORKING_DAY


def test_a_curator_request_after_ten_minutes_starts_the_working_day_again(curator_client):
    session = curator_client.session
    session["_curator_session_renewed_at"] = 0  # last renewed long ago
    session.save()
    curator_client.get("/admin/")
    assert curator_client.session["_curator_session_renewed_at"] > 0
    assert curator_client.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"] == WORKING_DAY


def test_requests_within_ten_minutes_write_no_session(curator_client):
    curator_client.get("/admin/")
    with CaptureQueriesContext(connection) as queries:
        curator_client.get("/admin/")
    writes = [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]
    assert not writes


def test_the_idle_time_is_configurable(client, curator, settings):
    settings.CURATOR_SESSION_IDLE_SECONDS = 600
    client.force_login(curator)
    assert client.session.get_expiry_age() == 600


def test_a_visitors_list_keeps_its_month(client, make_trial):
    trial = make_trial()
    client.post("/list/add/", {"kind": "trial", "id": str(trial.pk)})
    assert client.session.get_expiry_age() == 30 * 24 * 60 * 60
    assert client.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 24 * 60 * 60
