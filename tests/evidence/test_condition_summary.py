"""A condition page's key messages (top, before any chart) and summary of findings (GRADEpro's
layout), and the certainty in the pooled-results API: both languages, every column in words."""

import html as htmllib
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from evidence.models import IncludedStudy, PooledResult, Review, review_trials_sync
from evidence.synthesis.summary import (
    ConditionFacts,
    ResultLine,
    difference_words,
    fewer_more,
    key_messages,
)
from tests.dates import recently_confirmed
from trials.models import CellSource, MeasureKind, ResultShape

pytestmark = pytest.mark.django_db


@pytest.fixture
def liver(make_condition):
    return make_condition("Test liver condition", slug="test-liver")


@pytest.fixture
def albumin(make_measure):
    return make_measure("Serum albumin", slug="albumin")


@pytest.fixture
def deaths(make_measure):
    return make_measure("Deaths", kind=MeasureKind.BINARY, unit="", higher_is_better=False)


@pytest.fixture
def make_controlled(make_trial, make_arm, make_result, make_vocabulary, liver, albumin, deaths):
    """A randomised trial of MSC against standard care with albumin (mean, sd, n per arm) and
    deaths (events, total per arm) at 12 weeks."""

    def make(albumin_arms=((33, 4, 20), (30, 4, 20)), death_arms=((2, 20), (6, 20)), **fields):
        trial = make_trial(conditions=[liver], design="rct", **fields)
        source = make_vocabulary(CellSource, "Umbilical cord MSC")
        arms = (
            make_arm(trial, role="experimental", cell_source=source, participants_count=20),
            make_arm(trial, label="Control", role="standard_care", participants_count=20),
        )
        for arm, (mean, sd, n), (events, total) in zip(arms, albumin_arms, death_arms, strict=True):
            make_result(trial, arm=arm, measure=albumin, mean=mean, sd=sd, n=n)
            make_result(trial, arm=arm, measure=deaths, shape=ResultShape.EVENTS, events=events,
                        total=total, unit_reported="")  # fmt: skip
        return trial

    return make


def page(client, condition, language="en"):
    prefix = "/es" if language == "es" else ""
    response = client.get(prefix + reverse("trials:condition", args=[condition.slug]))
    assert response.status_code == 200
    return response.content.decode()


def section(html, name):
    match = re.search(rf'<section aria-labelledby="{name}".*?</section>', html, re.DOTALL)
    assert match, name
    return match.group(0)


def text(fragment):
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip())


