"""The /evidence/ page and pooled results on condition pages: badges, forest plots, sentences."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse

from evidence.models import IncludedStudy, PooledResult, Review, review_trials_sync
from trials.models import CellSource, MeasureKind, ResultShape, Route

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def albumin(make_measure):
    return make_measure("Serum albumin", slug="albumin")


@pytest.fixture
def liver(make_condition):
    return make_condition("Test liver condition", slug="test-liver")


@pytest.fixture
def msc(make_vocabulary):
    return make_vocabulary(CellSource, "Bone marrow MSC")


@pytest.fixture
def make_two_arm_trial(make_trial, make_arm, make_result, albumin, liver, make_vocabulary):
    """A trial with one MSC and one control arm; msc and control are (mean, sd, n)."""

    def make(msc, control, *, status="published", source="Bone marrow", route="Peripheral vein"):
        trial = make_trial(status=status, conditions=[liver])
        treated = make_arm(
            trial,
            role="experimental",
            participants_count=msc[2],
            cell_source=make_vocabulary(CellSource, source),
            route=make_vocabulary(Route, route),
        )
        untreated = make_arm(
            trial, label="Control", role="standard_care", participants_count=control[2]
        )
        for arm, (mean, sd, n) in ((treated, msc), (untreated, control)):
            make_result(trial, arm=arm, measure=albumin, mean=mean, sd=sd, n=n)
        return trial

    return make


@pytest.fixture
def make_review(make_reference, albumin):
    """A published review whose complete list of included studies is matched to these trials,
    with one published albumin result at 12 weeks."""

    def make(trials, *, estimate, ci_low, ci_high, studies_count, status="published"):
        reference = make_reference(title="Test review reference")
        review = Review.objects.create(
            reference=reference,
            slug=f"review-{reference.pk}",
            short_title="Test review",
            status=status,
        )
        for position, trial in enumerate(trials):
            IncludedStudy.objects.create(
                review=review,
                position=position,
                citation=f"Author {position} 2020",
                trial=trial,
                match_basis="first author, year",
            )
        review.included_studies_complete = True
        review.save()
        review_trials_sync(review=review)
        PooledResult.objects.create(
            review=review,
            measure=albumin,
            timepoint_weeks=12,
            effect_measure="MD",
            estimate=estimate,
            ci_low=ci_low,
            ci_high=ci_high,
            studies_count=studies_count,
        )
        return review

    return make


def svg_of(html: str, element_id: str) -> ET.Element:
    """The forest plot SVG inside the pooled result with this id, parsed as XML."""
    section = html[html.index(f'id="{element_id}"') :]
    return ET.fromstring(re.search(r"<svg .*?</svg>", section, re.DOTALL).group(0))


def table_rows(html: str, element_id: str) -> list[list[str]]:
    """Participants, effect and weight of each row of the forest's table, overall row last."""
    section = html[html.index(f'id="{element_id}"') :]
    table = section[section.index('<table class="forest-table"') : section.index("</table>")]
    return [
        re.findall(r'<td class="num [a-z]+">([^<]+)</td>', row)
        for row in re.findall(r"<tr class=\"(?:study|overall)\">(.*?)</tr>", table, re.DOTALL)
    ]


def verdict_row(html: str, review: Review) -> str:
    """The HTML of one review's article on the /evidence/ page."""
    start = html.index(f'id="review-{review.pk}"')
    return html[start : html.index("</article>", start)]


def test_overview_shows_a_review_we_reproduce(client, make_two_arm_trial, make_review):
    trial = make_two_arm_trial((32, 4, 20), (30, 4, 20))  # MD 2.00 (-0.48 to 4.48)
    review = make_review([trial], estimate=2.05, ci_low=-0.5, ci_high=4.5, studies_count=1)
    html = client.get(reverse("evidence:overview")).content.decode()
    row = verdict_row(html, review)
    assert "Reproduces" in row and "2.05 (-0.50 to 4.50)" in row
    assert "2.00 (-0.48 to 4.48)" in row
    assert "within 10% of the width" in html
    assert 'id="pooled-test-liver-1"' in html  # our own pooled results, under the condition


def test_overview_shows_a_review_that_differs_and_why(client, make_two_arm_trial, make_review):
    trial = make_two_arm_trial((32, 4, 20), (30, 4, 20))
    review = make_review([trial], estimate=5.0, ci_low=4.0, ci_high=6.0, studies_count=3)
    row = verdict_row(client.get(reverse("evidence:overview")).content.decode(), review)
    assert "Differs" in row
    assert "the review pooled 3, we could use 1" in row


