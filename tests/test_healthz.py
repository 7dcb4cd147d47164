"""The health check answers for the database and is never cached."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_is_never_cached(client):
    cache_control = client.get("/healthz")["Cache-Control"]
    assert "no-cache" in cache_control
    assert "no-store" in cache_control


def test_healthz_reports_503_with_a_reason_when_the_database_is_down(client, monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "reason": "database unavailable"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_does_not_leak_the_error_details(client, monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("password authentication failed for user secret")

    monkeypatch.setattr(connection, "cursor", refuse)
    assert b"secret" not in client.get("/healthz").content


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_needs_no_session_cookie(client):
    assert "sessionid" not in client.get("/healthz").cookies


def test_robots_txt_is_plain_text_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()
