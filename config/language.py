"""The language switcher's target: Django's set_language, able to leave a prefixed page.

Django's set_language translates `next` with translate_url(), which resolves the path in the
language of the switcher's own request (/i18n/setlang/ carries no prefix, so the cookie or the
browser's Accept-Language decides). A reader who opened a shared /es/ link with an English
browser and chose English was sent back to the same /es/ page. Resolving `next` in its own
language first makes every switch land on the same page, filters kept, in the chosen language.
"""

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
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
