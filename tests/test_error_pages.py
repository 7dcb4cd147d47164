"""Error pages with DEBUG off: the site's frame, the page's language, a search box, a way back."""

import pytest
from django.template.loader import get_template
from django.test import Client
from django.utils import translation

pytestmark = [pytest.mark.urls("tests.error_urls")]

WAY_BACK = 'href="/"'


@pytest.fixture
def production(settings) -> Client:
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def assert_frame(html: str, language: str) -> None:
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and 'class="caveats"' in html
    assert 'name="q"' in html  # the search box
    assert "Traceback" not in html and "a bug, on purpose" not in html


@pytest.mark.django_db
def test_404_in_english_with_search_and_a_way_back(production):
    response = production.get("/trials/no-such-trial/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_frame(html, "en")
    assert "We cannot find this page" in html
    assert WAY_BACK in html and 'action="/trials/"' in html


@pytest.mark.django_db
def test_404_under_es_is_in_spanish(production):
    response = production.get("/es/no-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_frame(html, "es")
    assert "No encontramos esta página" in html
    assert 'href="/es/"' in html and 'action="/es/trials/"' in html
    assert "We cannot find this page" not in html


@pytest.mark.django_db
def test_unprefixed_404_stays_english_for_a_spanish_browser(production):
    response = production.get("/no-such-page/", headers={"accept-language": "es"})
    assert "We cannot find this page" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "english", "spanish"),
    [
        ("/fail/", 500, "Something went wrong on our side", "Algo falló de nuestro lado"),
        ("/forbid/", 403, "This page is not open to visitors", "Esta página no está abierta"),
        ("/refuse/", 400, "We could not understand this request", "No pudimos entender"),
    ],
)
def test_error_pages_in_both_languages(production, path, status, english, spanish):
    response = production.get(path)
    assert response.status_code == status
    assert_frame(response.content.decode(), "en")
    assert english in response.content.decode()
    response = production.get("/es" + path)
    assert response.status_code == status
    assert_frame(response.content.decode(), "es")
    assert spanish in response.content.decode()


def test_500_page_renders_without_database_or_request():
    # No django_db mark: any query here fails the test. Django's server_error renders the
    # template with no context and no request; this does the same.
    with translation.override("es"):
        html = get_template("500.html").render()
    assert_frame(html, "es")
    assert "Algo falló de nuestro lado" in html


@pytest.mark.django_db
def test_expired_form_gets_a_friendly_403_not_django_s(settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    response = client.post("/es/list/add/", {"kind": "trial", "id": "1"})
    assert response.status_code == 403
    html = response.content.decode()
    assert_frame(html, "es")
    assert "No pudimos comprobar su solicitud" in html
