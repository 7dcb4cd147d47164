"""The list page's result rows: read in one query, written in one pass in Python.

A template include per row cost several milliseconds a row. Here the words every row shares are
translated once per process and language, the names of the vocabulary terms once per data
version and language (page_cache.per_version), and a row is a few string joins. The HTML is
that of trials/includes/trial_row.html, which the home and condition pages include: a test
renders both for the same trials in every language and compares them.
"""

import datetime
import json
from dataclasses import dataclass
from html import escape
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import page_cache
from .formatting import date_kind_shown, date_label, status_text
from .models import (
    CellSource,
    Condition,
    Country,
    DateKind,
    Design,
    Etiology,
    OutcomeMeasure,
    Phase,
    Route,
    Trial,
    bias_label,
)
from .models.trial import ROW_COLUMNS
from .templatetags.curated_text import trial_name

# The words of every result row (the list, home and condition pages).
ROW_LABELS = {
    "condition": _("Condition"),
    "cells": _("Cells"),
    "route": _("Given by"),
    "design": _("Design"),
    "participants": _("Participants"),
    "status": _("Status"),
    "country": _("Country"),
    "started": _("Started"),
    "outcome_data": _("Outcome data"),
    "risk_of_bias": _("Risk of bias"),
    "recorded": _("recorded"),
    "not_yet": _("not yet"),
    "not_recorded": _("not recorded"),
    "phase_not_recorded": _("phase not recorded"),
}

SLUG_MARK = "slug-to-fill"

# The vocabularies a row or a facet names, with the field a URL uses for a term.
VOCABULARIES: dict[type[Model], str] = {
    Condition: "slug",
    CellSource: "slug",
    Route: "slug",
    Etiology: "slug",
    Country: "code",
    OutcomeMeasure: "slug",
}


def row_labels() -> dict[str, str]:
    """The row words in the active language (for the templates that include trial_row.html)."""
    return {key: str(label) for key, label in ROW_LABELS.items()}


@dataclass(frozen=True)
class Term:
    pk: int
    name: str
    key: str
    is_active: bool


@dataclass(frozen=True)
class Vocabularies:
    """Every term (retired ones too) in the database's order by name, in one language."""

    terms: dict[type[Model], list[Term]]
    names: dict[type[Model], dict[int, str]]
    rank: dict[type[Model], dict[int, int]]
    escaped: dict[type[Model], dict[int, str]]  # the names as HTML, escaped once

    def active(self, model: type[Model]) -> list[Term]:
        return [term for term in self.terms[model] if term.is_active]


def _load_vocabularies() -> Vocabularies:
    terms = {
        model: [
            Term(term.pk, term.name, getattr(term, key), term.is_active)
            for term in model.objects.order_by("name", "pk")
        ]
        for model, key in VOCABULARIES.items()
    }
    return Vocabularies(
        terms,
        {model: {term.pk: term.name for term in items} for model, items in terms.items()},
        {
            model: {term.pk: rank for rank, term in enumerate(items)}
            for model, items in terms.items()
        },
        {
            model: {term.pk: conditional_escape(term.name) for term in items}
            for model, items in terms.items()
        },
    )


def vocabularies(version: str) -> Vocabularies:
    """The terms of this data version in the active language: six small queries, once per
    version and language in each process."""
    return page_cache.per_version("trials:vocabularies", version, _load_vocabularies)


_WORDS: dict[str, dict[str, Any]] = {}


def _words() -> dict[str, Any]:
    """The row words, choice labels and the unverified marker, escaped, once per language."""
    language = get_language() or ""
    if language not in _WORDS:
        _WORDS[language] = {
            **{key: conditional_escape(str(label)) for key, label in ROW_LABELS.items()},
            "designs": {value: conditional_escape(str(label)) for value, label in Design.choices},
            "phases": {value: conditional_escape(str(label)) for value, label in Phase.choices},
            # The marker as trials/includes/unverified.html writes it (its line end included).
            "unverified": " " + render_to_string("trials/includes/unverified.html"),
            "start_labels": {
                kind: conditional_escape(date_label("start", kind))
                for kind in ("", *DateKind.values)
            },
            # A trial's address with the slug left to fill in (slugs need no quoting).
            "detail_url": reverse("trials:detail", args=[SLUG_MARK]).split(SLUG_MARK),
        }
    return _WORDS[language]


