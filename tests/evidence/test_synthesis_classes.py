"""Like with like: one pooled result per kind of cells and design, and one study is not a pool."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from evidence.synthesis.display import pooled_displays
from evidence.synthesis.from_curated import syntheses_for
from trials.models import CellSource, MeasureKind, ResultShape, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def deaths(make_measure):
    return make_measure("Deaths", kind=MeasureKind.BINARY, unit="", higher_is_better=False)


@pytest.fixture
def liver(make_condition):
    return make_condition("Test liver condition", slug="test-liver")


@pytest.fixture
def make_death_trial(make_trial, make_arm, make_result, make_vocabulary, deaths, liver):
    """A trial of some cells against standard care: (deaths, people) per arm at its own time."""

    def make(cells, treated, control, *, weeks=12, label="", klass="msc", design="rct"):
        trial = make_trial(conditions=[liver], design=design)
        source = make_vocabulary(CellSource, cells, intervention_class=klass)
        arms = (
            make_arm(trial, role="experimental", cell_source=source, participants_count=treated[1]),
            make_arm(trial, label="Control", role="standard_care", participants_count=control[1]),
        )
        for arm, (events, total) in zip(arms, (treated, control), strict=True):
            make_result(trial, arm=arm, measure=deaths, shape=ResultShape.EVENTS, events=events,
                        total=total, timepoint_weeks=weeks, timepoint_label=label)  # fmt: skip
        return trial

    return make


def test_other_cells_and_vesicles_never_enter_the_msc_pool(make_death_trial):
    msc = make_death_trial("Umbilical-cord MSC", (2, 20), (6, 20))
    mononuclear = make_death_trial("Bone-marrow mononuclear cells", (2, 28), (4, 30),
                                   klass="other_cells")  # fmt: skip
    vesicles = make_death_trial("MSC extracellular vesicles", (1, 10), (3, 10),
                                klass="msc_derived_cell_free")  # fmt: skip
    pools = {s.intervention_class: s for s in syntheses_for(Trial.objects.all())}
    assert [study.slug for study in pools["msc"].studies] == [msc.slug]
    assert [study.slug for study in pools["other_cells"].studies] == [mononuclear.slug]
    assert [study.slug for study in pools["msc_derived_cell_free"].studies] == [vesicles.slug]


def test_every_label_of_a_pool_names_its_cells(client, make_death_trial, liver):
    make_death_trial("Umbilical-cord MSC", (2, 20), (6, 20))
    make_death_trial("Bone-marrow mononuclear cells", (2, 28), (4, 30), klass="other_cells")
    make_death_trial("MSC extracellular vesicles", (1, 10), (3, 10), klass="msc_derived_cell_free")
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    articles = re.findall(r'<article class="pooled-result".*?</article>', html, re.DOTALL)
    (mononuclear,) = [a for a in articles if "mononuclear cells against control" in a]
    assert "Favours bone-marrow mononuclear cells" in mononuclear
    assert "Deaths at 12 weeks: bone-marrow mononuclear cells against control" in mononuclear
    assert "whether treatment with bone-marrow mononuclear cells changes deaths" in mononuclear
    assert "Bone-marrow mononuclear cells arm" in mononuclear
    assert not re.search(r"\bMSC\b", mononuclear)
    assert "Favours MSC extracellular vesicles" in html and "Favours MSC<" in html


def test_one_trial_shows_its_own_time_and_no_heterogeneity(client, make_death_trial, liver):
    make_death_trial("Bone-marrow mononuclear cells", (2, 28), (4, 30), weeks=13,
                     label="3 months", klass="other_cells")  # fmt: skip
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    pooled = html[html.index('id="pooled-test-liver-1"') :]
    assert (
        "Deaths at 3 months: bone-marrow mononuclear cells against control, one randomised trial"
        in pooled
    )
    assert "Heterogeneity: not applicable" in pooled and "Not a pooled result" in pooled
    assert not re.search(r"τ²|I²|Q = |df = ", pooled[: pooled.index("</article>")])
    assert "In one small randomised trial" not in pooled  # the lead says "one small trial"
    assert "In one small trial with about 60 people" in pooled and "at 3 months" in pooled
    assert "12 weeks" not in pooled[: pooled.index("</article>")]
    assert "3 months (13 weeks)" in pooled  # the table gives the trial's own time


def test_one_trial_speaks_spanish_with_its_own_time(make_death_trial):
    make_death_trial("Bone-marrow mononuclear cells", (2, 28), (4, 30), weeks=13,
                     label="3 months", klass="other_cells")  # fmt: skip
    with translation.override("es"):
        (display,) = pooled_displays(syntheses_for(Trial.objects.all()), id_prefix="p")
        assert "3 meses" in display.heading and "12 semanas" not in display.sentence


def test_studies_not_known_to_be_randomised_are_a_separate_group(make_death_trial):
    randomised = make_death_trial("Umbilical-cord MSC", (2, 20), (6, 20))
    unclear = make_death_trial("Umbilical-cord MSC", (3, 20), (5, 20),
                               design="allocation_not_reported")  # fmt: skip
    cohort = make_death_trial("Umbilical-cord MSC", (3, 40), (9, 40), design="matched_cohort")
    first, second = pooled_displays(syntheses_for(Trial.objects.all()), id_prefix="p")
    assert [s.slug for s in first.synthesis.studies] == [randomised.slug]
    assert {s.slug for s in second.synthesis.studies} == {unclear.slug, cohort.slug}
    assert "2 studies not known to be randomised" in second.heading
    assert not re.search(r"\btrials?\b", second.sentence + second.heading)


def test_an_inconsistent_number_is_kept_out_of_pooling(make_death_trial, deaths):
    trial = make_death_trial("Umbilical-cord MSC", (2, 20), (6, 20))
    trial.outcome_results.filter(arm__role="standard_care").update(is_inconsistent=True)
    make_death_trial("Umbilical-cord MSC", (3, 20), (5, 20))
    (synthesis,) = syntheses_for(Trial.objects.all())
    assert trial.slug not in [study.slug for study in synthesis.studies]
    assert "internally inconsistent" in synthesis.excluded[0].reason


def test_the_class_filters_the_list_the_export_and_the_api(
    client, make_death_trial, make_reference
):
    msc = make_death_trial("Umbilical-cord MSC", (2, 20), (6, 20))
    other = make_death_trial("Bone-marrow mononuclear cells", (2, 28), (4, 30), klass="other_cells")
    make_reference(trial=other, title="Paper about mononuclear cells")
    make_reference(trial=msc, title="Paper about MSC")
    listed = client.get("/trials/", {"intervention_class": "other_cells"}).content.decode()
    assert other.get_absolute_url() in listed and msc.get_absolute_url() not in listed
    api = client.get("/api/trials/", {"intervention_class": "other_cells"}).json()
    assert [row["slug"] for row in api["results"]] == [other.slug]
    assert api["results"][0]["intervention_classes"] == ["other_cells"]
    exported = b"".join(
        client.get(
            "/references/export/", {"format": "ris", "intervention_class": "other_cells"}
        ).streaming_content
    )
    assert b"Paper about mononuclear cells" in exported and b"Paper about MSC" not in exported
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/trials/"]["get"]["parameters"]
    assert "intervention_class" in {parameter["name"] for parameter in parameters}


def test_the_condition_page_says_what_it_counts(client, make_death_trial, liver):
    make_death_trial("Umbilical-cord MSC", (2, 20), (6, 20))
    make_death_trial("Bone-marrow mononuclear cells", (2, 28), (4, 30), klass="other_cells")
    html = client.get(reverse("trials:condition", args=[liver.slug])).content.decode()
    assert "2 published studies" in html and "1 of MSC, 1 of other cells." in html
    assert "no published results yet" not in html  # both have outcome results