def test_overview_says_when_it_cannot_recompute(client, make_trial, make_review):
    review = make_review([make_trial()], estimate=1.9, ci_low=0.7, ci_high=3.1, studies_count=4)
    row = verdict_row(client.get(reverse("evidence:overview")).content.decode(), review)
    assert "Cannot recompute" in row
    assert "we hold no per-arm data" in row


def test_overview_hides_draft_reviews_and_draft_trials(client, make_two_arm_trial, make_review):
    draft_trial = make_two_arm_trial((32, 4, 20), (30, 4, 20), status="draft")
    hidden = make_review(
        [draft_trial], estimate=2, ci_low=0, ci_high=4, studies_count=1, status="draft"
    )
    shown = make_review([draft_trial], estimate=2, ci_low=0, ci_high=4, studies_count=1)
    html = client.get(reverse("evidence:overview")).content.decode()
    assert f'id="review-{hidden.pk}"' not in html
    assert "Cannot recompute" in verdict_row(html, shown)
    assert draft_trial.slug not in html


def test_condition_page_draws_one_forest_row_per_trial(client, make_two_arm_trial, liver):
    make_two_arm_trial((32, 4, 20), (30, 4, 20), source="Bone marrow")
    make_two_arm_trial((31, 5, 15), (30, 5, 15), source="Umbilical cord")
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    svg = svg_of(html, "pooled-test-liver-1")
    assert svg.get("role") == "img" and svg.get("viewBox")
    assert svg.find(f"{SVG}title").text == (
        "Forest plot: Serum albumin at about 12 weeks: MSC against control, 2 randomised trials"
    )
    plotted = [[t.text for t in g.iter(f"{SVG}text")][1:] for g in svg.iter(f"{SVG}g")]
    assert len(svg.findall(f"{SVG}g[@class='study']")) == 2
    assert plotted[1:] == table_rows(html, "pooled-test-liver-1")  # [0] is the headings
    assert plotted[1][:2] == ["20 / 20", "2.00 (-0.48 to 4.48)"]


def test_condition_page_links_every_trial_used(client, make_two_arm_trial, liver):
    trials = [make_two_arm_trial((32, 4, 20), (30, 4, 20)) for _ in range(2)]
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    for trial in trials:
        assert f'href="{trial.get_absolute_url()}"' in html
    assert "32.00 (SD 4.00), n = 20" in html


def test_condition_page_shows_subgroups_by_cell_source_and_route(client, make_two_arm_trial, liver):
    make_two_arm_trial((32, 4, 20), (30, 4, 20), source="Bone marrow", route="Hepatic artery")
    make_two_arm_trial((31, 5, 15), (30, 5, 15), source="Umbilical cord")
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    assert "By cell source" in html and "By route" in html
    assert re.search(r"<th scope=\"row\">Hepatic artery</th><td class=\"num\">1</td>", html)


def test_condition_page_lists_excluded_trials_with_the_reason(
    client, make_two_arm_trial, make_trial, make_arm, make_result, albumin, liver, msc
):
    make_two_arm_trial((32, 4, 20), (30, 4, 20))
    lonely = make_trial(conditions=[liver])
    arm = make_arm(lonely, cell_source=msc)
    make_result(lonely, arm=arm, measure=albumin, mean=30, sd=4, n=20)
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    assert "Studies left out, and why" in html
    assert (
        f'<a href="{lonely.get_absolute_url()}">{lonely}</a>: no untreated comparison group with '
        "the same measure: a change within the treated group cannot be credited to the cells"
    ) in html


def test_converted_values_are_flagged(
    client, make_trial, make_arm, make_result, albumin, liver, msc
):
    trial = make_trial(conditions=[liver])
    for role, median, cells in (("experimental", 32, msc), ("standard_care", 30, None)):
        arm = make_arm(trial, role=role, cell_source=cells)
        make_result(
            trial,
            arm=arm,
            measure=albumin,
            shape=ResultShape.MEDIAN_IQR,
            n=20,
            median=median,
            q1=median - 3,
            q3=median + 3,
        )
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    assert "converted from median and IQR (Wan et al. 2014)" in html


def test_patient_sentence_is_guarded(client, make_two_arm_trial, liver):
    make_two_arm_trial((32, 4, 20), (30, 4, 20))
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    sentence = re.search(r'class="patient-sentence">(.*?)</p>', html, re.DOTALL).group(1)
    assert "In one small trial with about 40 people" in sentence
    # Unassessed and small: the software suggests very low certainty, said in GRADE's words.
    assert "we are very uncertain whether treatment with MSC" in sentence
    assert "the certainty of the evidence is very low." in sentence
    pooled = html[html.index('id="pooled-heading"') : html.index('id="split-heading"')]
    assert not re.search(r"\b(cure[sd]?|proven|proof)\b", pooled, re.IGNORECASE)