def sof_rows(html):
    table = re.search(r'<table class="sof-table">.*?</table>', html, re.DOTALL).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.DOTALL).group(1)
    return table, [
        [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
    ]


def test_summary_of_findings_has_a_row_per_result_and_every_column(client, make_controlled, liver):
    make_controlled()
    make_controlled(albumin_arms=((34, 5, 25), (30, 5, 25)), death_arms=((3, 25), (5, 25)))
    html = page(client, liver)
    table, rows = sof_rows(html)
    assert "<caption" in table and "Summary of findings: cells against control in" in table
    assert table.count('<th scope="col">') == 7 and table.count('<th scope="row">') == len(rows)
    articles = re.findall(r'<article class="pooled-result"', html)
    assert len(rows) == len(articles) == 2
    assert all(len(row) == 7 and all(cell for cell in row) for row in rows)
    albumin_row = next(row for row in rows if row[0].startswith("Serum albumin"))
    deaths_row = next(row for row in rows if row[0].startswith("Deaths"))
    assert albumin_row[1] == "90 (2 randomised trials)"
    assert albumin_row[2] == "Not applicable (not a ratio)"
    assert albumin_row[3] == "Not applicable (a measured outcome)"
    assert albumin_row[4].startswith("Mean difference: ") and " higher with MSC (" in albumin_row[4]
    assert deaths_row[2].startswith("RR ")
    assert deaths_row[3] == "244 per 1,000"  # 11 deaths in 45 control participants
    assert re.match(r"\d+ fewer per 1,000 with MSC \(\d+ fewer to \d+ more\)", deaths_row[4])
    # Unassessed, small trials: lowered, with the reasons and who says so. Albumin's interval
    # excludes no effect (imprecision −1); that of deaths includes it (−2).
    assert albumin_row[5].startswith("Low Lowered for risk of bias (−1), imprecision (−1).")
    assert albumin_row[6].startswith("Treatment with MSC may increase serum albumin")
    assert deaths_row[5].startswith("Very low Lowered for risk of bias (−1), imprecision (−2).")
    assert deaths_row[6].startswith("We are very uncertain whether treatment with MSC changes")
    for row in rows:
        assert row[5].endswith("The software's suggestion; not rated by a curator yet.")
    # The region scrolls only on a wide table; on a phone the rows become cards (CSS).
    assert re.search(r'class="table-scroll sof-scroll" role="region" tabindex="0"', html)


def test_summary_of_findings_in_spanish(client, make_controlled, liver):
    make_controlled()
    _table, rows = sof_rows(page(client, liver, "es"))
    deaths_row = next(row for row in rows if row[0].startswith("Deaths"))
    assert deaths_row[1] == "40 (un ensayo aleatorizado)"
    assert deaths_row[3] == "300 por 1000"
    assert re.match(r"\d+ menos por 1000 con MSC \(de \d+ menos a \d+ más\)", deaths_row[4])
    assert deaths_row[5].startswith("Muy baja Rebajada por riesgo de sesgo (−1)")
    assert deaths_row[6].startswith("No sabemos con certeza si el tratamiento con MSC")


def test_key_messages_come_first_and_say_what_the_data_say(
    client, make_controlled, make_trial, make_arm, make_result, liver, albumin
):
    make_controlled(enrollment=40, recruitment_status="completed")
    make_controlled(
        enrollment=50, recruitment_status="recruiting", status_as_of=recently_confirmed()
    )
    single = make_trial(conditions=[liver], design="single_arm", enrollment=12)
    make_result(single, arm=make_arm(single), measure=albumin, mean=35, sd=4, n=12)
    liver.questions_en = "Is this given inside a registered trial?\nWho pays for it?"
    liver.questions_es = "¿Se da dentro de un ensayo registrado?\n¿Quién lo paga?"
    liver.save()
    html = page(client, liver)
    key = text(section(html, "key-heading"))
    assert html.index('id="key-heading"') < html.index('id="pooled-heading"')
    assert html.index('id="key-heading"') < html.index('class="forest-plot"')
    assert html.index('id="key-heading"') < html.index('id="split-heading"')
    assert "We hold 3 published studies of this condition with about 100 people enrolled or " in key
    assert (
        "2 of them compared people given the cells with a control group; 1 had no control " in key
    )
    assert "so its before-and-after changes cannot show what the cells did." in key
    assert (
        "We could combine 2 results measured against a control group (deaths, serum albumin). "
        "The largest say: treatment with MSC may reduce deaths at about 12 weeks (lower is "
        "better); treatment with MSC may increase serum albumin at about 12 weeks (higher is "
        "better). How sure we can be (GRADE): 2 results of low certainty" in key
    )
    assert "1 study is still running or recruiting; its results are not in yet." in key
    assert "Questions to ask your hepatologist or a clinic" in key
    assert "Is this given inside a registered trial? Who pays for it?" in key
    assert len(re.findall(r"<li>", section(html, "key-heading").split("questions-heading")[0])) <= 5
    spanish = text(section(page(client, liver, "es"), "key-heading"))
    assert (
        "Mensajes clave" in spanish
        and "Tenemos 3 estudios publicados de esta enfermedad" in spanish
    )
    assert "el tratamiento con MSC puede reducir la frecuencia de deaths" in spanish
    assert "Preguntas para hacer a su hepatólogo o a una clínica" in spanish
    assert "¿Se da dentro de un ensayo registrado?" in spanish


def test_within_group_changes_never_read_as_effects(client, make_trial, make_arm, make_result,
                                                     liver, albumin):  # fmt: skip
    single = make_trial(conditions=[liver], design="single_arm", enrollment=12)
    make_result(single, arm=make_arm(single), measure=albumin, mean=35, sd=4, n=12)
    key = text(section(page(client, liver), "key-heading"))
    assert "None of them compared people given the cells with a control group, so none can " in key
    assert not re.search(r"\b(increase|reduce|improve|higher|lower)", key)


def test_english_questions_on_the_spanish_page_are_marked(client, liver):
    liver.questions_en = "Who pays for it?"
    liver.save()
    key = section(page(client, liver, "es"), "key-heading")
    assert '<ul class="questions" lang="en"><li>Who pays for it?</li></ul>' in key
    assert "Este texto aún no está traducido; se muestra en inglés." in key


def test_reviews_finding_no_clear_difference_speak_against(client, make_controlled, liver,
                                                           deaths, make_reference):  # fmt: skip
    trial = make_controlled()
    review = Review.objects.create(
        reference=make_reference(title="Test review"), slug="test-review", status="published"
    )
    IncludedStudy.objects.create(review=review, position=0, citation="Test 2020", trial=trial,
                                 match_basis="test")  # fmt: skip
    review_trials_sync(review=review)
    PooledResult.objects.create(
        review=review, measure=deaths, timepoint_weeks=52, effect_measure="RR", estimate=0.9,
        ci_low=0.6, ci_high=1.3,
    )  # fmt: skip
    key = text(section(page(client, liver), "key-heading"))
    assert (
        "Published systematic reviews that include these studies found no clear difference in "
        "deaths (1 review): their 95% intervals include no effect. 1 published systematic "
        "review includes studies of this condition; its findings, favourable or not, are on "
        "the evidence page." in key
    )
    assert "The systematic reviews and their findings" in key


def test_no_studies_says_so(client, liver):
    key = text(section(page(client, liver), "key-heading"))
    assert "We hold no published study of this condition yet" in key
    assert "We have not written questions for this condition yet." in key


@pytest.mark.parametrize("count", [3, 30])
def test_condition_page_queries_stay_constant(
    client, django_assert_max_num_queries, make_controlled, liver, count
):
    for _ in range(count):
        make_controlled()
    # 10 for the page, the versions of its counts and of the ratings, two for certainty
    # (risk-of-bias assessments, ratings), two for the key messages (reviews and their
    # results), the pooled results from the stored comparisons in at most seven
    # (evidence.synthesis.stored.syntheses_for_condition). The counts come from the facet
    # bitsets (trials.condition_counts): 16 queries to build them after a change, none while
    # the data stays.
    with django_assert_max_num_queries(35):
        page(client, liver)
    cache.clear()
    with django_assert_max_num_queries(19):
        page(client, liver)


def test_pooled_results_api_carries_the_certainty(client, make_controlled, liver, deaths):
    make_controlled()
    results = client.get(f"/api/conditions/{liver.slug}/pooled-results/").json()
    assert len(results) == 2
    levels = {result["measure"]["slug"]: result["certainty"]["level"] for result in results}
    # Albumin's interval excludes no effect (one level for imprecision), deaths' includes it.
    assert levels == {"albumin": "low", deaths.slug: "very_low"}
    for result in results:
        certainty = result["certainty"]
        assert certainty["level"] == certainty["suggested_level"]
        assert certainty["is_rated"] is False and certainty["start"] == "high"
        assert certainty["reasons"] == ["risk_of_bias_unassessed", "imprecision"]
        assert [d["domain"] for d in certainty["domains"]] == [
            "risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias"
        ]  # fmt: skip
        bias = certainty["domains"][0]
        assert bias["suggested"] == 1 and bias["rated"] is None and bias["downgrade"] == 1
        assert "not assessed" in bias["suggested_reason"]


def test_key_messages_pure():
    facts = ConditionFacts(trials=1, people=30, people_recorded=1, controlled=1, uncontrolled=0,
                           running=0, unconfirmed=2, classes=(("MSC", 1),))  # fmt: skip
    line = ResultLine("albumin", 30, "low", "treatment with MSC may increase albumin", 1)
    messages = key_messages(facts, [line])
    assert 3 <= len(messages) <= 5
    assert messages[0] == (
        "We hold 1 published study of this condition with about 30 people enrolled or planned; "
        "cells given: MSC in 1 study."
    )
    assert messages[2].startswith(
        "We have one trial's result measured against a control group (albumin); a single "
        "trial's result is not combined with others. It says: treatment with MSC may increase "
        "albumin. How sure we can be (GRADE): 1 result of low certainty"
    )
    pooled = ResultLine("albumin", 60, "low", "treatment with MSC may increase albumin", 2)
    assert key_messages(facts, [pooled])[2].startswith(
        "We could combine 1 result measured against a control group (albumin). It says: "
    )
    mixed = key_messages(facts, [pooled, line])[2]
    assert mixed.startswith(
        "We have 2 results measured against a control group (albumin); 1 of them combines "
        "several trials, the others come from a single trial each. The largest say: "
    )
    assert messages[-1] == (
        "No study of this condition is recorded as still running. 2 more were last said to be "
        "running, but their registries have not confirmed it for two years."
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [(3.0, "3.00 g/L higher"), (-1.234, "1.23 g/L lower"), (0.001, "no difference")],
)
def test_difference_words(value, words):
    assert difference_words(value, "g/L") == words


def test_fewer_more():
    assert (fewer_more(-120), fewer_more(60), fewer_more(0)) == (
        "120 fewer",
        "60 more",
        "0 more or fewer",
    )
