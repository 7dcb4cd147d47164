"""The demo claims: loaded with links only to published records the demo data holds, every
number of a reason found in those records, and the page in both languages."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from evidence.demo.load import DEMO_DATA_DIR, DanglingLinkError, demo_data_load
from evidence.models import Claim, Verdict
from evidence.translation import ClaimTranslation

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
CLAIMS = json.loads((DEMO_DATA_DIR / "claims.json").read_text(encoding="utf-8"))["claims"]
EVIDENCE = json.loads((DEMO_DATA_DIR / "liver_msc_evidence.json").read_text(encoding="utf-8"))


def _copy_data(tmp_path, claims: list[dict]) -> None:  # noqa: ANN001
    """The demo data with these claims, and of the trials and reviews (all loaded already) only
    those the first demo claim links: loading them again is what the load does before the claims,
    without reloading all 65 trials unchanged for each test."""
    for name in ("vocabularies.json", "provenance.json", "same_study.json", "coverage.json"):
        (tmp_path / name).write_text((DEMO_DATA_DIR / name).read_text(encoding="utf-8"))
    linked = _linked_records(CLAIMS[0])
    evidence = {
        **EVIDENCE,
        "trials": [t for t in EVIDENCE["trials"] if t in linked],
        "reviews": [r for r in EVIDENCE["reviews"] if r in linked],
    }
    (tmp_path / "liver_msc_evidence.json").write_text(json.dumps(evidence), encoding="utf-8")
    (tmp_path / "claims.json").write_text(json.dumps({"claims": claims}), encoding="utf-8")


def _numbers(value: object) -> set[str]:
    """Every number in a JSON value, written with a point ('73', '47.8'), ints and floats alike."""
    found = set(NUMBER.findall(json.dumps(value, ensure_ascii=False).replace(",", ".")))
    return found | {n.removesuffix(".0") for n in found}


def _linked_records(claim: dict) -> list[dict]:
    trials = {t["slug"]: t for t in EVIDENCE["trials"]}
    reviews = {r["slug"]: r for r in EVIDENCE["reviews"]}
    records = [trials[s] for s in claim["trials"]] + [reviews[s] for s in claim["reviews"]]
    records += [trials[link["trial"]] for link in claim["outcome_results"]]
    return records + [reviews[link["review"]] for link in claim["pooled_results"]]


def test_the_eight_claims_are_loaded_published_with_a_verdict(demo):
    claims = Claim.objects.published()
    assert claims.count() == len(CLAIMS) == 8
    assert set(claims.values_list("verdict", flat=True)) <= set(Verdict.values)


def test_every_number_in_a_reason_is_in_the_records_it_links(demo):
    # "73%" must be printed by a linked trial or review, so a reason cannot say more than they do.
    problems = []
    for claim in CLAIMS:
        printed = set().union(*(_numbers(record) for record in _linked_records(claim)))
        for field in ("reason", "reason_es"):
            text = claim[field].replace(",", ".")
            problems += [
                f"{claim['slug']} {field}: {n}" for n in NUMBER.findall(text) if n not in printed
            ]
    assert problems == []


def test_every_claim_but_an_uncheckable_one_links_to_evidence(demo):
    for claim in Claim.objects.published().prefetch_related("trials", "reviews"):
        links = claim.trials.count() + claim.reviews.count() + claim.outcome_results.count()
        assert links or claim.verdict == Verdict.NOT_CHECKABLE, claim.slug


def test_demo_claims_have_spanish_for_every_text():
    missing = [
        f"{claim['slug']}: {field}"
        for claim in CLAIMS
        for field in ClaimTranslation.fields
        if claim[field].strip() and not claim.get(f"{field}_es", "").strip()
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ({"trials": ["no-such-trial"]}, "no published trial 'no-such-trial'"),
        ({"reviews": ["no-such-review"]}, "no published review 'no-such-review'"),
        (
            {"outcome_results": [{"trial": "lin-2017-bm-msc-hbv-aclf", "outcome": 99}]},
            "has no outcomes.99",
        ),
        (
            {"pooled_results": [{"review": "lu-2025-msc-aclf", "pooled_result": 0}]},
            "has no pooled_results.0",
        ),
    ],
)
def test_load_refuses_a_claim_linking_to_what_does_not_exist(demo, tmp_path, link, message):  # noqa: ANN001
    claim = {**CLAIMS[0], "slug": "dangling", **link}
    _copy_data(tmp_path, [claim])
    with pytest.raises(DanglingLinkError, match=re.escape(message)):
        demo_data_load(data_dir=tmp_path)
    assert not Claim.objects.filter(slug="dangling").exists()


def test_load_refuses_a_claim_linking_to_a_draft_trial(demo, tmp_path):  # noqa: ANN001
    from trials.models import Trial

    Trial.objects.filter(slug="lin-2017-bm-msc-hbv-aclf").update(status="draft")
    data = json.loads((DEMO_DATA_DIR / "liver_msc_evidence.json").read_text(encoding="utf-8"))
    data["trials"] = [t for t in data["trials"] if t["slug"] != "lin-2017-bm-msc-hbv-aclf"]
    _copy_data(tmp_path, [{**CLAIMS[0], "slug": "to-a-draft"}])
    (tmp_path / "liver_msc_evidence.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DanglingLinkError, match="no published trial 'lin-2017-bm-msc-hbv-aclf'"):
        demo_data_load(data_dir=tmp_path)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_claims_page_shows_every_claim_and_verdict(client, demo, language):
    with translation.override(language):
        url = reverse("evidence:claims")
        html = client.get(url).content.decode()
        for claim in Claim.objects.published():
            assert f'id="claim-{claim.slug}"' in html
            assert str(claim.get_verdict_display()) in html
    assert ("«" in html) == (language == "es")


def test_a_claim_shows_our_pooled_result_with_its_certainty_in_both_languages(client, demo):
    claim = Claim.objects.get(slug="randomised-trials-show-better-liver-function-and-survival")
    for prefix, words in (("", "How sure we can be (GRADE certainty):"), ("/es", "GRADE")):
        html = client.get(f"{prefix}/evidence/claims/").content.decode()
        article = html.split(f'id="claim-{claim.slug}"')[1].split("</article>")[0]
        assert 'class="claim-pooled"' in article and words in article
        assert "certainty-very_low" in article  # one small trial: very low, with its reasons


def test_load_refuses_a_claim_linking_to_a_pooled_result_with_no_study(demo, tmp_path):  # noqa: ANN001
    key = {
        "condition": "fatty-liver-disease",
        "measure": "albumin",
        "intervention_class": "msc",
        "window": "12 weeks",
        "design_group": "randomised",
    }
    _copy_data(tmp_path, [{**CLAIMS[0], "slug": "pools-nothing", "syntheses": [key]}])
    with pytest.raises(DanglingLinkError, match="no published study pools as"):
        demo_data_load(data_dir=tmp_path)
