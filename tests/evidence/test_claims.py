"""The claims page (/evidence/claims/) and its admin: drafts never shown, links only to published
records, a constant number of queries, history of every change."""

import itertools

import pytest
import reversion
from django.contrib.auth.models import User
from django.urls import reverse
from reversion.models import Version

from evidence.models import CertaintyRating, Claim, ClaimSynthesis, PooledResult, Review, Verdict
from trials.models import Trial

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


@pytest.fixture
def make_claim():
    def make(status: str = "published", **links: list) -> Claim:
        number = next(_numbers)
        claim = Claim.objects.create(
            slug=f"claim-{number}",
            position=number,
            text=f"Claim text {number}",
            text_es=f"Texto de la afirmación {number}",
            verdict=Verdict.NOT_SHOWN,
            reason=f"Reason {number}",
            reason_es=f"Motivo {number}",
            status=status,
        )
        for name, records in links.items():
            getattr(claim, name).set(records)
        return claim

    return make


@pytest.fixture
def make_review(make_reference, make_measure):
    def make(status: str = "published") -> Review:
        reference = make_reference(kind="review", title=f"Review title {next(_numbers)}")
        review = Review.objects.create(
            reference=reference, slug=f"review-{reference.pk}", status=status
        )
        PooledResult.objects.create(
            review=review,
            measure=make_measure(slug=f"m-{reference.pk}"),
            effect_measure="MD",
            statement=f"Pooled statement {reference.pk}",
            statement_es=f"Resultado combinado {reference.pk}",
        )
        return review

    return make


def _page(client, language: str = "en") -> str:  # noqa: ANN001
    prefix = "/es" if language == "es" else ""
    response = client.get(f"{prefix}/evidence/claims/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_draft_or_in_review_claim_is_not_shown(client, make_claim):
    shown = make_claim()
    hidden = [make_claim(status="draft"), make_claim(status="in_review")]
    for language in ("en", "es"):
        html = _page(client, language)
        assert f'id="claim-{shown.slug}"' in html
        assert all(claim.slug not in html for claim in hidden)
        assert all(f"{claim.pk}" not in html.split("Claim text")[1:] for claim in hidden)


def test_a_claim_shows_its_verdict_reason_and_published_links(
    client, make_claim, make_trial, make_result, make_review
):
    trial = make_trial(short_title="Published linked trial")
    result = make_result(trial, statement="Published result statement")
    review = make_review()
    claim = make_claim(
        trials=[trial],
        outcome_results=[result],
        reviews=[review],
        pooled_results=list(review.pooled_results.all()),
    )
    html = _page(client)
    assert "Not shown by controlled evidence" in html and claim.reason in html
    assert reverse("trials:detail", args=[trial.slug]) in html
    assert "Published result statement" in html and f"#review-{review.pk}" in html
    assert review.pooled_results.get().statement in html


def test_a_published_claim_never_shows_a_draft_record(
    client, make_claim, make_trial, make_result, make_review
):
    draft_trial = make_trial(status="draft", short_title="Zyxwvut draft trial")
    draft_result = make_result(draft_trial, statement="Zyxwvut draft result")
    draft_review = make_review(status="draft")
    PooledResult.objects.filter(review=draft_review).update(statement="Zyxwvut pooled")
    draft_review.reference.__class__.objects.filter(pk=draft_review.reference_id).update(
        title="Zyxwvut review"
    )
    make_claim(
        trials=[draft_trial],
        outcome_results=[draft_result],
        reviews=[draft_review],
        pooled_results=list(draft_review.pooled_results.all()),
    )
    for language in ("en", "es"):
        html = _page(client, language)
        assert "Zyxwvut" not in html and draft_trial.slug not in html
        assert "What decides it" not in html and "En qué se basa" not in html


def test_the_page_costs_the_same_queries_for_two_and_for_eight_claims(
    client, make_claim, make_trial, make_result, make_review, django_assert_max_num_queries
):
    def claims(count: int) -> None:
        for _ in range(count):
            trial = make_trial()
            review = make_review()
            make_claim(
                trials=[trial],
                outcome_results=[make_result(trial, statement="s")],
                reviews=[review],
                pooled_results=list(review.pooled_results.all()),
            )

    claims(2)
    with django_assert_max_num_queries(6):
        _page(client)
    claims(6)
    with django_assert_max_num_queries(6):
        html = _page(client)
    assert html.count('class="claim"') == 8


def test_the_page_says_when_no_claim_is_published(client, make_claim):
    make_claim(status="draft")
    assert "No claim has been checked and published yet." in _page(client)
    assert "Todavía no se ha comprobado ni publicado ninguna afirmación." in _page(client, "es")


def test_the_claims_page_is_linked_from_the_evidence_page_and_the_sitemap(client):
    assert reverse("evidence:claims") in client.get(reverse("evidence:overview")).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/evidence/claims/" in sitemap and "/es/evidence/claims/" in sitemap


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("staff", 403), ("curator", 200)])
def test_only_curators_edit_claims_in_the_admin(client, curator, make_claim, who, status):
    claim = make_claim()
    if who == "staff":
        client.force_login(User.objects.create_user("staff", password="x" * 20, is_staff=True))
    elif who == "curator":
        client.force_login(curator)
    url = reverse("admin:evidence_claim_change", args=[claim.pk])
    assert client.get(url).status_code == status


