"""Every cached part of the public pages: keys, the data version they carry, the timeout.

A cached page or count is valid for one *data version*: a random token in the table
`trials_dataversion` that database triggers replace on every write to a trials or evidence table
(a save, a deletion, an admin bulk update or delete, a vocabulary rename, an import, a raw SQL
change), in the same transaction as the write. Every process and server reads the token from the
database (one query per page), so a change is reflected on the very next request everywhere,
with the per-process cache as with Redis. TIMEOUT only bounds memory, never staleness.

Keys are built from what the page shows: the language, the data version and the cleaned filter
values (trials.filters.canonical_params), so a parameter that is not a filter shares its page.
Fragments are rendered from an explicit context, never the request.
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.apps import AppConfig
from django.core.cache import cache
from django.db import connections
from django.db.models.signals import post_migrate
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from .models import DataVersion, TrialChange

T = TypeVar("T")

TIMEOUT = 600  # seconds; a bound on memory (entries of a past version are never read again)

TRIGGER_PREFIX = "trials_data_version"
# PostgreSQL: one statement-level trigger per table, BEFORE the statement, so a writer takes the
# version row's lock before it locks any row of its own (writers queue; they never deadlock).
_POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}_bump() RETURNS trigger AS $$
BEGIN
    INSERT INTO trials_dataversion (id, token) VALUES (1, (random() * 9e18)::bigint)
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""
_POSTGRESQL_TRIGGER = (
    'CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER_PREFIX}_bump()"
)
# SQLite has row triggers only; its writers are serialised by the database lock anyway.
_SQLITE_TRIGGER = (
    'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {operation} ON "{table}" FOR EACH ROW BEGIN '
    "INSERT INTO trials_dataversion (id, token) VALUES (1, random()) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token; END"
)


def versioned_tables(app_config: AppConfig) -> list[str]:
    """The tables of an app whose writes change the data version: all of them (history tables
    too, the feeds read them), many-to-many tables included, except the version's own and the
    change log (written only by the triggers of a write that changes the version already)."""
    return sorted(
        {
            model._meta.db_table
            for model in app_config.get_models(include_auto_created=True)
            if model._meta.managed and model not in (DataVersion, TrialChange)
        }
    )


def install_version_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Install the data-version triggers on every table of an app (post_migrate; idempotent).

    Run after every migrate and flush, so a table added by a later migration (or rebuilt by
    SQLite's schema editor, which drops its triggers) is covered without a migration of its own.
    """
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if DataVersion._meta.db_table not in existing:
        return  # migrated back to before the version table: nothing to write to
    tables = [table for table in versioned_tables(sender) if table in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRESQL_FUNCTION)
            for table in tables:
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER_PREFIX} ON "{table}"')
                cursor.execute(_POSTGRESQL_TRIGGER.format(name=TRIGGER_PREFIX, table=table))
        else:
            for table in tables:
                for operation in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{TRIGGER_PREFIX}_{table}_{operation.lower()}"
                    cursor.execute(
                        _SQLITE_TRIGGER.format(name=name, operation=operation, table=table)
                    )


VERSION_QUERY = f"SELECT token FROM {DataVersion._meta.db_table} WHERE id = 1"


def data_version() -> str:
    """The current data version and today's date: one query by primary key. The date is part of
    it because pages say whether a status is current (trials/models/freshness.py): a status
    confirmed two years ago today goes stale at midnight without any write."""
    # A constant statement: the ORM would compile this query again on every request.
    with connections["default"].cursor() as cursor:
        cursor.execute(VERSION_QUERY)
        row = cursor.fetchone()
    token = None if row is None else row[0]
    token_text = "0" if token is None else format(token & (2**64 - 1), "x")
    return f"{token_text}-{timezone.localdate().isoformat()}"


def digest(parts: Iterable[Any]) -> str:
    """A short stable digest of key parts (query strings, notices, ids)."""
    return hashlib.sha256(repr(list(parts)).encode()).hexdigest()[:32]


def _key(name: str, version: str, *parts: Any) -> str:
    return f"{name}:{get_language()}:{version}:{digest(parts)}"


def render_fragment(template_name: str, context: dict[str, Any]) -> str:
    """A cached fragment's HTML from its explicit context (no request, no context processors)."""
    return render_to_string(template_name, context)


def list_page(version: str, query: str, notices: list[str], compute: Callable[[], str]) -> str:
    """The list page below its header, cached per language, version, cleaned filters and the
    notices about the raw query string (a repeated or shortened parameter)."""
    return cache.get_or_set(_key("trials:list-page", version, query, notices), compute, TIMEOUT)


def condition_counts(version: str, condition_id: int, compute: Callable[[], T]) -> T:
    """A condition page's counts (narrower conditions, cell sources, routes, kinds of cells)."""
    return cache.get_or_set(
        _key("trials:condition-counts", version, condition_id), compute, TIMEOUT
    )


def condition_pooled(version: str, condition_id: int, compute: Callable[[], T]) -> T:
    """A condition's pooled outcomes (forest plots), cached per language and version."""
    return cache.get_or_set(
        _key("evidence:condition-pooled", version, condition_id), compute, TIMEOUT
    )


def condition_key_messages(version: str, condition_id: int, compute: Callable[[], T]) -> T:
    """A condition's key messages (counts, pooled results, reviews), per language and version."""
    return cache.get_or_set(
        _key("evidence:condition-key-messages", version, condition_id), compute, TIMEOUT
    )


def condition_reviews(version: str, condition_id: int, compute: Callable[[], T]) -> T:
    """The published reviews shown on a condition's page, cached per language and version."""
    return cache.get_or_set(
        _key("evidence:condition-reviews", version, condition_id), compute, TIMEOUT
    )


_latest_by_language: dict[tuple[str, str], tuple[str, Any]] = {}


def per_version(name: str, version: str, build: Callable[[], T]) -> T:
    """A value built once per data version and language in this process (only the latest
    version kept): vocabulary names, the condition tree."""
    key = (name, get_language() or "")
    held = _latest_by_language.get(key)
    if held is None or held[0] != version:
        held = (version, build())
        _latest_by_language[key] = held
    return held[1]


_statements: dict[tuple[str, str, str], tuple[str, tuple]] = {}


def compiled_statement(name: str, build: Callable[[], Any]) -> tuple[str, tuple]:
    """A queryset's SQL and parameters, compiled by the ORM once per process, database and
    language (`QuerySet.query.sql_with_params()`), for a statement a page runs on every request
    through connection.cursor() (counted like any query). Compiling is what costs: the list's
    rows (trials.result_rows) and an unfiltered page's ids (trials.filters.SortedPage)."""
    key = (connections["default"].alias, get_language() or "", name)
    if key not in _statements:
        sql, params = build().query.sql_with_params()
        _statements[key] = (sql, tuple(params))
    return _statements[key]


def connect_version_triggers(app_config: AppConfig) -> None:
    """Call from an app's ready(): its tables get the triggers after every migrate and flush."""
    post_migrate.connect(
        install_version_triggers,
        sender=app_config,
        dispatch_uid=f"{TRIGGER_PREFIX}:{app_config.label}",
    )
