"""Withdrawn means gone on the very next request, on every public URL, with the caches warm.

Every public URL (tests/public_urls.py, both languages, with filter and search variants) is
requested first, so every cached page, count, row and plot holds the trials; then a term is
renamed and every URL requested again (the caches warm again, every trial still shown); then a
trial is unpublished, deleted, bulk-deleted by the admin, bulk-updated and changed by raw SQL
(as another worker or psql would). After each change no public response may show what was
renamed or withdrawn. One walk per data state, which the tests read. Real commits: the data
version is read from the database, as each gunicorn worker reads it.
"""

import itertools
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation

from trials import page_cache
from trials.models import CellSource, Trial

from .filled_rows import PUBLISHED, make_full_trial, make_vocabularies
from .public_urls import body, export_urls, public_urls

_numbers = itertools.count(1)
STEMS = ["Unpublishme", "Deleteme", "Bulkdeleteme", "Bulkupdateme", "Rawsqlme", "Stayme"]
NEW_NAME = "Freshly renamed source"


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


def build_site() -> tuple[list[str], dict[str, Trial], dict]:
    """Six published trials sharing one set of terms, and every public URL for them."""
    shared = make_vocabularies(words("Sharedterm"), "shared", "XX")
    trials = {
        stem: make_full_trial(
            text=words(stem), slug=stem.lower(), status=PUBLISHED, vocabularies=shared
        )
        for stem in STEMS
    }
    variants = ["q=Stayme", f"cell_source={shared['cell_source'].slug}", "sort=title"]
    urls = []
    for endpoint, url in public_urls(languages=("en", "es")):
        more = [f"{url}?{query}" for query in variants] if not endpoint.arguments else []
        if endpoint.is_export:
            more += export_urls(url, extras=("",))
        urls += [url, *more]
    return urls, trials, shared


def withdraw(trials: dict[str, Trial]) -> None:
    """Unpublish, delete, bulk-delete in the admin, bulk-update and change by raw SQL."""
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


@pytest.fixture(scope="module")
def walks(django_db_setup, django_db_blocker) -> dict[str, dict[str, list[str]]]:  # noqa: ANN001
    """One walk per data state, each over every public URL with the caches warm from the walk
    before it: the site as built (which warms every cache), then a term renamed, then five
    trials withdrawn. The tests read what each walk found; every change is a real commit, and
    the tests are transactional (the database is emptied after each)."""
    # The rows are written in English, whatever language the walk before left active (a
    # request to /es/ leaves Spanish active, and modeltranslation writes the active language).
    english = translation.override("en")
    with django_db_blocker.unblock():
        cache.clear()
        with english:
            urls, trials, shared = build_site()
        client = Client(raise_request_exception=False)
        old_name = shared["cell_source"].name
        found = {"built": walk(client, urls, [*STEMS, old_name])}  # every cache warm
        with english:
            CellSource.objects.filter(pk=shared["cell_source"].pk).update(name=NEW_NAME)
        found["renamed"] = walk(client, urls, [*STEMS, old_name, NEW_NAME])
        with english:
            withdraw(trials)
        found["withdrawn"] = walk(client, urls, STEMS)
        cache.clear()
    found["old_name"] = old_name
    return found


@pytest.mark.django_db(transaction=True)
def test_every_public_url_drops_a_withdrawn_trial_on_the_next_request(walks):
    # The walk before the withdrawals showed every trial (so each was in the warm caches).
    assert all(walks["renamed"][stem] for stem in STEMS)
    shown = dict(walks["withdrawn"])
    assert shown.pop("Stayme")
    assert shown == dict.fromkeys(shown, [])


@pytest.mark.django_db(transaction=True)
def test_a_renamed_term_is_renamed_everywhere_on_the_next_request(walks):
    assert all(walks["built"].values())  # every trial and the term's old name were shown
    old_name = walks["old_name"]
    assert walks["renamed"][old_name] == [] and walks["renamed"][NEW_NAME]


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
