"""Small horizontal bar charts as SVG: pure functions, plain values in, markup out."""

from html import escape

WIDTH = 400
ROW_HEIGHT = 44
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
VALUE_SPACE = 44
BAR_COLOUR = "#0b5563"
TEXT_COLOUR = "#1b1f24"


def bar_chart_svg(
    *, chart_id: str, title: str, description: str, bars: list[tuple[str, int]]
) -> str:
    """A labelled bar per (label, value); role="img" with a <title> and <desc> for screen readers.

    Labels sit above their bars so the chart stays legible when scaled down to a phone's width.
    """
    chart_id = escape(chart_id, quote=True)
    largest = max((value for _label, value in bars), default=0)
    height = max(ROW_HEIGHT * len(bars), ROW_HEIGHT) + 4
    usable = WIDTH - VALUE_SPACE
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" class="bar-chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(bars):
        top = index * ROW_HEIGHT
        length = 0.0 if largest == 0 else usable * value / largest
        length = max(length, 2.0) if value else 0.0
        parts.append(
            f'<text x="0" y="{top + 13}" font-size="14" fill="{TEXT_COLOUR}">{escape(label)}</text>'
            f'<rect x="0" y="{top + LABEL_HEIGHT}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"></rect>'
            f'<text x="{length + 6:.1f}" y="{top + LABEL_HEIGHT + 13}" font-size="14" '
            f'fill="{TEXT_COLOUR}">{value}</text>'
        )
    if not bars:
        parts.append(f'<text x="0" y="20" font-size="14" fill="{TEXT_COLOUR}">–</text>')
    parts.append("</svg>")
    return "".join(parts)
