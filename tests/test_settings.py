"""Settings come from the environment and refuse unsafe combinations."""

import runpy
import subprocess
import sys
from pathlib import Path

from django.db.utils import ConnectionHandler

ROOT = Path(__file__).resolve().parents[1]


def load_settings(**environment: str) -> subprocess.CompletedProcess:
    code = "import config.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"
    env = {"PATH": "/usr/bin:/bin", **environment}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_debug_is_on_without_a_secret_key():
    assert load_settings().stdout.startswith("True")


def test_development_key_is_refused_with_debug_off():
    result = load_settings(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_configured_key_turns_debug_off():
    assert load_settings(DJANGO_SECRET_KEY="x" * 50).stdout.startswith("False")


def test_database_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")
    assert "postgresql" in result.stdout


def test_sqlite_runs_in_write_ahead_logging_mode(tmp_path, monkeypatch, django_db_blocker):
    # The settings read in this process (not another: Django's start-up would cost a second),
    # and a connection made from them as Django makes its own (the site's handlers connected),
    # to a file of its own rather than the test database.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    databases = runpy.run_path(str(ROOT / "config" / "settings.py"))["DATABASES"]
    connection = ConnectionHandler(databases)["default"]
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        connection.close()


def test_redis_url_moves_the_cache_to_redis():
    code = "import config.settings as s; print(s.CACHES['default'])"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_REDIS_URL": "redis://127.0.0.1:6379/3"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert "RedisCache" in result.stdout and "redis://127.0.0.1:6379/3" in result.stdout
    env.pop("DJANGO_REDIS_URL")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert "LocMemCache" in result.stdout
