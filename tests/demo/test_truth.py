"""With the real demo data: the pages say what the sources say, and no more."""

import re

import pytest

from evidence.models import Review
from trials.models import Design, Trial

pytestmark = pytest.mark.django_db
SPAHR = "/trials/spahr-2013-bm-mnc-alcoholic-liver-disease/"


def test_home_says_what_it_counts(client, demo):
    html = client.get("/").content.decode()
    assert (
        "65 clinical studies of cell therapy in liver disease" in html
        and "53 of MSC, 8 of other cells, 4 of MSC-derived vesicles; "
        "46 have no published results yet."
        in html
    )


def test_spahr_shows_the_printed_numbers_with_their_conflict_and_is_not_pooled(client, demo):
    html = client.get(SPAHR).content.decode()
    assert "18 of 30 (53%)" in html and "60%" not in html
    assert "internally inconsistent as printed; left out of pooling" in html
    evidence = client.get("/evidence/").content.decode()
    assert "MELD fall of 3 points or more at 3 months" not in evidence
    assert "Deaths at 3 months: bone-marrow mononuclear cells against control" in evidence


def test_no_pooled_result_of_the_demo_calls_other_cells_msc(client, demo):
    html = client.get("/evidence/").content.decode()
    for article in re.findall(r'<article class="pooled-result".*?</article>', html, re.DOTALL):
        if "mononuclear" in article:
            assert not re.search(r"\bMSC\b", article)
            assert "τ²" not in article and "Heterogeneity: not applicable" in article


def test_demo_designs_say_only_what_the_sources_say(demo):
    designs = dict(Trial.objects.values_list("slug", "design"))
    assert designs["nct05985863-uc-msc-aclf"] == Design.RCT
    assert designs["qin-2025-uc-msc-doses-hbv-decompensated-cirrhosis"] == Design.DOSE_COMPARISON
    assert designs["peng-2011-bm-msc-hbv-liver-failure"] == Design.MATCHED_COHORT
    assert designs["hucmsc-2018-hbv-decompensated-cirrhosis"] == Design.MATCHED_COHORT
    # Randomisation not stated in their sources (../shared/data: "randomized": null).
    for slug in ("shi-2012-uc-msc-hbv-aclf", "zhang-2012-uc-msc-hbv-decompensated-cirrhosis",
                 "he-2015-uc-msc-hbv-aclf", "el-ansary-2012-bm-msc-hcv-cirrhosis"):  # fmt: skip
        assert designs[slug] == Design.ALLOCATION_NOT_REPORTED, slug


def test_arms_labelled_control_have_a_control_role(demo):
    trial = Trial.objects.get(slug="suk-2016-bm-msc-alcoholic-cirrhosis")
    assert trial.arms.get(label="Control").role == "standard_care"


def test_rewritten_summaries_say_what_was_compared(client, demo):
    suk = client.get("/trials/suk-2016-bm-msc-alcoholic-cirrhosis/").content.decode()
    assert "not with the group that received no cells" in suk
    peng = client.get("/es/trials/peng-2011-bm-msc-hbv-liver-failure/").content.decode()
    assert "sin efectos secundarios graves ni complicaciones graves" in peng
    qin = client.get("/trials/qin-2025-uc-msc-doses-hbv-decompensated-cirrhosis/").content
    assert b"No untreated comparison group." in qin and b"back to its starting level" in qin


def test_evidence_counts_held_trials_only_from_a_review_list(client, demo):
    # W14: a review without its list of included studies says "not yet matched", never a count.
    html = client.get("/evidence/").content.decode()
    articles = re.findall(r'<article class="review".*?</article>', html, re.DOTALL)
    assert len(articles) == Review.objects.count()
    for review in Review.objects.all():
        article = next(a for a in articles if f'id="review-{review.pk}"' in a)
        if review.included_studies.exists():
            assert "We hold " in article and "not yet matched" not in article
        else:
            assert "We have not yet matched this review's included studies." in article
            assert "We hold" not in article and "we hold none" not in article
    assert "We hold 7 of the 10 studies it included." in html  # Xue 2018, its whole table
    assert "We hold 4 of the 7 studies extracted so far from its list" in html  # Lu 2025


def test_review_trials_are_the_matched_included_studies(demo):
    for review in Review.objects.all():
        matched = {s.trial_id for s in review.included_studies.all() if s.trial_id}
        assert set(review.trials.values_list("pk", flat=True)) == matched, review.slug
