"""Designs say what the sources say; within-group results carry their caveat; control roles."""

import pytest
from django.core.exceptions import ValidationError

from evidence.importing.sources.ctgov import ArmGroup
from evidence.importing.sources.ctgov_mapping import arm_role
from trials.models import ArmRole, Design, ResultShape

pytestmark = pytest.mark.django_db
CAVEAT_EN = "Not compared with an untreated group: this result cannot be credited to the cells."
CAVEAT_ES = (
    "Sin comparación con un grupo no tratado: este resultado no puede atribuirse a las células."
)


@pytest.fixture
def unclear(make_trial):
    """A controlled trial whose sources do not say how the groups were formed."""
    return make_trial("Allocation unknown", design=Design.ALLOCATION_NOT_REPORTED)


def test_unstated_randomisation_is_never_shown_as_non_randomised(client, unclear):
    html = client.get(unclear.get_absolute_url()).content.decode()
    assert "Controlled, allocation not reported" in html
    assert "Non-randomised" not in html and "non-randomised" not in html.split("<main")[1]
    row = client.get("/trials/", {"q": "Allocation unknown"}).content.decode()
    assert "Controlled, allocation not reported" in row.split('id="results-heading"')[1]


def test_unstated_randomisation_is_never_filtered_or_exported_as_non_randomised(
    client, unclear, make_reference
):
    make_reference(trial=unclear, title="Paper of the unclear trial")
    listed = client.get("/trials/", {"design": "non_randomised"}).content.decode()
    assert unclear.get_absolute_url() not in listed
    api = client.get("/api/trials/", {"design": "non_randomised"}).json()
    assert api["count"] == 0
    exported = b"".join(
        client.get(
            "/references/export/", {"format": "ris", "design": "non_randomised"}
        ).streaming_content
    )
    assert b"Paper of the unclear trial" not in exported
    detail = client.get(f"/api/trials/{unclear.slug}/").json()
    assert detail["design"] == "allocation_not_reported"


def test_a_within_group_result_carries_the_caveat_in_both_languages(
    client, make_trial, make_arm, make_result
):
    trial = make_trial(design=Design.RCT)
    arm = make_arm(trial)
    make_result(trial, arm=arm, shape=ResultShape.BEFORE_AFTER, baseline_mean=30, mean=33)
    assert CAVEAT_EN in client.get(trial.get_absolute_url()).content.decode()
    assert CAVEAT_ES in client.get(f"/es{trial.get_absolute_url()}").content.decode()
    (result,) = client.get(f"/api/trials/{trial.slug}/").json()["outcomes"]
    assert result["is_within_group"] and result["within_group_caveat"] == CAVEAT_EN


def test_every_result_of_a_dose_comparison_carries_the_caveat(
    client, make_trial, make_arm, make_result, make_measure
):
    trial = make_trial(design=Design.DOSE_COMPARISON)
    survival = make_measure("Overall survival", kind="time_to_event", unit="")
    make_result(
        trial,
        arm=make_arm(trial),
        measure=survival,
        shape=ResultShape.PERCENTAGE,
        percentage=100,
        unit_reported="",
    )
    html = client.get(trial.get_absolute_url()).content.decode()
    assert CAVEAT_EN in html and "No untreated comparison group." in html


def test_a_between_arm_final_value_has_no_caveat(client, make_trial, make_arm, make_result):
    trial = make_trial(design=Design.RCT)
    make_result(trial, arm=make_arm(trial), mean=33, sd=4, n=20)
    assert CAVEAT_EN not in client.get(trial.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("label", "role"),
    [("Control", ArmRole.STANDARD_CARE), ("Standard medical therapy (SMT)", ArmRole.STANDARD_CARE),
     ("Conventional treatment", ArmRole.STANDARD_CARE), ("Comprehensive treatment",
     ArmRole.STANDARD_CARE), ("SMC", ArmRole.STANDARD_CARE), ("Saline placebo", ArmRole.PLACEBO),
     ("UC-MSC + conventional treatment", ArmRole.OTHER)],
)  # fmt: skip
def test_registry_arms_of_type_other_labelled_control_get_a_control_role(label, role):
    assert arm_role(ArmGroup(label=label, kind="OTHER")) == role


def test_an_arm_labelled_control_with_role_other_is_refused(make_trial, make_arm):
    arm = make_arm(make_trial(), label="Conventional treatment", role=ArmRole.OTHER)
    with pytest.raises(ValidationError, match="reads as a comparison group"):
        arm.full_clean()
