"""Issue 21 and issue 15 item 9 with the real demo data: the registered studies and reviews are
loaded, every identifier the issue names is held or listed as missing, and what speaks against
the treatment is shown where patients look, in English and Spanish."""

import re

import pytest

from evidence.curation import duplicates
from evidence.models import Review
from trials.models import CoverageGap, RegistryId, Trial

pytestmark = pytest.mark.django_db

# Issue 21's list, in its order.
ISSUE_21_IDS = [
    "NCT01342250",
    "NCT01491165",
    "NCT01233102",
    "NCT05948982",
    "NCT01218464",
    "NCT01854125",
    "NCT01499459",
    "NCT02943889",
    "NCT01591200",
    "NCT01062750",
    "NCT05881668",
    "NCT06825572",
    "NCT03863002",
    "NCT01221454",
    "NCT00420134",
    "NCT04243681",
    "NCT01454336",
    "NCT02652351",
    "NCT02786017",
    "NCT03209986",
    "NCT03668145",
    "NCT03626090",
    "NCT03826433",
    "NCT03838250",
    "NCT01120925",
    "NCT03668171",
    "NCT05155657",
    "NCT05106972",
    "NCT05121870",
    "NCT03460795",
    "NCT01728727",
    "NCT01224327",
    "NCT01844063",
    "NCT01662973",
    "NCT02223897",
    "NCT01690247",
    "NCT01877759",
    "ChiCTR-ONC-12002103",
]
NEW_REVIEW_DOIS = [
    "10.1186/s13287-022-02882-4",  # 12 RCTs, no survival benefit
    "10.1186/s13287-020-01935-w",  # Zhou 2020
    "10.1186/s13287-018-0816-2",  # Zhao 2018
    "10.1155/2018/9231710",  # Cao 2018
    "10.5152/tjg.2021.19694",  # Ouyang 2021, Turk J Gastroenterol
    "10.1002/14651858.CD015173",  # Cochrane protocol
    "10.14218/JCTH.2019.00008",  # Wu 2019
]
WANG = "/trials/wang-2018-autologous-stem-cells-decompensated-cirrhosis-cohort/"


def test_every_identifier_of_issue_21_is_held_or_listed_as_missing(demo):
    held = set(
        RegistryId.objects.filter(trial__status="published").values_list("identifier", flat=True)
    )
    missing = set(
        CoverageGap.objects.filter(note__status="published").values_list("identifier", flat=True)
    )
    assert missing == {"NCT01662973", "NCT02223897", "NCT01690247", "ChiCTR-ONC-12002103"}
    assert [i for i in ISSUE_21_IDS if i not in held and i not in missing] == []
    assert held.isdisjoint(missing)


def test_the_new_reviews_and_the_wang_cohort_are_loaded(demo):
    dois = set(Review.objects.published().values_list("reference__doi", flat=True))
    assert {doi.lower() for doi in NEW_REVIEW_DOIS} <= {doi.lower() for doi in dois}
    assert (
        Review.objects.published()
        .filter(reference__title__startswith="Therapeutic Effects of Mesenchymal")
        .exists()
    )  # Kim 2015
    wang = Trial.objects.get(slug=WANG.split("/")[2])
    assert wang.design == "matched_cohort"
    assert wang.trial_references.filter(reference__pmid="30397424").exists()


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("", ["no clear benefit on survival", "no effect on the risk of death from any cause",
              "lasted up to 24 weeks but not beyond 48 weeks"]),
        ("/es", ["sin beneficio claro en la supervivencia",
                 "ni efecto sobre el riesgo de muerte por cualquier causa",
                 "duró hasta 24 semanas, pero no más allá de 48 semanas"]),
    ],
)  # fmt: skip
def test_evidence_shows_the_findings_against_the_treatment(client, demo, language, phrases):
    html = client.get(f"{language}/evidence/").content.decode()
    for phrase in phrases:
        assert phrase in html, phrase


@pytest.mark.parametrize(
    ("language", "phrases"),
    [("", ["47.8", "21.7", "cannot be credited to (or blamed on) the cells"]),
     ("/es", ["47,8", "21,7", "no pueden atribuirse con certeza a las células"])],
)  # fmt: skip
def test_the_cohort_page_shows_more_liver_cancer_and_why_it_is_not_proof(
    client, demo, language, phrases
):
    html = client.get(f"{language}{WANG}").content.decode()
    for phrase in phrases:
        assert phrase in html, phrase


def test_condition_pages_show_the_reviews_that_found_no_benefit(client, demo):
    cirrhosis = client.get("/conditions/decompensated-cirrhosis/").content.decode()
    assert "What systematic reviews found" in cirrhosis
    assert "no effect on the risk of death from any cause" in cirrhosis  # Ouyang 2021
    assert "no clear benefit on survival" in cirrhosis  # the 2022 review of 12 RCTs
    spanish = client.get("/es/conditions/decompensated-cirrhosis/").content.decode()
    assert "Lo que encontraron las revisiones sistemáticas" in spanish
    assert "sin beneficio claro en la supervivencia" in spanish


def test_a_trial_page_links_the_review_that_included_it(client, demo):
    html = client.get("/trials/shi-2021-uc-msc-hbv-decompensated-cirrhosis/").content.decode()
    assert (
        "The assessment of mesenchymal stem cells therapy in acute on chronic liver failure" in html
    )
    assert "Systematic review that includes it" in html


def test_home_and_list_state_what_is_held_and_what_is_missing(client, demo):
    for url in ("/", "/trials/"):
        html = client.get(url).content.decode()
        assert "We hold 65 published studies, not every study there is." in html
        for identifier in ("NCT02223897", "NCT01690247", "NCT01662973", "ChiCTR-ONC-12002103"):
            assert f"<strong>{identifier}</strong>" in html
    assert "Tenemos 65 estudios publicados" in client.get("/es/trials/").content.decode()
    body = client.get("/api/coverage/").json()
    assert body["studies_held"] == 65 and body["reviews_held"] == 14
    assert body["checked_on"] == "2026-12-07" and len(body["known_missing"]) == 4


def test_the_duplicate_check_finds_the_studies_possibly_held_twice(demo):
    found = {
        item.label: {link.label for link in item.links}
        for item in duplicates.registry_ids_cited_for_several_trials()
    }
    slugs = dict(Trial.objects.values_list("pk", "short_title"))
    assert {"NCT01120925", "NCT01218464", "NCT05881668", "NCT06825572"} <= set(found)
    assert "CTRI201204002560" in found or "NCT01591200" in found  # Stempeucel and its registry
    assert all(len(labels) >= 2 for labels in found.values()), slugs and found
    assert not re.search(r"\bT\d\d\b", " ".join(Trial.objects.values_list("data_notes", flat=True)))
