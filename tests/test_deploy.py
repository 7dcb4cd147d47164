"""Production settings pass Django's deployment checks and send the security headers."""

import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# In one subprocess (one start of Django for all the tests of production): what `manage.py check
# --deploy --fail-level WARNING` prints, what the production settings answer over HTTPS and plain
# HTTP, and their cookie settings (no database needed).
PRODUCTION_CODE = """
import io, json, django
django.setup()
from django.conf import settings as s
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

def check():
    output = io.StringIO()
    try:
        call_command("check", deploy=True, fail_level="WARNING", stdout=output, stderr=output)
    except SystemCheckError as error:
        return {"failed": True, "output": output.getvalue() + str(error)}
    return {"failed": False, "output": output.getvalue()}

def answer(**extra):
    response = Client(HTTP_HOST="example.org").get("/robots.txt", **extra)
    return {"status": response.status_code, "headers": dict(response.headers)}

cookies = [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,
           s.SECURE_PROXY_SSL_HEADER]
checked = check()
print(json.dumps({"check": checked, "https": answer(secure=True), "http": answer(),
                  "cookies": cookies}))
"""


def production_environment() -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "example.org",
    }


def run_in_production(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def production() -> dict:
    result = run_in_production("-c", PRODUCTION_CODE)
    assert result.returncode == 0, result.stderr
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "stderr": result.stderr}


def test_check_deploy_is_clean_with_production_settings(production):
    check = production["check"]
    assert not check["failed"], check["output"] + production["stderr"]
    assert "System check identified no issues (0 silenced)." in check["output"]
    assert "WARNING" not in check["output"] + production["stderr"]


def test_production_responses_carry_hsts_and_the_security_headers(production):
    answer = production["https"]
    headers = answer["headers"]
    assert answer["status"] == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_production_redirects_plain_http_to_https(production):
    answer = production["http"]
    assert answer["status"] == 301
    assert answer["headers"]["Location"] == "https://example.org/robots.txt"


def test_production_cookies_travel_only_over_https(production):
    assert production["cookies"] == [True, True, True, ["HTTP_X_FORWARDED_PROTO", "https"]]


@pytest.mark.django_db
def test_pages_send_the_security_headers(client):
    response = client.get("/robots.txt")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_hsts_is_sent_only_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    assert "Strict-Transport-Security" not in client.get("/robots.txt")
    secure = client.get("/robots.txt", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_the_health_check_answers_over_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/robots.txt").status_code == 301
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_proxy_marks_a_request_secure_with_x_forwarded_proto(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" in response


def test_password_validators_are_on(settings):
    names = {
        validator["NAME"].rsplit(".", 1)[-1] for validator in settings.AUTH_PASSWORD_VALIDATORS
    }
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= names


# The Content-Security-Policy allows scripts and styles only from our own files (JSON data
# blocks are not scripts).
INLINE_CODE = re.compile(
    r"<style\b|<script(?![^>]*\b(src=|type=[\"']application/(ld\+)?json))[^>]*>"
    r"|\sstyle\s*=\s*[\"']|\son[a-z]+\s*=\s*[\"']",
    re.IGNORECASE,
)


def test_templates_have_no_inline_script_or_style_the_csp_would_block():
    templates = [
        path
        for folder in ("config", "trials", "evidence")
        for path in (ROOT / folder).rglob("templates/**/*.html")
    ]
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in templates
        for match in INLINE_CODE.finditer(path.read_text())
    ]
    assert templates
    assert not offenders, "\n".join(offenders)
