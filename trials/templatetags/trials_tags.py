"""Template filters for the public trial pages: what a list row shows."""

import html
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext, npgettext
from django.utils.translation import gettext as _

register = template.Library()


# ISO 639-2 codes (as PubMed gives them) to the language tags of HTML's lang attribute.
LANGUAGE_TAGS = {"eng": "en", "spa": "es", "chi": "zh", "zho": "zh", "por": "pt", "ger": "de"}


@register.filter
def title_language(reference: Any) -> str:
    """The lang attribute of a reference's title: its own language (English when not given,
    as the titles we hold are English or translated to English by PubMed)."""
    code = (getattr(reference, "language", "") or "").strip().lower()
    return LANGUAGE_TAGS.get(code, code if len(code) == 2 else "en")


@register.filter
def arm_terms(arms: Iterable[Any], attribute: str) -> list[Any]:
    """The distinct cell sources (or routes) of a trial's prefetched arms, in arm order."""
    seen: dict[int, Any] = {}
    for arm in arms:
        term = getattr(arm, attribute)
        if term is not None and term.pk not in seen:
            seen[term.pk] = term
    return list(seen.values())


@register.filter
def any_unverified(arms: Iterable[Any], field_name: str) -> bool:
    """Whether only a review's table supports this field in any of a trial's arms."""
    return any(field_name in (arm.unverified_fields or []) for arm in arms)


@register.filter
def is_unverified(instance: Any, field_name: str) -> bool:
    """Whether only a review's table supports this field of a trial or an arm."""
    return field_name in (getattr(instance, "unverified_fields", None) or [])


@register.filter
def direction(measure: Any) -> str:
    """Which way is better for a measure, in plain words: the one place that says it (the
    curated descriptions leave it out, so a page never says it twice)."""
    counted = getattr(measure, "kind", "") == "binary"  # people with an event: more or fewer
    if measure.higher_is_better is True:
        return _("More is better.") if counted else _("Higher is better.")
    if measure.higher_is_better is False:
        return _("Fewer is better.") if counted else _("Lower is better.")
    return ""


@lru_cache(maxsize=4096)
def _trials_after(language: str | None, count: int) -> str:
    """The word after a count of trials ("trial", "trials"), escaped, in the active language
    (named as the key): looked up once per language and count in each process."""
    return html.escape(npgettext("after a number", "trial", "trials", count))


@register.simple_tag
def facet_options(facet: Any) -> str:
    """The <li> of every option of a facet: plain Python, as ~100 options cost the template
    engine several milliseconds a page (the standard library's escape: Django's wraps each
    call to look for lazy strings)."""
    name = html.escape(facet.name)
    kind = html.escape(facet.kind)
    language = get_language()
    rows = []
    for number, option in enumerate(facet.options, 1):
        count = option.count
        checked = " checked" if option.selected else ""
        rows.append(
            f'<li class="depth-{option.depth}"><input type="{kind}" name="{name}" '
            f'value="{html.escape(option.value)}" id="f-{name}-{number}"{checked}> '
            f'<label for="f-{name}-{number}">{html.escape(option.label)}</label> '
            f'<span class="count">{count}<span class="visually-hidden"> '
            f"{_trials_after(language, count)}</span></span></li>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def facet_list(facets: Iterable[Any]) -> str:
    """Every facet of the list page as its <details> (what a {% for %} over the facets wrote,
    to the byte): about a dozen facets cost the template engine 1-2 ms a page."""
    either = html.escape(_("Either"))
    nothing = html.escape(_("No trials with the other filters."))
    parts = []
    for facet in facets:
        name, label = html.escape(facet.name), html.escape(facet.label)
        chosen = ""
        if facet.selected_count:
            words = ngettext("%(counter)s chosen", "%(counter)s chosen", facet.selected_count)
            chosen = f' <span class="chosen">{words % {"counter": facet.selected_count}}</span>'
        radio = ""
        if facet.kind == "radio":
            checked = "" if facet.selected_count else " checked"
            radio = (
                f'\n            <li><input type="radio" name="{name}" value="" id="f-{name}-any"'
                f'{checked}> <label for="f-{name}-any">{either}</label></li>\n            '
            )
        options = (
            facet_options(facet)
            if facet.options
            else f'\n            <li class="small">{nothing}</li>\n            '
        )
        help_text = (
            f'<p class="small">{html.escape(facet.help_text)}</p>' if facet.help_text else ""
        )
        is_open = " open" if facet.is_open else ""
        parts.append(
            f'\n      <details class="facet"{is_open} id="id_{name}-group">'
            f"\n        <summary>{label}{chosen}</summary>\n        <fieldset>"
            f'\n          <legend class="visually-hidden">{label}</legend>\n          <ul>'
            f"\n            {radio}\n            {options}\n          </ul>\n          {help_text}"
            "\n        </fieldset>\n      </details>\n      "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@register.filter
def cell_count(value: float | None) -> str:
    """A number of cells as a reader writes it: 4.7 × 10⁷ (plain below 10,000)."""
    if value is None:
        return ""
    if abs(value) < 10_000:
        return f"{value:g}"
    mantissa, exponent = f"{value:.3g}".split("e")  # 10,000 and above: always e-notation
    power = str(int(exponent)).translate(_SUPERSCRIPTS)
    return f"{mantissa} × 10{power}"


@register.filter
def dose_per_kg(arm: Any) -> str:
    """'4.7 × 10⁷' or '1 × 10⁶ to 1 × 10⁷' cells per kg, from an arm's lowest and highest dose."""
    low, high = arm.dose_cells_per_kg_min, arm.dose_cells_per_kg_max
    if low is None:
        return ""
    if high is None or high == low:
        return cell_count(low)
    return _("%(low)s to %(high)s") % {"low": cell_count(low), "high": cell_count(high)}
