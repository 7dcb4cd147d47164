"""The demo data in Spanish: its vocabulary's Spanish names reach the Spanish pages."""

import pytest
from django.urls import reverse
from django.utils import translation

from trials.models import Condition

pytestmark = pytest.mark.django_db

NOTE_ES = "Este texto aún no está traducido; se muestra en inglés."


def spanish(name: str, *args: object) -> str:
    with translation.override("es"):
        return reverse(name, args=args)


def test_demo_data_loads_the_spanish_vocabulary(client, demo):
    condition = Condition.objects.get(slug="decompensated-cirrhosis")
    assert condition.name_es == "Cirrosis descompensada"
    html = client.get(spanish("trials:condition", condition.slug)).content.decode()
    assert "<h1>Cirrosis descompensada</h1>" in html
    assert NOTE_ES not in html
