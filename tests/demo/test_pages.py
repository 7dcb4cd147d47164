"""With the real demo data loaded (once, tests/demo/conftest.py), every public page renders."""

import pytest
from django.urls import reverse

from evidence.models import Review
from trials.models import Condition, Trial

pytestmark = pytest.mark.django_db


def test_every_demo_trial_page_renders(trial_pages):
    published = Trial.objects.published().values_list("slug", flat=True)
    assert set(trial_pages) == set(published)
    for slug, (status, _html) in trial_pages.items():
        assert status == 200, slug


def test_every_condition_page_renders(client, demo):
    for condition in Condition.objects.active():
        response = client.get(reverse("trials:condition", args=[condition.slug]))
        assert response.status_code == 200, condition.slug


def test_site_pages_render_in_both_languages(client, demo):
    for prefix in ("", "/es"):
        for path in ("/", "/trials/", "/evidence/", "/glossary/", "/list/"):
            assert client.get(prefix + path).status_code == 200, prefix + path


def test_every_export_format_of_the_demo_data(client, demo):
    for export_format in ("ris", "bibtex", "csljson", "csv", "vancouver", "apa", "ama"):
        response = client.get(reverse("evidence:export"), {"format": export_format})
        assert response.status_code == 200, export_format
        assert b"".join(response.streaming_content), export_format


def test_demo_reviews_are_shown(client, demo):
    content = client.get("/evidence/").content.decode()
    for review in Review.objects.published():
        assert f'id="review-{review.pk}"' in content
