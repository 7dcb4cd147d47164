"""Every public URL of the site, discovered from the URLconf (shared by the cross-cutting tests).

Pages, exports, feeds, sitemaps and API endpoints added later are covered without editing the
tests: each named URL pattern outside the admin is an endpoint, and its arguments are filled from
whatever rows a test created (every slug and primary key of the trials and evidence apps).
"""

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

# Namespaces that are not the public site.
PRIVATE_NAMESPACES = {"admin"}
# Query keys every listing, export or API view might read, besides its FilterSet's own.
COMMON_KEYS = (
    "q",
    "search",
    "page",
    "page_size",
    "per_page",
    "limit",
    "offset",
    "cursor",
    "sort",
    "ordering",
    "format",
    "style",
    "lang",
    "next",
    "trial",
    "trials",
    "reference",
    "references",
    "id",
    "ids",
    "slug",
    "status",
)
MAX_URLS_PER_ENDPOINT = 60


@dataclass(frozen=True)
class Endpoint:
    """One named URL pattern: how to reverse it and which arguments it needs."""

    name: str
    route: str
    arguments: tuple[str, ...]
    localized: bool
    sections: tuple[str, ...] = ()  # sitemap sections, when the view takes a sitemaps dict

    def __str__(self) -> str:
        plain = [argument for argument in self.arguments if argument != "format"]
        suffix = ".format" if "format" in self.arguments else ""
        return self.name + (f"({','.join(plain)})" if plain else "") + suffix

    @property
    def is_export(self) -> bool:
        return "export" in self.route or "export" in self.name


def _walk(
    patterns: list, prefix: str, namespace: str | None, arguments: tuple[str, ...], localized: bool
) -> Iterator[Endpoint]:
    for pattern in patterns:
        groups = tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            if (inner or "").split(":")[0] in PRIVATE_NAMESPACES:
                continue
            yield from _walk(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                inner,
                arguments + groups,
                localized or isinstance(pattern.pattern, LocalePrefixPattern),
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            sitemaps = pattern.default_args.get("sitemaps")
            yield Endpoint(
                name=name,
                route=prefix + str(pattern.pattern),
                arguments=arguments + groups,
                localized=localized,
                sections=tuple(sitemaps) if isinstance(sitemaps, dict) else (),
            )


def public_endpoints() -> list[Endpoint]:
    """Every named URL pattern outside the admin, once per name and set of arguments."""
    seen: dict[tuple[str, frozenset[str]], Endpoint] = {}
    for endpoint in _walk(get_resolver().url_patterns, "", None, (), False):
        seen.setdefault((endpoint.name, frozenset(endpoint.arguments)), endpoint)
    return list(seen.values())


def export_formats() -> list[str]:
    """The reference export formats the site offers (none before the exports exist)."""
    try:
        from evidence.exports import FORMATS
    except ImportError:
        return []
    return list(FORMATS)


def filter_keys() -> list[str]:
    """Every public filter parameter: the fields of all FilterSets, plus common query keys."""
    import django_filters

    keys = set(COMMON_KEYS)
    pending = list(django_filters.FilterSet.__subclasses__())
    while pending:
        filterset = pending.pop()
        pending.extend(filterset.__subclasses__())
        for name, declared in getattr(filterset, "base_filters", {}).items():
            keys.add(name)
            keys.add(declared.field_name or name)
    return sorted(keys)


def url_values() -> dict[str, list[str]]:
    """Candidate URL arguments: every slug and primary key stored by the site's own apps."""
    slugs: list[str] = []
    pks: list[str] = []
    for label in ("trials", "evidence"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.object_name.startswith("Historical"):
                continue
            field_names = {field.name for field in model._meta.concrete_fields}
            if "slug" in field_names:
                slugs.extend(model._default_manager.values_list("slug", flat=True)[:50])
            pks.extend(str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:50])
    return {
        "slug": list(dict.fromkeys(slugs)),
        "pk": list(dict.fromkeys(pks)),
        "format": list(dict.fromkeys(["json", *export_formats()])),
    }


def _candidates(endpoint: Endpoint, argument: str, values: dict[str, list[str]]) -> list[str]:
    if argument == "section" and endpoint.sections:
        return list(endpoint.sections)
    if argument in values:
        return values[argument]
    if "slug" in argument:
        return values["slug"]
    if argument in ("id", "object_id") or argument.endswith(("_id", "_pk")):
        return values["pk"]
    return values["slug"] + values["pk"] + values["format"]


def endpoint_urls(
    endpoint: Endpoint, values: dict[str, list[str]], languages: tuple[str, ...] = ("en",)
) -> list[str]:
    """Every URL of the endpoint that the candidate arguments can fill, in each language."""
    choices = [_candidates(endpoint, argument, values) for argument in endpoint.arguments]
    urls: list[str] = []
    for language in languages if endpoint.localized else languages[:1]:
        with translation.override(language):
            combinations = itertools.islice(itertools.product(*choices), MAX_URLS_PER_ENDPOINT)
            for combination in combinations:
                kwargs = dict(zip(endpoint.arguments, combination, strict=True))
                try:
                    urls.append(reverse(endpoint.name, kwargs=kwargs))
                except NoReverseMatch:
                    continue
    return list(dict.fromkeys(urls))


def public_urls(languages: tuple[str, ...] = ("en",)) -> list[tuple[Endpoint, str]]:
    """Every public URL for the rows in the database, with its endpoint."""
    values = url_values()
    return [
        (endpoint, url)
        for endpoint in public_endpoints()
        for url in endpoint_urls(endpoint, values, languages)
    ]


def all_public_urls(languages: tuple[str, ...] = ("en",)) -> list[str]:
    """Every public URL for the rows in the database."""
    return list(dict.fromkeys(url for _, url in public_urls(languages)))


def export_urls(url: str, extras: tuple[str, ...] = ("", "basket=1")) -> list[str]:
    """The URL in each export format (query parameter `format`), also for the visitor's list."""
    joiner = "&" if "?" in url else "?"
    return [
        f"{url}{joiner}format={name}" + (f"&{extra}" if extra else "")
        for name in export_formats()
        for extra in extras
    ]


def body(response: HttpResponse) -> bytes:
    """The whole body, streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def is_markup(response: HttpResponse) -> bool:
    """HTML, XML, SVG or Atom: content a browser or feed reader interprets as markup."""
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type in {"text/html", "application/xhtml+xml"} or content_type.endswith("xml")


FIELD_NAME = re.compile(r"<(?:input|select|textarea|button)\b[^>]*\bname=\"([^\"]+)\"")


def form_field_names(client: Client, urls: list[str]) -> list[str]:
    """The names of the form fields on the public pages (what the POST endpoints read)."""
    names = {"next", "id", "kind", "language", "username", "password"}
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and is_markup(response):
            names.update(FIELD_NAME.findall(body(response).decode(errors="replace")))
    return sorted(names)
