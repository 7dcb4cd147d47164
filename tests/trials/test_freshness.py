"""Fresh statuses: ClinicalTrials.gov's two-year rule, on pages, in filters and facets, and
planned or actual dates (issue 15 item 6, audit W12)."""

import datetime
import itertools

import pytest
from django.utils import timezone

from tests.dates import recently_confirmed
from trials.formatting import date_fact, status_text
from trials.models import RegistryId, Trial
from trials.models.freshness import current_status, is_status_stale, status_cutoff

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)
LIST = "/trials/"


def years_ago(years: int, days: int = 0) -> datetime.date:
    return timezone.localdate().replace(
        year=timezone.localdate().year - years
    ) - datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("status", "as_of", "precision", "stale"),
    [
        ("recruiting", datetime.date(2024, 12, 7), "day", False),  # exactly two years
        ("recruiting", datetime.date(2024, 12, 6), "day", True),
        ("recruiting", datetime.date(2024, 12, 1), "month", False),  # December 2024 counts whole
        ("recruiting", datetime.date(2024, 11, 1), "month", True),
        ("active_not_recruiting", datetime.date(2024, 1, 1), "year", False),
        ("suspended", datetime.date(2023, 1, 1), "year", True),
        ("not_yet_recruiting", None, "day", True),  # never dated
        ("completed", datetime.date(2012, 4, 1), "month", False),  # final statuses stay true
        ("withdrawn", None, "day", False),
        ("unknown", None, "day", False),  # already unknown, nothing to turn
    ],
)
def test_an_ongoing_status_goes_stale_after_two_years(status, as_of, precision, stale):
    assert is_status_stale(status, as_of, precision, TODAY) is stale
    assert current_status(status, as_of, precision, TODAY) == ("unknown" if stale else status)


def test_the_cutoff_of_29_february_is_28_february():
    assert status_cutoff(datetime.date(2028, 2, 29)) == datetime.date(2026, 2, 28)


def test_filters_and_facets_count_statuses_as_pages_show_them(make_trial):
    # Every combination around the cutoff: SQL (filter, annotation) and Python must agree.
    cutoff = status_cutoff(TODAY)
    dates = [None, cutoff, cutoff - datetime.timedelta(days=1), cutoff.replace(day=1)]
    dates += [cutoff.replace(day=1) - datetime.timedelta(days=1), cutoff.replace(month=1, day=1)]
    statuses = ["recruiting", "suspended", "completed", "unknown", ""]
    expected = {}
    for status, as_of, precision in itertools.product(statuses, dates, ["day", "month", "year"]):
        trial = make_trial(
            recruitment_status=status, status_as_of=as_of, status_as_of_precision=precision
        )
        expected[trial.pk] = current_status(status, as_of, precision, TODAY)
    annotated = dict(Trial.objects.with_current_status(TODAY).values_list("pk", "current_status"))
    assert annotated == expected
    for status in ["recruiting", "suspended", "completed", "unknown"]:
        found = set(Trial.objects.in_current_status([status], TODAY).values_list("pk", flat=True))
        assert found == {pk for pk, shown in expected.items() if shown == status}, status


def test_a_stale_status_reads_unknown_with_its_last_confirmation(client, make_trial):
    trial = make_trial(recruitment_status="recruiting", status_as_of=datetime.date(2019, 5, 10))
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT03945487")
    text = client.get(trial.get_absolute_url()).content.decode()
    assert "Unknown — last confirmed 10 May 2019 as “Recruiting”; check the registry" in text
    assert 'href="https://clinicaltrials.gov/study/NCT03945487"' in text
    spanish = client.get(f"/es{trial.get_absolute_url()}").content.decode()
    assert "Desconocido — última confirmación: 10 de mayo de 2019, como «Reclutando»" in spanish


def test_a_fresh_status_shows_its_date_on_the_page_and_in_the_row(client, make_trial):
    as_of = recently_confirmed()
    trial = make_trial(
        recruitment_status="recruiting", status_as_of=as_of, status_as_of_precision="month"
    )
    month = as_of.strftime("%B %Y")
    assert f"Recruiting, as of {month}" in client.get(trial.get_absolute_url()).content.decode()
    assert f"Recruiting, as of {month}" in client.get(LIST).content.decode()
    assert "Reclutando, a fecha de" in client.get(f"/es{LIST}").content.decode()


def test_a_status_never_dated_says_so(client, make_trial):
    undated = make_trial(recruitment_status="recruiting")
    done = make_trial(recruitment_status="completed")
    row = client.get(LIST).content.decode()
    assert "Unknown — reported as “Recruiting” with no date of confirmation" in row
    assert "Completed (the date of this status is not recorded)" in row
    assert undated.status_is_stale and not done.status_is_stale


def test_the_recruiting_facet_and_filter_exclude_stale_statuses(client, make_trial):
    fresh = make_trial(recruitment_status="recruiting", status_as_of=recently_confirmed())
    make_trial(recruitment_status="recruiting", status_as_of=years_ago(2, days=1))
    make_trial(recruitment_status="recruiting")
    make_trial(recruitment_status="unknown")
    response = client.get(f"{LIST}?status=recruiting")
    assert response.context["page"].paginator.count == 1
    assert fresh.get_absolute_url() in response.content.decode()
    facet = next(facet for facet in response.context["facets"] if facet.name == "status")
    assert {option.value: option.count for option in facet.options} == {
        "recruiting": 1,
        "unknown": 3,
    }
    assert "confirmed it within the last two years" in response.content.decode()
    assert client.get(f"{LIST}?status=unknown").context["page"].paginator.count == 3


@pytest.mark.parametrize(
    ("kind", "label", "note"),
    [
        ("actual", "Completed", ""),
        ("planned", "Planned completion", ""),
        ("", "Completion date", "the source does not say whether actual or planned"),
    ],
)
def test_a_date_says_whether_it_is_actual_or_planned(kind, label, note):
    assert date_fact("completion", datetime.date(2015, 9, 1), kind, today=TODAY) == (label, note)


def test_a_date_still_to_come_is_planned_whatever_the_record_says():
    assert (
        date_fact("completion", datetime.date(2027, 1, 1), "", today=TODAY)[0]
        == "Planned completion"
    )
    assert date_fact("start", None, "", today=TODAY) == ("Start date", "")


def test_the_trial_page_never_calls_a_planned_date_a_completion(client, make_trial):
    planned = make_trial(completion_date=datetime.date(2015, 9, 1), completion_date_kind="planned")
    actual = make_trial(start_date=datetime.date(2010, 10, 1), start_date_kind="actual")
    text = client.get(planned.get_absolute_url()).content.decode()
    assert "<dt>Planned completion</dt><dd>2015-09-01" in text and "<dt>Completed</dt>" not in text
    assert (
        "<dt>Started</dt><dd>2010-10-01" in client.get(actual.get_absolute_url()).content.decode()
    )
    spanish = client.get(f"/es{planned.get_absolute_url()}").content.decode()
    assert "<dt>Finalización prevista</dt>" in spanish


def test_status_text_is_empty_without_a_status():
    assert status_text("", None, "day", today=TODAY) == ""
