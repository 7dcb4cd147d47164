"""Unknown values said in words, counts with their plural, each measure's direction said once."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from trials.models import OutcomeMeasure, Trial

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


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_measure_says_which_way_is_better_once(client, language):
    call_command("load_demo", verbosity=0)
    with translation.override(language):
        url = reverse("trials:glossary")
    html = client.get(url).content.decode()
    better = "better" if language == "en" else "mejor"
    for measure in OutcomeMeasure.objects.exclude(higher_is_better=None):
        entry = html.split(f'id="measure-{measure.slug}"')[1].split("</dd>")[0]
        assert len(re.findall(rf"\b(?:is|es) {better}\b", entry)) == 1, (language, measure.slug)
