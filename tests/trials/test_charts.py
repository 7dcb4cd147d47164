"""The SVG bar chart: accessible markup, escaped labels, bars in proportion."""

import re
import xml.etree.ElementTree as ET

from trials.charts import bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def chart(bars: list[tuple[str, int]]) -> ET.Element:
    markup = bar_chart_svg(chart_id="c1", title="Trials by route", description="Two.", bars=bars)
    return ET.fromstring(markup)


def test_chart_is_an_image_with_title_and_description():
    svg = chart([("Vein", 3)])
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Trials by route"
    assert svg.find(f"{SVG}desc").text == "Two."
    assert svg.get("aria-labelledby") == "c1-title c1-desc"


def test_bars_are_in_proportion_to_their_values():
    widths = [
        float(rect.get("width"))
        for rect in chart([("A", 4), ("B", 2), ("C", 0)]).iter(f"{SVG}rect")
    ]
    assert widths[0] == 2 * widths[1]
    assert widths[2] == 0


def test_labels_and_values_are_written_out():
    texts = [text.text for text in chart([("Hepatic artery", 7)]).iter(f"{SVG}text")]
    assert texts == ["Hepatic artery", "7"]


def test_labels_are_escaped():
    markup = bar_chart_svg(chart_id="x", title="<b>", description="&", bars=[("<script>", 1)])
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    ET.fromstring(markup)


def test_an_empty_chart_is_still_valid_svg():
    svg = chart([])
    assert re.fullmatch(r"0 0 \d+ \d+", svg.get("viewBox"))