def _ids(text: str | None) -> list:
    return json.loads(text) if text else []


def _names(ids: list[int], model: type[Model], terms: Vocabularies) -> str:
    """The terms' names in the vocabulary's order, escaped and joined as the template's join."""
    rank, names = terms.rank[model], terms.escaped[model]
    ordered = sorted({pk for pk in ids if pk in names}, key=rank.__getitem__)
    return ", ".join(names[pk] for pk in ordered)


def _arm_names(arms: list, column: int, model: type[Model], terms: Vocabularies) -> str:
    """The distinct cell sources (or routes) of the arms, in arm order (trials_tags.arm_terms)."""
    names = terms.escaped[model]
    seen: dict[int, None] = {}
    for arm in arms:
        if arm[column] is not None and arm[column] in names:
            seen.setdefault(arm[column])
    return ", ".join(names[pk] for pk in seen)


def _arm_unverified(arms: list[list], field: str) -> bool:
    return any(field in arm[4] for arm in arms)


def render_row(row: dict[str, Any], terms: Vocabularies, words: dict[str, Any], today: Any) -> str:
    """One trial's <article>, the same HTML as trials/includes/trial_row.html."""
    unverified_fields = row["unverified_fields"] or []

    def marker(*fields: str) -> str:
        return words["unverified"] if any(name in unverified_fields for name in fields) else ""

    arms = sorted(_ids(row["arm_rows"]), key=lambda arm: (arm[0], arm[1]))
    for arm in arms:  # SQLite embeds the arm's JSON list as text
        arm[4] = (json.loads(arm[4]) if isinstance(arm[4], str) else arm[4]) or []
    not_recorded = words["not_recorded"]
    conditions = _names(_ids(row["condition_ids"]), Condition, terms)
    countries = _names(_ids(row["country_ids"]), Country, terms)
    sources = _arm_names(arms, 2, CellSource, terms) or not_recorded
    routes = _arm_names(arms, 3, Route, terms) or not_recorded
    status = status_text(
        row["recruitment_status"], row["status_as_of"], row["status_as_of_precision"], today=today
    )
    start_label = words["start_labels"][
        date_kind_shown(row["start_date"], row["start_date_kind"], today=today)
    ]
    bias = bias_label(
        row["bias_overall"], row["bias_tool"], per_outcome=row["bias_per_outcome_id"] is not None
    )
    enrollment = row["enrollment"]
    start = row["start_date"]
    pk = row["pk"]
    slug = escape(row["slug"])
    url_start, url_end = words["detail_url"]
    lines = [
        f'<article class="result" id="trial-{slug}" aria-labelledby="trial-{pk}-title">',
        f'  <h3 id="trial-{pk}-title"><a href="{url_start}{slug}{url_end}">'
        f"{trial_name(SimpleNamespace(**row))}</a></h3>",
        '  <dl class="meta">',
        "    "
        + (
            f'<div data-fields="conditions"><dt>{words["condition"]}</dt>'
            f"<dd>{conditions}</dd></div>"
            if conditions
            else ""
        ),
        f'    <div data-fields="cell_source"><dt>{words["cells"]}</dt><dd>{sources}'
        f"{words['unverified'] if _arm_unverified(arms, 'cell_source') else ''}</dd></div>",
        f'    <div data-fields="route"><dt>{words["route"]}</dt><dd>{routes}'
        f"{words['unverified'] if _arm_unverified(arms, 'route') else ''}</dd></div>",
        f'    <div data-fields="design phase"><dt>{words["design"]}</dt><dd>'
        f"{words['designs'].get(row['design']) or not_recorded}, "
        f"{words['phases'].get(row['phase']) or words['phase_not_recorded']}"
        f"{marker('design', 'phase')}</dd></div>",
        f'    <div data-fields="risk_of_bias"><dt>{words["risk_of_bias"]}</dt><dd>'
        f"{escape(bias)}</dd></div>",
        f'    <div data-fields="enrollment"><dt>{words["participants"]}</dt><dd>'
        f"{not_recorded if enrollment is None else escape(localize(enrollment))}"
        f"{marker('enrollment')}</dd></div>",
        f'    <div data-fields="recruitment_status"><dt>{words["status"]}</dt><dd>'
        f"{escape(status) if status else not_recorded}{marker('recruitment_status')}"
        "</dd></div>",
        "    "
        + (
            f'<div data-fields="countries"><dt>{words["country"]}</dt><dd>{countries}'
            f"{marker('countries')}</dd></div>"
            if countries
            else ""
        ),
        f'    <div data-fields="start_date"><dt>{start_label or words["started"]}'
        f"</dt><dd>{escape(localize(start.year)) if start else not_recorded}"
        "</dd></div>",
        f"    <div><dt>{words['outcome_data']}</dt><dd>"
        f"{words['recorded'] if row['has_results'] else words['not_yet']}</dd></div>",
        "  </dl>",
        "  ",
        "</article>",
        "",
    ]
    return "\n".join(lines)


