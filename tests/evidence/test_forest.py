"""evidence.forest: well-formed, accessible SVG whose numbers match its data table."""

import math
import xml.etree.ElementTree as ET

import pytest

from evidence.synthesis import meta
from evidence.synthesis.forest import ForestRow, forest_plot_svg, forest_table, wrap_label

SVG = "{http://www.w3.org/2000/svg}"


def make_plot(labels=("Alpha 2019", "Beta 2020", "Gamma 2021"), *, log_scale=False, **kwargs):
    effects = [
        (-0.4 + 0.3 * i) if not log_scale else math.log(0.6 + 0.3 * i) for i in range(len(labels))
    ]
    variances = [0.04 + 0.01 * i for i in range(len(labels))]
    pooled = meta.pool(effects, variances)
    rows = [
        ForestRow.from_study(label, e, v, w, 10 + i, 12 + i)
        for i, (label, e, v, w) in enumerate(
            zip(labels, effects, variances, pooled.weights, strict=True)
        )
    ]
    options = dict(
        measure_label="Mean difference", favours_left="Favours MSC",
        favours_right="Favours control", log_scale=log_scale, title="Albumin at 12 weeks",
        description="Three trials pooled by REML.",
    )  # fmt: skip
    options.update(kwargs)
    return rows, pooled, forest_plot_svg(rows, pooled, **options)


def texts(root: ET.Element) -> list[str]:
    """Each text element's words; a wrapped label's lines (tspans) joined by spaces."""
    return [
        " ".join(span.text or "" for span in t.iter(f"{SVG}tspan")) or (t.text or "")
        for t in root.iter(f"{SVG}text")
    ]


def test_plot_is_well_formed_svg_named_by_its_title_and_desc():
    root = ET.fromstring(make_plot()[2])
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("viewBox").startswith("0 0 800 ") and root.get("width") is None
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert (title.text, desc.text) == ("Albumin at 12 weeks", "Three trials pooled by REML.")
    assert not list(root.iter(f"{SVG}script"))


def test_plot_has_one_row_per_study_and_one_diamond():
    root = ET.fromstring(make_plot(labels=[f"Trial {i}" for i in range(7)])[2])
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "study"]
    assert len(groups) == 7
    assert all(
        len(g.findall(f"{SVG}rect")) == 1 and g.find(f"{SVG}line") is not None for g in groups
    )
    assert [p.get("class") for p in root.iter(f"{SVG}polygon")] == ["diamond"]


def test_table_rows_match_the_numbers_in_the_plot():
    rows, pooled, svg = make_plot()
    table = forest_table(rows, pooled)
    shown = texts(ET.fromstring(svg))
    for row in (*table.rows, table.overall):
        assert {row.label, row.participants, row.effect, row.weight} <= set(shown)
    assert table.heterogeneity in shown
    assert table.rows[1].participants == "11 / 13" and table.overall.participants == "33 / 39"


def test_table_numbers_come_from_the_pooled_result():
    rows, pooled, _ = make_plot()
    table = forest_table(rows, pooled)
    assert (
        table.overall.effect
        == f"{pooled.estimate:.2f} ({pooled.ci_low:.2f} to {pooled.ci_high:.2f})"
    )
    assert [r.weight for r in table.rows] == [f"{w:.1f}%" for w in pooled.weights]


def test_curator_label_with_markup_is_escaped():
    label = 'Lee <script>&"x"'
    rows, _, svg = make_plot(
        labels=(label, "B", "C"), title="<b>&", description="'quoted' \"text\""
    )
    assert "<script" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)
    assert label in texts(root)
    assert root.find(f"{SVG}title").text == "<b>&"
    assert root.find(f"{SVG}desc").text == "'quoted' \"text\""


def test_long_label_wraps_whole_in_the_plot_and_its_row_grows():
    label = "A very long trial name that goes on and on, Shi and colleagues 2012 (NCT01220492)"
    rows, pooled, svg = make_plot(labels=(label, "B", "C"))
    assert forest_table(rows, pooled).rows[0].label == label
    root = ET.fromstring(svg)
    assert label in texts(root) and "…" not in svg
    first = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "study")
    spans = list(first.iter(f"{SVG}tspan"))
    assert len(spans) == 3 and all(len(span.text) <= 30 for span in spans)
    short = ET.fromstring(make_plot(labels=("A", "B", "C"))[2])
    assert float(root.get("viewBox").split()[3]) == float(short.get("viewBox").split()[3]) + 28


