"""Withdrawn means gone on the very next request, on every public URL, with the caches warm.

Every public URL (tests/public_urls.py, both languages, with filter and search variants) is
requested first, so every cached page, count, row and plot holds the trials; then a trial is
unpublished, deleted, bulk-deleted by the admin, bulk-updated, changed by raw SQL from another
connection (as another worker or psql would), and a term is renamed. After each change no public
response may show what was withdrawn. Real commits (transactional_db): the data version is read
from the database, as each gunicorn worker reads it.
"""

import itertools
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from trials import page_cache
from trials.models import CellSource, Trial

from .filled_rows import PUBLISHED, make_full_trial, make_vocabularies
from .public_urls import body, export_urls, public_urls

_numbers = itertools.count(1)


def words(stem: str) -> Callable[[int | None], str | None]:
    """Text for every field of one trial, each containing the trial's own word."""

    def text(max_length: int | None) -> str | None:
        value = f"{stem} {next(_numbers)}"
        return value if max_length is None or len(value) <= max_length else None

    return text


def walk(client: Client, urls: list[str], needles: list[str]) -> dict[str, list[str]]:
    """For each needle, the URLs whose response shows it (case-insensitive): one walk."""
    found: dict[str, list[str]] = {needle: [] for needle in needles}
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        text = body(response).lower()
        for needle in needles:
            if needle.lower().encode() in text:
                found[needle].append(url)
    return found


@pytest.fixture
def site(transactional_db):  # noqa: ANN001, ANN201
    cache.clear()
    shared = make_vocabularies(words("Sharedterm"), "shared", "XX")
    stems = ["Unpublishme", "Deleteme", "Bulkdeleteme", "Bulkupdateme", "Rawsqlme", "Stayme"]
    trials = {
        stem: make_full_trial(
            text=words(stem), slug=stem.lower(), status=PUBLISHED, vocabularies=shared
        )
        for stem in stems
    }
    variants = ["q=Stayme", f"cell_source={shared['cell_source'].slug}", "sort=title"]
    urls = []
    for endpoint, url in public_urls(languages=("en", "es")):
        more = [f"{url}?{query}" for query in variants] if not endpoint.arguments else []
        if endpoint.is_export:
            more += export_urls(url, extras=("",))
        urls += [url, *more]
    client = Client(raise_request_exception=False)
    shown = walk(client, urls, [*stems, shared["cell_source"].name])  # every cache warm
    assert all(shown.values()), [needle for needle, where in shown.items() if not where]
    return client, urls, trials, shared


def test_every_public_url_drops_a_withdrawn_trial_on_the_next_request(site):
    client, urls, trials, _shared = site
    trials["Unpublishme"].status = "draft"
    trials["Unpublishme"].save()
    trials["Deleteme"].delete()
    admin = User.objects.create_superuser("boss", "boss@example.org", "pw")
    curator = Client()
    curator.force_login(admin)
    response = curator.post(
        reverse("admin:trials_trial_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [trials["Bulkdeleteme"].pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    Trial.objects.filter(pk=trials["Bulkupdateme"].pk).update(status="in_review")
    with connection.cursor() as cursor:  # no Django signal, no updated_at: only the database knows
        cursor.execute(
            "UPDATE trials_trial SET status = 'draft' WHERE id = %s", [trials["Rawsqlme"].pk]
        )

    shown = walk(client, urls, list(trials))
    assert shown.pop("Stayme")
    assert shown == dict.fromkeys(shown, [])


def test_a_renamed_term_is_renamed_everywhere_on_the_next_request(site):
    client, urls, _trials, shared = site
    source = shared["cell_source"]
    old_name = source.name
    CellSource.objects.filter(pk=source.pk).update(name="Freshly renamed source")
    shown = walk(client, urls, [old_name, "Freshly renamed source"])
    assert shown[old_name] == [] and shown["Freshly renamed source"]


def tables_with_version_triggers(using: str = "default") -> set[str]:
    """The tables that carry the data-version trigger (what the tests check against the apps)."""
    with connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s",
                [page_cache.TRIGGER_PREFIX],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [f"{page_cache.TRIGGER_PREFIX}%"],
        )
        return {row[0] for row in cursor.fetchall()}


def test_every_table_of_trials_and_evidence_changes_the_data_version(transactional_db):
    from django.apps import apps

    tables = set()
    for label in ("trials", "evidence"):
        tables |= set(page_cache.versioned_tables(apps.get_app_config(label)))
    assert "trials_trial" in tables and "evidence_reference" in tables
    assert tables - tables_with_version_triggers() == set()


def test_the_data_version_changes_with_a_write_and_only_then(transactional_db, make_condition):
    before = page_cache.data_version()
    assert page_cache.data_version() == before
    make_condition("Fibrosis")
    after = page_cache.data_version()
    assert after != before
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM trials_condition")
    assert page_cache.data_version() not in {before, after}
