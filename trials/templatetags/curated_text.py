"""Curated text in the reader's language, or the English text with a visible note.

django-modeltranslation falls back to English when a Spanish field is empty, silently. A reader
of the Spanish site should know when a summary is in English because nobody has translated it
yet, and screen readers should read that text with English pronunciation (lang="en").

    {% load curated_text %}
    {% translated_text trial "plain_summary" block=True %}   paragraphs (linebreaks)
    {% translated_text measure "description" %}              inline text
    {% translated_text condition "description" words=18 %}   its first 18 words

Both give an empty string when the text is empty in every language, so templates can keep
their own "not written yet" message with `{% if trial.plain_summary %}`.
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from modeltranslation.utils import build_localized_fieldname

register = template.Library()


def _language() -> str:
    language = (get_language() or settings.MODELTRANSLATION_DEFAULT_LANGUAGE).split("-")[0]
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def curated_value(obj: object, field: str) -> tuple[str, bool]:
    """(text, is_fallback): the text in the active language, else the default language's."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    language = _language()
    own = getattr(obj, build_localized_fieldname(field, language), None) or ""
    if own.strip() or language == default:
        return own, False
    fallback = getattr(obj, build_localized_fieldname(field, default), None) or ""
    return fallback, bool(fallback.strip())


def untranslated_note() -> str:
    """The visible note beside English text shown on a page in another language."""
    return gettext("This text has not been translated yet; it is shown in English.")


def curated_html(obj: object, field: str, *, block: bool = False, words: int = 0) -> SafeString:
    """The curated field as escaped HTML: in the reader's language, or the English marked
    lang="en" with the visible note. For Python that builds page text (outcome tables, pooled
    results); templates use {% translated_text %}."""
    if obj is None:
        return SafeString("")
    text, is_fallback = curated_value(obj, field)
    if not text.strip():
        return SafeString("")
    if words:
        text = Truncator(text).words(words)
    body = linebreaks_filter(text, autoescape=True) if block else conditional_escape(text)
    if not is_fallback:
        return SafeString(body)
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if block:
        return format_html(
            '<p class="small untranslated-note">{}</p><div lang="{}">{}</div>',
            untranslated_note(),
            default,
            body,
        )
    return format_html(
        '<span lang="{}">{}</span> <span class="small untranslated-note">({})</span>',
        default,
        body,
        untranslated_note(),
    )


def curated_plain(obj: object, field: str) -> str:
    """The curated field as plain text (feeds): in the reader's language, or the English
    followed by the note in brackets."""
    if obj is None:
        return ""
    text, is_fallback = curated_value(obj, field)
    if is_fallback:
        return f"{text} ({untranslated_note()})"
    return text


@register.simple_tag
def translated_text(obj: object, field: str, block: bool = False, words: int = 0) -> SafeString:
    """The curated field, escaped; block=True: as paragraphs; words=N: its first N words."""
    return curated_html(obj, field, block=block, words=words)


@register.simple_tag
def trial_name(trial: object) -> SafeString:
    """A trial's short title in the reader's language (marked English with the note when not
    translated), or its official title, which stays in its own language."""
    if (getattr(trial, "short_title_en", "") or "").strip():
        return curated_html(trial, "short_title")
    language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return format_html('<span lang="{}">{}</span>', language, trial.title)


@register.filter
def short_name(measure: object) -> str:
    """The abbreviation to show after a measure's name, or "". Abbreviations are kept in English
    only, so a page in another language shows just the acronyms (MELD, INR, Child-Pugh) and not
    English words such as 'Survival' or 'Severe infection'."""
    abbreviation = (getattr(measure, "abbreviation", "") or "").strip()
    if not abbreviation or abbreviation == getattr(measure, "name", None):
        return ""
    if _language() == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return abbreviation
    if " " in abbreviation or sum(character.isupper() for character in abbreviation) < 2:
        return ""
    return abbreviation
