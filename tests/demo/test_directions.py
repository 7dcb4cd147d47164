"""Each demo measure says which way is better once (its description leaves it to the site)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from trials.models import OutcomeMeasure

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_measure_says_which_way_is_better_once(client, demo, language):
    with translation.override(language):
        url = reverse("trials:glossary")
    html = client.get(url).content.decode()
    better = "better" if language == "en" else "mejor"
    for measure in OutcomeMeasure.objects.exclude(higher_is_better=None):
        entry = html.split(f'id="measure-{measure.slug}"')[1].split("</dd>")[0]
        assert len(re.findall(rf"\b(?:is|es) {better}\b", entry)) == 1, (language, measure.slug)
