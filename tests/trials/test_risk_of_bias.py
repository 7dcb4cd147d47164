"""Risk of bias per trial: curated in the admin, "not assessed" everywhere until it is."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from trials.models import (
    TOOL_DOMAINS,
    BiasTool,
    CurationStatus,
    DomainJudgement,
    RiskOfBiasAssessment,
    bias_label,
)

pytestmark = pytest.mark.django_db


def assess(trial, *, overall="high", status=CurationStatus.PUBLISHED, measure=None, **fields):
    """A RoB 2 assessment with every domain judged (high for missing data, else low)."""
    assessment = RiskOfBiasAssessment.objects.create(
        trial=trial,
        measure=measure,
        tool=BiasTool.ROB2,
        overall=overall,
        overall_reason="Many participants left the trial.",
        overall_reason_es="Muchos participantes dejaron el ensayo.",
        judged_by="curators of this site",
        judged_by_es="los curadores de este sitio",
        status=status,
        **fields,
    )
    for domain in TOOL_DOMAINS[BiasTool.ROB2]:
        DomainJudgement.objects.create(
            assessment=assessment,
            domain=domain,
            judgement="high" if domain == "missing_data" else "low",
            support=f"Support for {domain}.",
            support_es=f"Fundamento de {domain}.",
        )
    return assessment


def test_an_unassessed_trial_says_not_assessed_on_its_page_in_both_languages(client, catalogue):
    page = client.get(catalogue.a.get_absolute_url()).content.decode()
    assert "Not assessed." in page and "Risk of bias" in page
    page = client.get("/es" + catalogue.a.get_absolute_url()).content.decode()
    assert "Sin evaluar." in page and "Riesgo de sesgo" in page


def test_an_unassessed_trial_says_not_assessed_in_the_list_row(client, catalogue):
    page = client.get(reverse("trials:list")).content.decode()
    assert '<div data-fields="risk_of_bias"><dt>Risk of bias</dt><dd>not assessed</dd>' in page
    assert "<dd>sin evaluar</dd>" in client.get("/es/trials/").content.decode()


def test_an_unassessed_trial_says_not_assessed_in_the_api(client, catalogue):
    row = client.get(f"/api/trials/{catalogue.a.slug}/").json()
    assert row["risk_of_bias"] == "not assessed"
    assert row["risk_of_bias_assessments"] == []
    listed = client.get("/api/trials/").json()["results"]
    assert {item["risk_of_bias"] for item in listed} == {"not assessed"}


def test_an_unassessed_trial_says_not_assessed_in_the_export_notes(
    client, catalogue, make_reference
):
    make_reference(trial=catalogue.a)
    text = client.get(f"/references/export/?format=csv&trial={catalogue.a.slug}").getvalue()
    rows = list(csv.DictReader(io.StringIO(text.decode().removeprefix("\ufeff"))))
    assert "Test trial A: risk of bias: not assessed" in rows[0]["Notes"]


def test_a_published_assessment_shows_every_domain_and_whose_judgement(client, catalogue):
    assess(catalogue.a)
    page = client.get(catalogue.a.get_absolute_url()).content.decode()
    assert "For all outcomes: High risk of bias" in page
    assert "Bias due to missing outcome data</th><td>High risk of bias" in page
    assert "Judged with RoB 2 (randomised trials)." in page
    assert "curators of this site" in page and "Not assessed." not in page
    spanish = client.get("/es" + catalogue.a.get_absolute_url()).content.decode()
    assert "Sesgo por datos de resultado faltantes</th><td>Riesgo de sesgo alto" in spanish
    assert "Muchos participantes dejaron el ensayo." in spanish


def test_a_published_assessment_reaches_the_row_the_api_and_the_export(
    client, catalogue, make_reference
):
    assess(catalogue.a)
    assess(catalogue.a, overall="some_concerns", measure=catalogue.albumin)
    make_reference(trial=catalogue.a)
    expected = "High risk of bias (RoB 2); differs for some outcomes"
    assert f"<dd>{expected}</dd>" in client.get(reverse("trials:list")).content.decode()
    row = client.get(f"/api/trials/{catalogue.a.slug}/").json()
    assert row["risk_of_bias"] == expected
    by_outcome = {item["outcome"]: item for item in row["risk_of_bias_assessments"]}
    assert by_outcome["albumin"]["overall"] == "some_concerns"
    assert [d["domain"] for d in by_outcome[None]["domains"]] == list(TOOL_DOMAINS["rob2"])
    text = client.get(f"/references/export/?format=ris&trial={catalogue.a.slug}").getvalue()
    assert f"Test trial A: risk of bias: {expected}" in text.decode()


def test_a_draft_assessment_stays_private(client, catalogue):
    assess(catalogue.a, status=CurationStatus.DRAFT)
    assert "Not assessed." in client.get(catalogue.a.get_absolute_url()).content.decode()
    assert client.get(f"/api/trials/{catalogue.a.slug}/").json()["risk_of_bias"] == "not assessed"


def test_the_tool_must_fit_the_design(catalogue):
    assessment = RiskOfBiasAssessment(
        trial=catalogue.c, tool=BiasTool.ROB2, overall="low", judged_by="curators"
    )  # trial C is non-randomised: ROBINS-I
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert "tool" in error.value.message_dict


def test_a_judgement_outside_the_tools_vocabulary_is_refused(catalogue):
    assessment = RiskOfBiasAssessment(
        trial=catalogue.a, tool=BiasTool.ROB2, overall="serious", judged_by="curators"
    )
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert "overall" in error.value.message_dict


def test_the_row_label_words():
    assert bias_label(None, None, per_outcome=False) == "not assessed"
    assert bias_label("serious", "robins_i", per_outcome=False) == (
        "Serious risk of bias (ROBINS-I)"
    )
    assert bias_label(None, None, per_outcome=True).startswith("assessed for some outcomes only")
    with translation.override("es"):
        assert bias_label(None, None, per_outcome=False) == "sin evaluar"


def _admin_form(trial, **changes):
    form = {
        "status": "published",
        "trial": trial.pk,
        "measure": "",
        "tool": "rob2",
        "overall": "high",
        "overall_reason_en": "Outcome assessors knew the groups.",
        "overall_reason_es": "Quienes medían conocían los grupos.",
        "judged_by_en": "curators of this site",
        "judged_by_es": "los curadores de este sitio",
        "domains-TOTAL_FORMS": "0",
        "domains-INITIAL_FORMS": "0",
    }
    for index, domain in enumerate(TOOL_DOMAINS[BiasTool.ROB2]):
        form |= {
            f"domains-{index}-domain": domain,
            f"domains-{index}-judgement": "high" if domain == "measurement" else "low",
            f"domains-{index}-support_en": "As reported.",
            f"domains-{index}-support_es": "Según se informa.",
        }
    form["domains-TOTAL_FORMS"] = str(len(TOOL_DOMAINS[BiasTool.ROB2]))
    return form | changes


def test_a_curator_records_an_assessment_with_history(curator_client, catalogue):
    url = reverse("admin:trials_riskofbiasassessment_add")
    response = curator_client.post(url, _admin_form(catalogue.a))
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = RiskOfBiasAssessment.objects.get()
    assert assessment.domains.count() == 5
    assert Version.objects.get_for_object(assessment).count() == 1
    change = reverse("admin:trials_riskofbiasassessment_change", args=[assessment.pk])
    form = _admin_form(catalogue.a, overall="some_concerns")
    form |= {"domains-TOTAL_FORMS": "0", "domains-INITIAL_FORMS": "0"}
    for index, row in enumerate(assessment.domains.order_by("pk")):
        form[f"domains-{index}-id"] = row.pk
        form[f"domains-{index}-assessment"] = assessment.pk
    form |= {"domains-TOTAL_FORMS": "5", "domains-INITIAL_FORMS": "5"}
    assert curator_client.post(change, form).status_code == 302
    versions = Version.objects.get_for_object(assessment).order_by("revision__date_created")
    assert [v.field_dict["overall"] for v in versions] == [
        "high",
        "some_concerns",
    ]


def test_publishing_an_assessment_needs_every_domain(curator_client, catalogue):
    form = _admin_form(catalogue.a)
    form["domains-TOTAL_FORMS"] = "4"  # the fifth domain is left out
    response = curator_client.post(reverse("admin:trials_riskofbiasassessment_add"), form)
    assert response.status_code == 200
    assert "missing: Bias in selection of the reported result" in response.content.decode()
    assert not RiskOfBiasAssessment.objects.exists()


def test_a_domain_of_the_other_tool_is_refused_in_the_admin(curator_client, catalogue):
    form = _admin_form(catalogue.a, **{"domains-0-domain": "confounding"})
    response = curator_client.post(reverse("admin:trials_riskofbiasassessment_add"), form)
    assert response.status_code == 200
    assert "This domain is not one of the chosen tool&#x27;s." in response.content.decode()
    assert not RiskOfBiasAssessment.objects.exists()


def test_trial_page_with_assessments_keeps_its_queries(
    client, catalogue, django_assert_max_num_queries
):
    assess(catalogue.a)
    assess(catalogue.a, overall="low", measure=catalogue.albumin)
    with django_assert_max_num_queries(12):
        assert client.get(catalogue.a.get_absolute_url()).status_code == 200
