"""Template filters for the public trial pages: what a list row shows."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

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


@register.simple_tag
def facet_options(facet: Any) -> str:
    """The <li> of every option of a facet: plain Python, as ~100 options cost the template
    engine several milliseconds a page (the words after each count looked up once a count)."""
    name = escape(facet.name)
    kind = escape(facet.kind)
    after: dict[int, str] = {}
    rows = []
    for number, option in enumerate(facet.options, 1):
        count = option.count
        if count not in after:
            after[count] = escape(npgettext("after a number", "trial", "trials", count))
        checked = " checked" if option.selected else ""
        rows.append(
            f'<li class="depth-{escape(option.depth)}"><input type="{kind}" name="{name}" '
            f'value="{escape(option.value)}" id="f-{name}-{number}"{checked}> '
            f'<label for="f-{name}-{number}">{escape(option.label)}</label> '
            f'<span class="count">{escape(count)}<span class="visually-hidden"> {after[count]}'
            "</span></span></li>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped


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
