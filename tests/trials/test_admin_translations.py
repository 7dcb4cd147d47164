"""Curators edit every translated text of a trial, its arms, results and reviews in both
languages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_curators_edit_arm_and_result_text_in_both_languages(admin_client, catalogue):
    form = admin_client.get(
        reverse("admin:trials_trial_change", args=[catalogue.a.pk])
    ).content.decode()
    arm_page = admin_client.get(
        reverse("admin:trials_arm_change", args=[catalogue.a.arms.first().pk])
    ).content.decode()
    for field in ("label", "dose_text", "interval", "co_intervention", "cell_description"):
        for language in ("en", "es"):
            assert f'name="{field}_{language}"' in arm_page, (field, language)
    result = catalogue.a.outcome_results.first()
    result_page = admin_client.get(
        reverse("admin:trials_outcomeresult_change", args=[result.pk])
    ).content.decode()
    for field in ("statement", "timepoint_label", "source_location"):
        assert f'name="{field}_es"' in result_page, field
    for field in ("follow_up", "data_notes", "design_details", "condition_text"):
        assert f'name="{field}_es"' in form, field
    review_form = admin_client.get(reverse("admin:evidence_review_add")).content.decode()
    for field in ("short_title", "statistical_model", "data_notes"):
        assert f'name="{field}_es"' in review_form, field