def test_lower_is_better_puts_msc_on_the_left(
    client, make_trial, make_arm, make_result, make_measure, liver, msc
):
    deaths = make_measure("Deaths", kind=MeasureKind.BINARY, unit="", higher_is_better=False)
    trial = make_trial(conditions=[liver])
    for role, events, cells in (("experimental", 2, msc), ("standard_care", 6, None)):
        arm = make_arm(trial, role=role, cell_source=cells)
        make_result(
            trial, arm=arm, measure=deaths, shape=ResultShape.EVENTS, events=events, total=20
        )
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    labels = {
        t.get("text-anchor"): t.text
        for t in svg_of(html, "pooled-test-liver-1").iter(f"{SVG}text")
        if t.text and t.text.startswith("Favours")
    }
    assert labels == {"end": "Favours MSC", "start": "Favours control"}


def test_condition_without_per_arm_data_says_so(client, make_trial, liver):
    make_trial(conditions=[liver])
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    assert "We cannot pool any outcome for this condition yet" in html
    assert (
        "<svg"
        not in html.split("Results combined from the studies we hold")[1].split("</section>")[0]
    )


@pytest.mark.parametrize("who", ["anonymous", "curator", "superuser"])
def test_everyone_sees_the_same_overview(client, curator, who, make_two_arm_trial, make_review):
    make_review(
        [make_two_arm_trial((32, 4, 20), (30, 4, 20), status="draft")],
        estimate=2,
        ci_low=0,
        ci_high=4,
        studies_count=1,
    )
    if who != "anonymous":
        user = (
            curator
            if who == "curator"
            else User.objects.create_superuser("admin", password="x" * 20)
        )
        client.force_login(user)
    response = client.get(reverse("evidence:overview"))
    assert response.status_code == 200
    assert "Cannot recompute" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_overview_queries_do_not_grow_with_trials(
    client, django_assert_max_num_queries, make_two_arm_trial, make_review, count
):
    trials = [make_two_arm_trial((32, 4, 20), (30, 4, 20)) for _ in range(count)]
    for start in range(0, count, 3):  # 1 review with 3 trials, or 10 reviews with 30
        make_review(trials[start : start + 3], estimate=2, ci_low=0, ci_high=4, studies_count=3)
    # 7, and two for certainty: the trials' risk-of-bias assessments and the curators' ratings.
    with django_assert_max_num_queries(10):  # 9, and the same-study links of the pooled trials
        assert client.get(reverse("evidence:overview")).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_condition_page_queries_do_not_grow_with_trials(
    client, django_assert_max_num_queries, make_two_arm_trial, liver, count
):
    for _ in range(count):
        make_two_arm_trial((32, 4, 20), (30, 4, 20))
    # 8 for the page, one for the cache version of its counts, one for the version of the
    # certainty ratings, two for certainty (risk-of-bias assessments, ratings), two for the
    # key messages (reviews and their results); the pooled results from the stored
    # comparisons in seven (the stale trials, their results, the comparisons used, those left
    # out, the same-study links, the names of the cell sources and of the routes); the
    # condition tree is read once for the page and its tags. The counts come from the facet
    # bitsets (trials.condition_counts): 16 queries to read them after a change, none while
    # the data stays.
    url = reverse("trials:condition", args=[liver.slug])
    with django_assert_max_num_queries(37):
        assert client.get(url).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(21):
        assert client.get(url).status_code == 200


def test_overview_lists_the_trials_it_could_not_use(
    client, make_trial, make_arm, make_result, albumin, make_review, msc
):
    trial = make_trial()
    make_result(trial, arm=make_arm(trial, cell_source=msc), measure=albumin, mean=30, sd=4, n=20)
    review = make_review([trial], estimate=1.9, ci_low=0.7, ci_high=3.1, studies_count=1)
    row = verdict_row(client.get(reverse("evidence:overview")).content.decode(), review)
    assert "Cannot recompute" in row
    assert f'<a href="{trial.get_absolute_url()}">{trial}</a>: no untreated comparison' in row


def test_condition_page_never_pools_draft_trials(client, make_two_arm_trial, liver):
    draft = make_two_arm_trial((32, 4, 20), (30, 4, 20), status="draft")
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    assert "We cannot pool any outcome for this condition yet" in html
    assert draft.slug not in html