def test_a_curators_change_of_verdict_is_kept_in_the_history(
    curator_client, make_claim, make_trial
):
    with reversion.create_revision():
        claim = make_claim()
    trial = make_trial()
    url = reverse("admin:evidence_claim_change", args=[claim.pk])
    form = {
        "slug": claim.slug,
        "position": 0,
        "text_en": claim.text_en,
        "text_es": claim.text_es,
        "verdict": Verdict.CONTRADICTED,
        "reason_en": "Now contradicted.",
        "reason_es": "Ahora contradicha.",
        "trials": [trial.pk],
        "status": "published",
        "syntheses-TOTAL_FORMS": 0,
        "syntheses-INITIAL_FORMS": 0,
    }
    response = curator_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    versions = Version.objects.get_for_object(claim).select_related("revision__user")
    latest, earliest = versions.first(), versions.last()
    assert latest.field_dict["verdict"] == Verdict.CONTRADICTED
    assert latest.revision.user.username == "curator"
    assert earliest.field_dict["verdict"] == Verdict.NOT_SHOWN
    assert latest.field_dict["trials"] == [trial.pk]


def test_the_admin_warns_when_a_linked_record_is_not_published(
    curator_client, make_claim, make_trial
):
    claim = make_claim()
    draft = make_trial(status="draft", short_title="A draft trial")
    url = reverse("admin:evidence_claim_change", args=[claim.pk])
    form = {
        "slug": claim.slug,
        "position": 0,
        "text_en": claim.text_en,
        "text_es": claim.text_es,
        "verdict": claim.verdict,
        "reason_en": claim.reason_en,
        "reason_es": claim.reason_es,
        "trials": [draft.pk],
        "status": "published",
        "syntheses-TOTAL_FORMS": 0,
        "syntheses-INITIAL_FORMS": 0,
    }
    response = curator_client.post(url, form, follow=True)
    assert "Not shown on the claims page until published" in response.content.decode()


@pytest.fixture
def pooled_key(make_trial, make_arm, make_result, make_measure, make_condition, make_vocabulary):
    """Two published randomised MSC trials with albumin at 12 weeks, and the key of their pool."""
    from trials.models import CellSource

    albumin = make_measure("Serum albumin", slug="albumin")
    liver = make_condition("Test liver condition", slug="test-liver")
    msc = make_vocabulary(CellSource, "Umbilical cord MSC")
    for mean in (33, 35):
        trial = make_trial(conditions=[liver])
        treated = make_arm(trial, cell_source=msc)
        control = make_arm(trial, label="Control", role="standard_care")
        make_result(trial, arm=treated, measure=albumin, mean=mean, sd=4, n=20)
        make_result(trial, arm=control, measure=albumin, mean=30, sd=4, n=20)
    return {
        "condition": liver,
        "measure": albumin,
        "intervention_class": "msc",
        "window": "12 weeks",
        "design_group": "randomised",
    }


def test_a_linked_pooled_result_shows_its_certainty_and_reasons(client, make_claim, pooled_key):
    claim = make_claim()
    ClaimSynthesis.objects.create(claim=claim, **pooled_key)
    html = _page(client)
    assert "Our pooled result" in html and "How sure we can be (GRADE certainty):" in html
    assert "Why: the five GRADE domains" in html and "Risk of bias" in html
    assert 'href="/conditions/test-liver/"' in html
    html = _page(client, "es")
    assert "Nuestro resultado combinado" in html and "Riesgo de sesgo" in html


def test_a_curators_rating_of_the_pooled_result_is_what_the_claim_shows(
    client, make_claim, pooled_key
):
    claim = make_claim()
    ClaimSynthesis.objects.create(claim=claim, **pooled_key)
    CertaintyRating.objects.create(
        **pooled_key,
        indirectness=2,
        indirectness_reason="Test patients unlike most readers.",
        status="published",
    )
    html = _page(client)
    assert "rated by our curators" in html and "Test patients unlike most readers." in html


def test_a_linked_pooled_result_without_published_studies_is_not_shown(
    client, make_claim, pooled_key
):
    Trial.objects.update(status="draft")
    claim = make_claim()
    ClaimSynthesis.objects.create(claim=claim, **pooled_key)
    html = _page(client)
    assert "Our pooled result" not in html and "GRADE" not in html


def test_linked_pooled_results_cost_a_constant_number_of_queries(
    client, make_claim, pooled_key, django_assert_max_num_queries
):
    for count in (1, 4):
        for _ in range(count):
            ClaimSynthesis.objects.create(claim=make_claim(), **pooled_key)
        with django_assert_max_num_queries(14):
            html = _page(client)
        assert html.count('class="claim-pooled"') == Claim.objects.count()
