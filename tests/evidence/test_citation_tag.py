"""The trial page cites its references with the CSL engine of the exports (citeproc-py)."""

import pytest
from django.test import Client
from django.utils import translation

from evidence.exports import citations
from evidence.exports.records import record_from_reference
from evidence.models import Reference, ReferenceAuthor

pytestmark = pytest.mark.django_db


def test_the_trial_page_prints_every_initial_as_the_vancouver_download_does(
    client: Client, make_trial, make_reference, django_assert_max_num_queries
):
    trial = make_trial(slug="test-cited-trial")
    reference = make_reference(trial=trial, authors=(), volume="15", issue="6", pages="1431-41")
    for position, (family, given) in enumerate([("Li", "YY"), ("van der Berg", "H J")]):
        ReferenceAuthor.objects.create(
            reference=reference, position=position, family=family, given=given
        )
    with django_assert_max_num_queries(11):  # the trial page's budget (tests/trials/test_views.py)
        page = client.get(trial.get_absolute_url()).content.decode()
    entry = citations.bibliography([record_from_reference(Reference.objects.get())])[0]
    assert entry.startswith("Li YY, van der Berg HJ. Test reference")
    assert f'<span class="citation">{entry}</span>' in page


def test_an_author_list_that_ends_in_et_al_says_so(make_reference):
    reference = make_reference(authors=("Jang",), authors_complete=False)
    entry = citations.bibliography([record_from_reference(reference)])[0]
    assert entry.startswith("Jang A, et al. Test reference")


def test_a_spanish_page_cites_in_spanish_terms(client: Client, make_trial, make_reference):
    trial = make_trial(slug="test-cited-registry")
    make_reference(
        trial=trial,
        kind="registry_record",
        authors=(),
        title="Test official title",
        publisher="ClinicalTrials.gov",
        report_number="NCT00000009",
        url="https://clinicaltrials.gov/study/NCT00000009",
        accessed_date="2026-01-02",
    )
    with translation.override("es"):
        page = client.get(trial.get_absolute_url()).content.decode()
    assert "Identifier NCT00000009, Test official title" in page
    assert "[citado 2 de enero de 2026]" in page and "Disponible en:" in page


def test_a_citation_with_a_value_only_a_review_gives_is_marked_unverified(
    client: Client, make_trial, make_reference
):
    trial = make_trial(slug="test-unverified-citation")
    make_reference(trial=trial, unverified_fields=["year"])
    page = client.get(trial.get_absolute_url()).content.decode()
    citation = page[page.index('<span class="citation">') :]
    assert citation.index('class="unverified"') < citation.index('<span class="citation-links">')
