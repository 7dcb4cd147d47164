"""A review's included studies: matched to trials we hold or kept as citations, and what the
site may say from them (W14: nothing about the trials we hold while there is no list)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from evidence.models import (
    IncludedListState,
    IncludedStudy,
    Review,
    included_summary,
    review_trials_sync,
)
from trials.models import CurationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_listed_review(make_reference):
    """A published review; `studies` are (citation, trial or None) in the review's order."""

    def make(studies=(), *, complete=False, legacy_trials=()):
        reference = make_reference(title="A review of MSC trials")
        review = Review.objects.create(
            reference=reference,
            slug=f"review-{reference.pk}",
            short_title=f"Listed review {reference.pk}",
            status=CurationStatus.PUBLISHED,
            included_studies_complete=complete,
        )
        for position, (citation, trial) in enumerate(studies):
            IncludedStudy.objects.create(
                review=review,
                position=position,
                citation=citation,
                trial=trial,
                match_basis="first author, year" if trial else "no trial we hold",
                match_basis_es="primer autor, año" if trial else "ningún ensayo que tengamos",
            )
        review_trials_sync(review=review)
        review.trials.add(*legacy_trials)  # as typed by hand before lists existed
        return review

    return make


def _article(client, review, path="/evidence/") -> str:  # noqa: ANN001
    html = client.get(path).content.decode()
    match = re.search(rf'<article class="review" id="review-{review.pk}".*?</article>', html, re.S)
    assert match, f"review {review.pk} is not on {path}"
    return match.group(0)


def test_overview_never_counts_held_trials_without_a_list(client, make_trial, make_listed_review):
    review = make_listed_review(legacy_trials=[make_trial(), make_trial()])
    article = _article(client, review)
    assert "We have not yet matched this review's included studies." in article
    assert "We hold" not in article and "Its trials we hold" not in article


def test_overview_counts_what_a_partial_list_supports(client, make_trial, make_listed_review):
    trial = make_trial(short_title="Zhang 2012 trial")
    review = make_listed_review([("Zhang 2012", trial), ("Xu 2019", None)])
    article = _article(client, review)
    assert "We hold 1 of the 2 studies extracted so far from its list" in article
    assert f'<a href="{trial.get_absolute_url()}">Zhang 2012 trial</a>' in article
    assert "We hold no trial that is this study." in article


def test_overview_counts_a_complete_list_and_never_a_draft(client, make_trial, make_listed_review):
    draft = make_trial(short_title="Secret draft trial", status=CurationStatus.DRAFT)
    studies = [("Shi 2012", make_trial()), ("Lin 2013", draft), ("Li 2016", None)]
    article = _article(client, make_listed_review(studies, complete=True))
    assert "We hold 1 of the 3 studies it included." in article
    assert "Secret draft trial" not in article and draft.slug not in article
    assert "Not among the trials we show yet." in article


def test_overview_in_spanish_says_not_yet_matched(client, make_listed_review, make_trial):
    without = make_listed_review()
    listed = make_listed_review([("Shi 2012", make_trial())], complete=True)
    assert "Todavía no hemos cotejado los estudios que incluyó esta revisión." in _article(
        client, without, "/es/evidence/"
    )
    spanish = _article(client, listed, "/es/evidence/")
    assert "Tenemos 1 de 1 estudio que incluyó." in spanish
    assert "primer autor, año" in spanish


def test_the_badge_says_not_yet_matched_without_a_list(
    client, make_trial, make_listed_review, make_measure
):
    review = make_listed_review(legacy_trials=[make_trial()])
    review.pooled_results.create(
        measure=make_measure("Serum albumin"), timepoint_weeks=12, effect_measure="MD", estimate=2
    )
    article = _article(client, review)
    assert "Cannot recompute" in article
    assert "we have not yet matched this review&#x27;s included studies" in article


def test_summary_states(make_trial, make_listed_review):
    assert included_summary(make_listed_review()).state == IncludedListState.NOT_EXTRACTED
    assert included_summary(make_listed_review()).held_count is None
    trial = make_trial()
    two_rows_one_trial = make_listed_review([("A 2012", trial), ("A 2013", trial)], complete=True)
    summary = included_summary(two_rows_one_trial)
    assert summary.state == IncludedListState.COMPLETE
    assert (summary.listed_count, summary.held_count) == (2, 1)


