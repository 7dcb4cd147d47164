"""Unknown values said in words, and counts with their plural."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from trials.models import Trial

pytestmark = pytest.mark.django_db


def test_unknown_status_start_and_phase_read_not_recorded(client, catalogue):
    Trial.objects.filter(pk=catalogue.c.pk).update(recruitment_status="", start_date=None, phase="")
    row = client.get(reverse("trials:list") + "?condition=masld").content.decode()
    assert "—" not in row.split('id="results-heading"')[1].split("</ol>")[0]
    assert "phase not recorded" in row and row.count("not recorded") >= 3
    page = client.get(reverse("trials:detail", args=[catalogue.c.slug])).content.decode()
    assert 'href="/glossary/#term-not-recorded"' in page
    glossary = client.get(reverse("trials:glossary")).content.decode()
    assert 'id="term-not-recorded"' in glossary


def test_a_count_of_one_is_singular_in_both_languages(client, catalogue):
    english = client.get(reverse("trials:list")).content.decode()
    assert re.search(r'<span class="count">1<span class="visually-hidden"> trial</span>', english)
    assert "> trials</span>" in english  # the conditions with more than one trial
    with translation.override("es"):
        url = reverse("trials:list")
    spanish = client.get(url).content.decode()
    assert '<span class="count">1<span class="visually-hidden"> ensayo</span>' in spanish
    assert '1<span class="visually-hidden"> ensayos' not in spanish
