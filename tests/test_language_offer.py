"""A browser that prefers Spanish, on an English page it did not choose, is offered Spanish."""

import pytest
from django.conf import settings

from config.language import preferred_language

pytestmark = pytest.mark.django_db

OFFER = '<a href="/es/trials/?condition=cirrhosis" hreflang="es">Ver en español</a>'


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-CO,es;q=0.9,en;q=0.8", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4", "es"),
        ("de", None),
        ("es;q=abc, en;q=0.1", "en"),
        ("", None),
    ],
)
def test_preferred_language_reads_accept_language(header, expected):
    assert preferred_language(header) == expected


def test_spanish_browser_on_an_english_page_is_offered_spanish_without_redirect(client, catalogue):
    response = client.get("/trials/?condition=cirrhosis", headers={"accept-language": "es-CO,es"})
    assert response.status_code == 200
    assert OFFER in response.content.decode()
    assert 'lang="es"' in response.content.decode()


@pytest.mark.parametrize(
    ("path", "header", "cookie"),
    [
        ("/trials/?condition=cirrhosis", "en-US,en;q=0.9,es;q=0.8", None),  # prefers English
        ("/trials/?condition=cirrhosis", "es", "en"),  # chose English with the switcher
        ("/es/trials/?condition=cirrhosis", "es", None),  # already Spanish
    ],
)
def test_no_offer_when_not_wanted(client, catalogue, path, header, cookie):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    response = client.get(path, headers={"accept-language": header})
    assert "Ver en español" not in response.content.decode()


def test_the_offer_keeps_the_page(client, catalogue):
    html = client.get(catalogue.a.get_absolute_url(), headers={"accept-language": "es"}).content
    assert f'href="/es/trials/{catalogue.a.slug}/"'.encode() in html