def test_registry_id_must_be_one_we_know(make_listed_review):
    study = IncludedStudy(
        review=make_listed_review(), citation="Shi 2021", match_basis="x", registry_id="NCT0122"
    )
    with pytest.raises(ValidationError, match="not an id of a registry we know"):
        study.full_clean()
    study.registry_id = " NCT01220492 "
    study.full_clean()
    assert study.registry_id == "NCT01220492"


def test_a_study_needs_its_citation_and_match_basis(make_listed_review):
    with pytest.raises(ValidationError) as error:
        IncludedStudy(review=make_listed_review(), citation="", match_basis="").full_clean()
    assert {"citation", "match_basis"} <= error.value.message_dict.keys()


def _review_form(review: Review, studies: list[dict]) -> dict:
    data = {
        "reference": review.reference_id,
        "slug": review.slug,
        "short_title_en": review.short_title,
        "status": review.status,
        "included_studies_complete": "on",
        "pooled_results-TOTAL_FORMS": "0",
        "pooled_results-INITIAL_FORMS": "0",
        "included_studies-TOTAL_FORMS": str(len(studies)),
        "included_studies-INITIAL_FORMS": "0",
    }
    for number, study in enumerate(studies):
        data |= {f"included_studies-{number}-{key}": value for key, value in study.items()}
    return data


def test_admin_inline_matches_studies_and_derives_the_trials(
    curator_client, make_trial, make_listed_review
):
    keep, dropped = make_trial(), make_trial(short_title="Dropped trial")
    review = make_listed_review(legacy_trials=[dropped])
    studies = [
        {"position": 0, "citation": "Shi 2012", "trial": keep.pk, "match_basis_en": "author"},
        {"position": 1, "citation": "Xu 2019", "match_basis_en": "no trial we hold"},
    ]
    url = reverse("admin:evidence_review_change", args=[review.pk])
    response = curator_client.post(url, _review_form(review, studies))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(review.trials.all()) == [keep]
    assert review.included_studies.count() == 2
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert warnings == [
        "“Dropped trial” is no longer among the included trials we hold: no included study "
        "of this review is matched to it."
    ]
    study = review.included_studies.get(position=0)
    assert Version.objects.get_for_object(study).count() == 1


def test_admin_refuses_a_study_without_its_basis(curator_client, make_listed_review):
    review = make_listed_review()
    studies = [{"position": 0, "citation": "Shi 2012", "registry_id": "NCT1"}]
    url = reverse("admin:evidence_review_change", args=[review.pk])
    response = curator_client.post(url, _review_form(review, studies))
    assert response.status_code == 200
    assert not review.included_studies.exists()
    assert "not an id of a registry we know" in response.content.decode()


@pytest.mark.parametrize("who", ["curator", "superuser"])
def test_included_study_admin_pages_open(who, client, curator, admin_user, make_listed_review):
    review = make_listed_review([("Xu 2019", None)])
    client.force_login(curator if who == "curator" else admin_user)
    study = review.included_studies.get()
    for url in (
        reverse("admin:evidence_includedstudy_changelist"),
        reverse("admin:evidence_includedstudy_change", args=[study.pk]),
        reverse("admin:evidence_includedstudy_history", args=[study.pk]),
        reverse("admin:evidence_review_change", args=[review.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_deleting_a_study_in_its_admin_unlinks_the_trial(
    curator_client, make_trial, make_listed_review
):
    trial = make_trial()
    review = make_listed_review([("Shi 2012", trial)])
    study = review.included_studies.get()
    url = reverse("admin:evidence_includedstudy_delete", args=[study.pk])
    assert curator_client.post(url, {"post": "yes"}).status_code == 302
    assert not review.trials.exists()


def test_included_studies_are_in_spanish_with_the_reader(make_listed_review, make_trial):
    review = make_listed_review([("Shi 2012", make_trial())])
    with translation.override("es"):
        assert review.included_studies.get().match_basis == "primer autor, año"