def test_a_long_measure_name_wraps_over_the_plot_and_the_rest_moves_down():
    # Spanish: "Riesgo relativo (escala logarítmica)" ran into "Tratados / control" and the
    # estimate column on one line.
    measure = "Riesgo relativo (escala logarítmica)"
    svg = make_plot(measure_label=measure)[2]
    root = ET.fromstring(svg)
    headings = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "headings")
    lines = [t.text for t in headings.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    lines = [line for line in lines if line not in ("Treated / control",)]
    assert " ".join(lines) == measure and all(len(line) <= 28 for line in lines)
    one_line = ET.fromstring(make_plot(measure_label="Risk ratio (log scale)")[2])
    assert float(root.get("viewBox").split()[3]) == float(one_line.get("viewBox").split()[3]) + 14


def test_a_long_overall_label_wraps_below_itself():
    rows, pooled, _svg = make_plot(labels=("A",))  # one study: "Total (one study, nothing pooled)"
    root = ET.fromstring(_svg)
    overall = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "overall")
    spans = [span.text for span in overall.iter(f"{SVG}tspan")]
    assert spans == ["Total (one study, nothing", "pooled)"]


@pytest.mark.parametrize(
    ("label", "lines"),
    [("Shi 2012", ["Shi 2012"]), ("", [""]),
     ("Umbilical-cord MSC for decompensated cirrhosis 2012",
      ["Umbilical-cord MSC for", "decompensated cirrhosis 2012"]),
     ("X" * 65, ["X" * 30, "X" * 30, "X" * 5])],
)  # fmt: skip
def test_wrap_label_breaks_between_words_and_splits_only_overlong_ones(label, lines):
    assert wrap_label(label) == lines


def test_log_scale_shows_ratios_and_no_effect_at_one():
    rows, pooled, svg = make_plot(log_scale=True, measure_label="Risk ratio")
    root = ET.fromstring(svg)
    one = next(t for t in root.iter(f"{SVG}text") if t.text == "1")
    no_effect = next(ln for ln in root.iter(f"{SVG}line") if ln.get("class") == "no-effect")
    assert no_effect.get("x1") == one.get("x")
    assert forest_table(rows, pooled, log_scale=True).rows[0].effect.startswith("0.60 (")


def test_interval_beyond_the_axis_ends_in_an_arrow():
    # log RR -3.0 +/- 1.96 * 4 runs from RR 0.00002 to 126: off both ends of the 0.01-100 axis.
    rows = [
        ForestRow.from_study("Zero-cell trial", -3.0, 16.0, 5.0),
        ForestRow.from_study("B", 0.1, 0.05, 95.0),
    ]
    pooled = meta.pool([-3.0, 0.1], [16.0, 0.05])
    svg = forest_plot_svg(
        rows, pooled, measure_label="Risk ratio", favours_left="Favours MSC",
        favours_right="Favours control", log_scale=True, title="Deaths", description="Two trials.",
    )  # fmt: skip
    assert [p.get("class") for p in ET.fromstring(svg).iter(f"{SVG}polygon")].count("clipped") == 2


def test_favours_labels_sit_under_the_axis_either_side_of_no_effect():
    root = ET.fromstring(make_plot()[2])
    labels = {t.text: t for t in root.iter(f"{SVG}text")}
    no_effect = next(ln for ln in root.iter(f"{SVG}line") if ln.get("class") == "no-effect")
    left, right = labels["Favours MSC"], labels["Favours control"]
    assert float(left.get("y")) > float(no_effect.get("y2"))
    assert float(left.get("x")) < float(no_effect.get("x1")) < float(right.get("x"))
    assert (left.get("text-anchor"), right.get("text-anchor")) == ("end", "start")


def test_plot_rejects_an_unsafe_id_prefix():
    with pytest.raises(ValueError, match="id_prefix"):
        make_plot(id_prefix='x" onload="alert(1)')


def test_fifty_rows_render():
    labels = [f"Trial {i}" for i in range(50)]
    root = ET.fromstring(make_plot(labels=labels)[2])
    assert sum(g.get("class") == "study" for g in root.iter(f"{SVG}g")) == 50
