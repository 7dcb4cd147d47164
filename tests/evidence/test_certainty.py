"""GRADE certainty on the pages: the software's suggestion, a curator's rating over it."""

import pytest
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from evidence.models import CertaintyRating
from trials.models import TOOL_DOMAINS, BiasTool, CellSource, DomainJudgement
from trials.models import RiskOfBiasAssessment as Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(make_trial, make_arm, make_result, make_measure, make_condition, make_vocabulary):
    """Two small randomised trials of MSC against control for albumin at 12 weeks."""
    liver = make_condition("Test liver condition", slug="test-liver")
    albumin = make_measure("Serum albumin", slug="albumin")
    source = make_vocabulary(CellSource, "Bone marrow MSC")
    trials = []
    for msc, control in (((33, 4, 12), (30, 4, 12)), ((32, 5, 10), (30, 5, 10))):
        trial = make_trial(conditions=[liver])
        treated = make_arm(trial, participants_count=msc[2], cell_source=source)
        untreated = make_arm(trial, label="Control", role="standard_care")
        for arm, (mean, sd, n) in ((treated, msc), (untreated, control)):
            make_result(trial, arm=arm, measure=albumin, mean=mean, sd=sd, n=n)
        trials.append(trial)
    return liver, albumin, trials


def judge_high(trial):
    assessment = Assessment.objects.create(
        trial=trial, tool=BiasTool.ROB2, overall="high", judged_by="test", status="published"
    )
    for domain in TOOL_DOMAINS[BiasTool.ROB2]:
        DomainJudgement.objects.create(
            assessment=assessment, domain=domain, judgement="high", support="test"
        )


def page(client, liver, language="en"):
    prefix = "/es" if language == "es" else ""
    return client.get(prefix + reverse("trials:condition", args=[liver.slug])).content.decode()


def test_small_high_risk_pool_is_suggested_very_low_in_both_languages(client, pool):
    liver, _albumin, trials = pool
    for trial in trials:
        judge_high(trial)
    html = page(client, liver)
    assert 'certainty-very_low">Very low</span>' in html
    assert "100% of the weight comes from trials at high risk of bias." in html
    assert "we are very uncertain whether treatment with MSC" in html
    assert (
        "because there are concerns about how the trials were done and the trials were small; "
        "the certainty of the evidence is very low." in html
    )
    spanish = page(client, liver, "es")
    assert 'certainty-very_low">Muy baja</span>' in spanish
    assert "no sabemos con certeza si el tratamiento con MSC" in spanish
    assert "; la certeza de la evidencia es muy baja." in spanish


def test_unassessed_trials_are_named_in_the_suggestion(client, pool):
    liver, _albumin, _trials = pool
    html = page(client, liver)
    assert "100% comes from trials whose risk of bias is not assessed" in html
    assert "suggested by the software" in html


def test_a_curators_rating_overrides_the_suggestion_and_is_in_the_history(
    client, curator_client, pool
):
    liver, albumin, trials = pool
    for trial in trials:
        judge_high(trial)
    form = {
        "status": "published",
        "condition": liver.pk,
        "measure": albumin.pk,
        "intervention_class": "msc",
        "window": "12 weeks",
        "design_group": "randomised",
        "risk_of_bias": "1",
        "risk_of_bias_reason_en": "Only the outcome assessors knew the groups.",
        "risk_of_bias_reason_es": "Solo quienes medían conocían los grupos.",
        "imprecision": "1",
        "imprecision_reason_en": "Few people.",
        "imprecision_reason_es": "Pocas personas.",
        "upgrade": "0",
    }
    response = curator_client.post(reverse("admin:evidence_certaintyrating_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    html = page(client, liver)
    assert (
        'certainty-low">Low</span> — rated by our curators (the software suggested very low)'
        in (html)
    )
    assert "Only the outcome assessors knew the groups." in html
    rating = CertaintyRating.objects.get()
    change = reverse("admin:evidence_certaintyrating_change", args=[rating.pk])
    assert curator_client.post(change, form | {"imprecision": "2"}).status_code == 302
    versions = Version.objects.get_for_object(rating).order_by("revision__date_created")
    assert [v.field_dict["imprecision"] for v in versions] == [1, 2]
    assert 'certainty-very_low">Very low</span> — rated by our curators' in page(client, liver)


def test_a_draft_rating_does_not_apply(client, pool):
    liver, albumin, _trials = pool
    CertaintyRating.objects.create(
        condition=liver, measure=albumin, intervention_class="msc", window="12 weeks",
        risk_of_bias=0, inconsistency=0, imprecision=0, status="draft",
    )  # fmt: skip
    assert "rated by our curators" not in page(client, liver)


def test_the_rating_windows_are_the_pooling_windows():
    from evidence.models import TimeWindow
    from evidence.synthesis.from_curated import WINDOWS

    assert TimeWindow.values == [window.label for window in WINDOWS]


def test_imprecision_uses_the_measures_minimal_important_difference(client, pool):
    liver, albumin, _trials = pool
    albumin.important_difference = 2
    albumin.important_difference_source = "A test source, quoted."
    albumin.save()
    with translation.override("en"):
        html = page(client, liver)
    assert "optimal information size" in html or "enough participants" in html
    assert "no minimal important difference is recorded" not in html