# The page's ids as one parameter of the rows' statement: an array on PostgreSQL, a JSON list
# on SQLite (json_each is SQLite's own function; it asks nothing of Django's JSON support).
_IDS_SUBQUERY = {
    "postgresql": "SELECT UNNEST(%s::bigint[])",
    "sqlite": "SELECT value FROM json_each(%s)",
}
_IDS = object()  # where the ids go among the compiled statement's parameters


def rows_statement() -> tuple[str, tuple, int]:
    """The rows' statement (page_cache.compiled_statement: compiled by the ORM once per process)
    for the trials whose ids are one parameter, with that parameter's position.

    Compiling Trial.objects.published().for_rows() (four JSON subqueries, modeltranslation's
    queryset) cost about 1 ms of CPU a request."""
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    sql, params = page_cache.compiled_statement(
        "trials:rows",
        lambda: (
            Trial.objects.published()
            .for_rows()
            .filter(pk__in=RawSQL(_IDS_SUBQUERY[vendor], (_IDS,)))
            .order_by()
        ),
    )
    return sql, params, params.index(_IDS)


def _date(value: Any) -> datetime.date | None:
    """A date column: SQLite returns the ISO text the ORM would have converted."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def fetch_rows(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The rows of these published trials by id: the constant statement, one query. Values
    as the ORM gives them (dates as dates, unverified_fields as a list)."""
    if not ids:
        return {}  # no query, as the ORM asks none for pk__in=[]
    connection = connections[DEFAULT_DB_ALIAS]
    sql, constant, ids_at = rows_statement()
    params = list(constant)
    params[ids_at] = list(ids) if connection.vendor == "postgresql" else json.dumps(list(ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        fetched = cursor.fetchall()
    if set(names) != set(ROW_COLUMNS):  # the ORM named the columns otherwise: say so, never guess
        raise ImproperlyConfigured(f"The rows' statement returned columns {sorted(names)}")
    rows = {}
    for values in fetched:
        row = dict(zip(names, values, strict=True))
        row["start_date"] = _date(row["start_date"])
        row["status_as_of"] = _date(row["status_as_of"])
        unverified = row["unverified_fields"]
        row["unverified_fields"] = (
            json.loads(unverified) if isinstance(unverified, str) else unverified
        )
        rows[row["pk"]] = row
    return rows


def result_rows(ids: list[int], version: str) -> list[SafeString]:
    """The rows of these published trials, in this order: one query, written in one pass."""
    rows = fetch_rows(ids)
    terms, words, today = vocabularies(version), _words(), timezone.localdate()
    # Every value above went through escape (html.escape, what Django's escape does, for text
    # that is plain str: the status, the bias label, numbers, the slug) or conditional_escape,
    # or is a number or an escaped marker.
    return [mark_safe(render_row(rows[pk], terms, words, today)) for pk in ids if pk in rows]  # noqa: S308
