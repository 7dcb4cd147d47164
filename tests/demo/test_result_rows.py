"""The list's rows written in Python (trials.result_rows) are the rows of the row template."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from trials import page_cache
from trials.models import Trial
from trials.result_rows import result_rows, row_labels
from trials.views import labelled

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "es"])
def test_rows_are_those_of_the_row_template_for_every_demo_trial(demo, language):  # noqa: ANN001
    with translation.override(language):
        trials = labelled(Trial.objects.published().for_listing().order_by("pk"))
        labels = row_labels()
        expected = [
            render_to_string(
                "trials/includes/trial_row.html", {"trial": trial, "row_labels": labels}
            )
            for trial in trials
        ]
        rows = result_rows([trial.pk for trial in trials], page_cache.data_version())
    assert len(rows) == len(expected) > 20
    for row, wanted in zip(rows, expected, strict=True):
        assert row == wanted


def test_rows_keep_the_order_asked_and_leave_out_drafts(demo):  # noqa: ANN001
    published = list(Trial.objects.published().order_by("pk").values_list("pk", flat=True)[:5])
    Trial.objects.filter(pk=published[2]).update(status="draft")
    rows = result_rows(published[::-1], page_cache.data_version())
    ids = [int(row.split('id="trial-', 2)[2].split("-", 1)[0]) for row in rows]
    assert ids == [pk for pk in published[::-1] if pk != published[2]]
