"""Trials that may report the same study: flagged on both trial pages in both languages and on the
curation dashboard, and never pooled together (the kept one is, and the pooled view says why)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evidence.curation.report import curation_sections
from evidence.synthesis.from_curated import ExclusionReason, syntheses_for
from trials.models import CellSource, SameStudyLink, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_pair(make_trial, make_arm, make_result, make_measure, make_condition, make_vocabulary):
    """Two published randomised trials with MSC and control albumin at 12 weeks."""
    albumin = make_measure("Serum albumin", slug="albumin")
    liver = make_condition("Test liver condition", slug="test-liver")
    msc = make_vocabulary(CellSource, "Umbilical cord MSC")

    def make(*means: float) -> list[Trial]:
        trials = []
        for mean in means:
            trial = make_trial(conditions=[liver])
            treated = make_arm(trial, cell_source=msc, participants_count=20)
            control = make_arm(trial, label="Control", role="standard_care", participants_count=20)
            make_result(trial, arm=treated, measure=albumin, mean=mean, sd=4, n=20)
            make_result(trial, arm=control, measure=albumin, mean=30, sd=4, n=20)
            trials.append(trial)
        return trials

    return make


def link(kept: Trial, other: Trial) -> SameStudyLink:
    return SameStudyLink.objects.create(
        kept_trial=kept,
        other_trial=other,
        reason="Same authors and the same patients' dates.",
        reason_es="Los mismos autores y las mismas fechas de los pacientes.",
        kept_reason="It is the larger report.",
        kept_reason_es="Es el informe más grande.",
    )


def test_pooling_a_linked_pair_uses_only_the_kept_trial(make_pair):
    kept, other, third = make_pair(33, 35, 31)
    link(kept, other)
    [synthesis] = syntheses_for(Trial.objects.all())
    assert {study.trial_id for study in synthesis.studies} == {kept.pk, third.pk}
    [exclusion] = synthesis.excluded
    assert exclusion.slug == other.slug and exclusion.cause == ExclusionReason.SAME_STUDY
    assert exclusion.reason.endswith(f"{kept} is used (It is the larger report.)")


def test_without_a_link_both_trials_are_pooled(make_pair):
    make_pair(33, 35)
    [synthesis] = syntheses_for(Trial.objects.all())
    assert synthesis.k == 2 and not synthesis.excluded


def test_the_other_trial_is_pooled_where_the_kept_one_has_no_result(make_pair):
    kept, other, third = make_pair(33, 35, 31)
    link(kept, other)
    [synthesis] = syntheses_for(Trial.objects.exclude(pk=kept.pk))
    assert {study.trial_id for study in synthesis.studies} == {other.pk, third.pk}


def test_the_pooled_view_says_which_trial_was_kept_and_why(client, make_pair):
    kept, other = make_pair(33, 35)
    link(kept, other)
    html = client.get(reverse("trials:condition", args=["test-liver"])).content.decode()
    assert f'<a href="{other.get_absolute_url()}">{other}</a>: may report the same patients' in html
    assert f"{kept} is used (It is the larger report.)" in html
    html = client.get("/es/conditions/test-liver/").content.decode()
    assert "Es el informe más grande." in html and "mismos pacientes" in html


@pytest.mark.parametrize(
    ("language", "flag", "kept_words"),
    [
        ("en", "May be the same study as another trial we hold:", "they use this trial"),
        ("es", "Podría ser el mismo estudio que otro ensayo que tenemos:", "usan este ensayo"),
    ],
)
def test_both_trial_pages_show_the_flag(client, make_pair, language, flag, kept_words):
    kept, other = make_pair(33, 35)
    link(kept, other)
    prefix = "/es" if language == "es" else ""
    for trial, partner in ((kept, other), (other, kept)):
        html = client.get(f"{prefix}/trials/{trial.slug}/").content.decode()
        assert flag in html and f'href="{prefix}/trials/{partner.slug}/"' in html
        assert ("Los mismos autores" if language == "es" else "Same authors") in html
        assert (kept_words in html) == (trial == kept)


def test_a_draft_partner_is_never_named(client, make_pair):
    kept, other = make_pair(33, 35)
    Trial.objects.filter(pk=other.pk).update(status="draft")
    link(kept, other)
    html = client.get(f"/trials/{kept.slug}/").content.decode()
    assert "May be the same study" not in html and other.slug not in html


def test_the_dashboard_lists_the_link(client, curator_client, make_pair):
    kept, other = make_pair(33, 35)
    created = link(kept, other)
    [finding] = [
        finding
        for section in curation_sections()
        for finding in section.findings
        if finding.rule.key == "same_study_links"
    ]
    [item] = finding.items
    assert item.url == reverse("admin:trials_samestudylink_change", args=[created.pk])
    assert [link.label for link in item.links] == [str(kept), str(other)]
    html = curator_client.get(reverse("admin:curation")).content.decode()
    assert "Trials that may be the same study" in html and f"{kept} ≈ {other}" in html


def test_a_trial_cannot_be_linked_to_itself_or_twice(make_pair):
    kept, other = make_pair(33, 35)
    with pytest.raises(ValidationError):
        SameStudyLink(kept_trial=kept, other_trial=kept, reason="x", kept_reason="x").full_clean()
    link(kept, other)
    with pytest.raises(ValidationError):
        SameStudyLink(kept_trial=other, other_trial=kept, reason="x", kept_reason="x").full_clean()
