"""Proxy headers are believed only from a trusted proxy (DJANGO_TRUSTED_PROXIES); gunicorn
listens on loopback by default. Every spoofing test sends from an untrusted peer."""

import copy
import ipaddress
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PROXY = "10.0.0.5"
UNTRUSTED = "203.0.113.9"  # a client reaching the app directly
LOGIN_URL = "/admin/login/"
PASSWORD = "a-long-curator-password"  # the curator fixture's


@pytest.fixture
def behind_a_proxy(settings):  # noqa: ANN001, ANN201
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(PROXY)]
    rest = copy.deepcopy(django_settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"]["anon"] = "3/minute"
    settings.REST_FRAMEWORK = rest
    return settings


def api_statuses(client, peer: str, forwarded: list[str]) -> list[int]:  # noqa: ANN001
    return [
        client.get("/api/trials/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=address).status_code
        for address in forwarded
    ]


def test_a_new_forwarded_for_on_each_request_does_not_escape_the_rate_limit(client, behind_a_proxy):
    forwarded = [f"198.51.100.{number}" for number in range(5)]
    assert api_statuses(client, UNTRUSTED, forwarded) == [200, 200, 200, 429, 429]


def test_behind_the_proxy_each_client_is_counted_on_its_own(client, behind_a_proxy):
    forwarded = [f"spoofed, 198.51.100.{number}" for number in range(5)]
    assert api_statuses(client, PROXY, forwarded) == [200] * 5
    assert api_statuses(client, PROXY, ["198.51.100.0"] * 3) == [200, 200, 429]


def test_https_claimed_by_an_untrusted_peer_is_not_believed(client, behind_a_proxy):
    behind_a_proxy.SECURE_SSL_REDIRECT = True
    claim = {"HTTP_X_FORWARDED_PROTO": "https"}
    assert client.get("/robots.txt", REMOTE_ADDR=UNTRUSTED, **claim).status_code == 301
    assert client.get("/robots.txt", REMOTE_ADDR=PROXY, **claim).status_code == 200


def sign_in(client, password: str, peer: str, forwarded: str):  # noqa: ANN001, ANN201
    form = {"username": "curator", "password": password}
    return client.post(LOGIN_URL, form, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)


def test_a_direct_client_cannot_lock_out_an_address_it_chooses(client, curator, behind_a_proxy):
    victim = "198.51.100.7"
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", UNTRUSTED, victim)
    assert sign_in(client, PASSWORD, UNTRUSTED, victim).status_code == 429  # its own address
    assert sign_in(client, PASSWORD, PROXY, victim).status_code == 302  # the victim signs in


def test_behind_the_proxy_the_forwarded_client_is_locked_not_the_proxy(
    client, curator, behind_a_proxy
):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", PROXY, "spoofed, 198.51.100.7")
    assert sign_in(client, PASSWORD, PROXY, "198.51.100.7").status_code == 429
    assert sign_in(client, PASSWORD, PROXY, "198.51.100.8").status_code == 302


def test_gunicorn_listens_on_loopback_by_default(monkeypatch):
    for name in ("GUNICORN_BIND", "PORT", "FORWARDED_ALLOW_IPS", "DJANGO_TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["bind"] == "127.0.0.1:8000"
    assert config["forwarded_allow_ips"] == "127.0.0.1,::1"


def test_gunicorn_trusts_the_same_proxies_as_the_app(monkeypatch):
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", "10.0.0.5, 10.1.0.0/16")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["forwarded_allow_ips"] == "10.0.0.5"  # gunicorn takes no networks


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_TRUSTED_PROXY_COUNT", "1", "replaced by DJANGO_TRUSTED_PROXIES"),
        ("DJANGO_TRUSTED_PROXIES", "proxy.internal", "DJANGO_TRUSTED_PROXIES:"),
    ],
)
def test_settings_refuse_a_proxy_setting_they_cannot_use(variable, value, message):
    environment = {**os.environ, variable: value, "DJANGO_SETTINGS_MODULE": "config.settings"}
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert message in run.stderr
