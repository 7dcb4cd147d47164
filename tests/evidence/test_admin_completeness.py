"""The admin warns, after a save, when a published trial cites an incomplete reference."""

import pytest
from django.contrib.messages import get_messages
from django.forms.models import model_to_dict
from django.urls import reverse

from trials.models import CurationStatus

pytestmark = pytest.mark.django_db


def _form(reference) -> dict:  # noqa: ANN001
    data = {}
    for name, value in model_to_dict(reference).items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            # A list field (unverified fields) is a multiple choice: one value per ticked box.
            if value:
                data[name] = value
        elif value is not None:
            data[name] = value
    return data | {"authors-TOTAL_FORMS": "0", "authors-INITIAL_FORMS": "0"}


def _warnings(response) -> list[str]:  # noqa: ANN001
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


@pytest.mark.parametrize("status", [CurationStatus.PUBLISHED, CurationStatus.DRAFT])
def test_saving_a_reference_of_a_published_trial_warns_what_it_lacks(
    status, curator_client, make_trial, make_reference
):
    trial = make_trial("Test trial", status=status)
    reference = make_reference(trial, title="Test paper", authors=(), year=None)
    url = reverse("admin:evidence_reference_change", args=[reference.pk])
    response = curator_client.post(url, _form(reference))
    assert response.status_code == 302
    expected = [
        "“Test paper” is cited by a published trial but lacks: authors, year, volume or pages."
    ]
    assert _warnings(response) == (expected if status == CurationStatus.PUBLISHED else [])


def test_a_complete_reference_saves_without_a_warning(curator_client, make_trial, make_reference):
    trial = make_trial("Test trial", status=CurationStatus.PUBLISHED)
    reference = make_reference(trial, title="Test paper", volume="3", pages="1-9")
    response = curator_client.post(
        reverse("admin:evidence_reference_change", args=[reference.pk]), _form(reference)
    )
    assert response.status_code == 302 and _warnings(response) == []
