"""Requests that once answered 500 now get a clear 4xx, and the API answers every error in JSON.

Each test is a request a client can send (the attack on this site found them; issue #19).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def client(client):  # noqa: ANN001, ANN201
    """Crashes come back as the 500 a visitor gets, not as an exception in the test."""
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("method, home", [("get", "/"), ("post", "/es/")])
def test_language_switch_with_a_next_that_is_not_a_url_goes_home(client, method, home):
    response = getattr(client, method)("/i18n/setlang/?next=//%5B", {"language": "es"})
    assert response.status_code == 302
    assert response["Location"] == home


def test_schema_ignores_a_version_with_control_characters(client):
    response = client.get("/api/schema/?version=%09%0A%0D")
    assert response.status_code == 200
    disposition = 'inline; filename="Liver MSC evidence API (1.0.0).yaml"'
    assert response["Content-Disposition"] == disposition
    assert b"version: 1.0.0\n" in response.content


def test_options_on_the_docs_page_is_refused_in_json(client):
    response = client.options("/api/docs/")
    assert response.status_code == 405
    assert response.json()["detail"]
    assert response["Allow"] == "GET, HEAD"


def test_a_crash_in_the_api_is_a_json_500(client, settings):
    settings.ROOT_URLCONF = "tests.crash_urls"
    response = client.get("/api/crash/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "El servidor no pudo responder a esta solicitud; el error quedó registrado. "
        "Inténtelo de nuevo más tarde."
    }
    assert b"a bug in a view" not in response.content


def test_a_refused_host_on_the_api_is_a_json_400(client):
    response = client.get("/api/trials/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response.json() == {"detail": "The request could not be understood."}


def test_the_site_keeps_its_html_error_pages(client):
    response = client.get("/trials/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


# Run in a separate process, whose DATABASE_URL points at a database that does not answer.
DATABASE_DOWN = """
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client(raise_request_exception=False).get("/api/trials/")
print(json.dumps({"status": response.status_code, "type": response["Content-Type"],
                  "retry": response.get("Retry-After"), "body": response.content.decode()}))
"""


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-directory/db.sqlite3",  # the file cannot be opened
        "postgres://postgres@127.0.0.1:9/liver_msc",  # nothing listens on the port
    ],
)
def test_the_api_answers_503_in_json_when_the_database_is_down(database_url):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_LOG_LEVEL": "CRITICAL",
    }
    run = subprocess.run(
        [sys.executable, "-c", DATABASE_DOWN],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer = json.loads(run.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["type"] == "application/json"
    assert answer["retry"] == "30"
    assert json.loads(answer["body"]) == {
        "detail": "The database is not available at the moment; try again in a minute."
    }


def test_a_session_cookie_of_escaped_nul_characters_is_ignored(client):
    # Python's cookie parser turns "\\000" into NUL characters, which PostgreSQL refuses.
    client.cookies.load({django_settings.SESSION_COOKIE_NAME: '"' + "\\000" * 32 + '"'})
    response = client.get("/")
    assert response.status_code == 200


def test_a_valid_session_cookie_is_kept(client, make_trial):
    trial = make_trial()
    client.post("/list/add/", {"kind": "trial", "id": str(trial.pk)})
    assert trial.short_title.encode() in client.get("/list/").content


def test_a_sign_in_with_a_huge_username_is_a_form_error(client):
    response = client.post("/admin/login/", {"username": "x" * 100_000, "password": "y"})
    assert response.status_code == 200
    assert b"Please enter the correct username and password" in response.content


def test_a_forwarded_address_that_is_not_an_address_is_not_used(client):
    # From the test client's 127.0.0.1, a trusted proxy by default.
    form = {"username": "curator", "password": "wrong"}
    response = client.post("/admin/login/", form, HTTP_X_FORWARDED_FOR="not-an-ip, \x00")
    assert response.status_code == 200
