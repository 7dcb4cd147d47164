"""The language switcher's target: Django's set_language, able to leave a prefixed page.

Django's set_language translates `next` with translate_url(), which resolves the path in the
language of the switcher's own request (/i18n/setlang/ carries no prefix, so the cookie or the
browser's Accept-Language decides). A reader who opened a shared /es/ link with an English
browser and chose English was sent back to the same /es/ page. Resolving `next` in its own
language first makes every switch land on the same page, filters kept, in the chosen language.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import translate_url
from django.utils import translation
from django.views.i18n import set_language as django_set_language


def set_language(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next", request.GET.get("next", ""))
    try:
        path = urlsplit(next_url).path
    except ValueError:  # e.g. "//[": not a URL; Django's own check then refuses it as unsafe
        path = ""
    path_language = translation.get_language_from_path(path)
    if path_language:
        translation.activate(path_language)
    return django_set_language(request)


def preferred_language(accept_language: str) -> str | None:
    """The site language the browser ranks highest in its Accept-Language header, if any."""
    supported = {code for code, _name in settings.LANGUAGES}
    best, best_quality = None, 0.0
    for part in accept_language.split(",")[:20]:
        tag, _, parameters = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        quality = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
        if code in supported and quality > best_quality:
            best, best_quality = code, quality
    return best


def spanish_offer(request: HttpRequest) -> dict[str, str]:
    """'Ver en español' on an English page for a browser that prefers Spanish, when the visitor
    has not chosen a language (no cookie from the switcher): a link, never a redirect, so a
    shared English link stays English."""
    if translation.get_language() != settings.LANGUAGE_CODE:
        return {}
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return {}
    if preferred_language(request.headers.get("accept-language", "")) != "es":
        return {}
    here = request.get_full_path()
    spanish = translate_url(here, "es")
    return {"spanish_offer_url": spanish} if spanish != here else {}
