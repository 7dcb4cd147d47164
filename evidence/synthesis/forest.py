"""Server-rendered SVG forest plots and the matching data table: pure functions, no JavaScript.

The plot and the table are built from the same formatted strings, so the numbers a sighted reader
sees in the plot are the numbers a screen-reader user reads in the table beside it. Effects come
in on the analysis scale (log scale for ratios); with log_scale=True they are shown exponentiated
and the line of no effect is drawn at 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from evidence.synthesis.meta import PooledEstimate, study_ci
from trials.formatting import decimal_mark, fixed_number

WIDTH = 800
ROW_HEIGHT = 22
TOP = 44  # below the column headings
X_LABEL, X_PARTICIPANTS, X_EFFECT, X_WEIGHT = 8, 268, 574, 792
PLOT_LEFT, PLOT_RIGHT = 330, 560
LABEL_CHARACTERS = 30  # about what fits on one line before the participants column at 12 px
# About what fits in bold over the plot, between the participants and estimate columns.
MEASURE_CHARACTERS = 28
LINE_HEIGHT = 14  # between the wrapped lines of a long study label
INK, MARK = "#1a1a1a", "#1f4e79"  # both above 7:1 contrast on white
FONTS = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
LOG_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class ForestRow:
    """One study: effect and 95% CI on the analysis scale, weight in percent."""

    label: str
    effect: float
    ci_low: float
    ci_high: float
    weight: float
    n_msc: int | None = None
    n_control: int | None = None

    @classmethod
    def from_study(
        cls,
        label: str,
        effect: float,
        variance: float,
        weight: float,
        n_msc: int | None = None,
        n_control: int | None = None,
    ) -> ForestRow:
        """Build a row from an effect and its variance (normal 95% CI)."""
        low, high = study_ci(effect, variance)
        return cls(label, effect, low, high, weight, n_msc, n_control)


@dataclass(frozen=True)
class TableRow:
    """One row of the data table, as the text shown in the plot."""

    label: str
    participants: str
    effect: str
    weight: str


@dataclass(frozen=True)
class ForestTable:
    """The forest plot's numbers as text: one row per study, the overall row, heterogeneity."""

    rows: tuple[TableRow, ...]
    overall: TableRow
    heterogeneity: str


def forest_table(
    rows: Sequence[ForestRow], pooled: PooledEstimate, *, log_scale: bool = False, digits: int = 2
) -> ForestTable:
    """The numbers of forest_plot_svg as table rows (same strings as in the plot)."""

    def effect(estimate: float, low: float, high: float) -> str:
        values = (estimate, low, high)
        if log_scale:
            values = tuple(math.exp(v) for v in values)
        text = [fixed_number(v, digits) for v in values]
        return _("%(estimate)s (%(low)s to %(high)s)") % dict(
            zip(("estimate", "low", "high"), text, strict=True)
        )

    def arms(n_msc: int | None, n_control: int | None) -> str:
        return f"{'–' if n_msc is None else n_msc} / {'–' if n_control is None else n_control}"

    known = [r for r in rows if r.n_msc is not None and r.n_control is not None]
    total = (
        (sum(r.n_msc for r in known), sum(r.n_control for r in known)) if known else (None, None)
    )
    # One study is not a pooled result: RevMan prints "Heterogeneity: Not applicable".
    single = pooled.k == 1
    overall = TableRow(
        label=_("Total (one study, nothing pooled)")
        if single
        else _("Overall (%(method)s)") % {"method": pooled.method},
        participants=arms(*total) if len(known) == len(rows) else arms(None, None),
        effect=effect(pooled.estimate, pooled.ci_low, pooled.ci_high),
        weight="100%",
    )
    heterogeneity = (
        _("Heterogeneity: not applicable (one study)")
        if single
        else _("Heterogeneity: τ² = %(tau2)s; I² = %(i2)s%%; Q = %(q)s (df = %(df)d, %(p)s)")
        % {
            "tau2": fixed_number(pooled.tau2, digits + 2 if pooled.tau2 < 1 else digits),
            "i2": fixed_number(pooled.i2, 0),
            "q": fixed_number(pooled.q, 2),
            "df": pooled.df,
            "p": (
                decimal_mark("p < 0.001")
                if pooled.q_p < 0.001
                else f"p = {fixed_number(pooled.q_p, 3)}"
            ),
        }
    )
    return ForestTable(
        rows=tuple(
            TableRow(
                r.label,
                arms(r.n_msc, r.n_control),
                effect(r.effect, r.ci_low, r.ci_high),
                f"{fixed_number(r.weight, 1)}%",
            )
            for r in rows
        ),
        overall=overall,
        heterogeneity=heterogeneity,
    )


def forest_plot_svg(
    rows: Sequence[ForestRow],
    pooled: PooledEstimate,
    *,
    measure_label: str,
    favours_left: str,
    favours_right: str,
    log_scale: bool = False,
    title: str,
    description: str,
    id_prefix: str = "forest",
    digits: int = 2,
) -> str:
    """An accessible SVG forest plot (role="img", title, desc) with one row per study."""
    if not _ID.match(id_prefix):
        raise ValueError("id_prefix must start with a letter; then letters, digits, - or _")
    table = forest_table(rows, pooled, log_scale=log_scale, digits=digits)
    low, high, ticks = _axis(
        [r.ci_low for r in rows] + [pooled.ci_low],
        [r.ci_high for r in rows] + [pooled.ci_high],
        log_scale,
    )

    def x(value: float) -> float:
        return PLOT_LEFT + (value - low) / (high - low) * (PLOT_RIGHT - PLOT_LEFT)

    # A long trial name wraps onto more lines (never cut); its row grows to hold them.
    wrapped = [wrap_label(text.label) for text in table.rows]
    heights = [ROW_HEIGHT + LINE_HEIGHT * (len(lines) - 1) for lines in wrapped]
    pooled_y = TOP + sum(heights) + ROW_HEIGHT / 2
    # The overall row's label is bold (wider letters): it wraps a little earlier.
    overall_lines = wrap_label(table.overall.label, LABEL_CHARACTERS - 4)
    extra = LINE_HEIGHT * (len(overall_lines) - 1)
    axis_y = pooled_y + 2.2 * ROW_HEIGHT + extra
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    # A long measure name ("Riesgo relativo (escala logarítmica)") wraps over the plot instead
    # of running into the columns beside it; its first lines go above the headings, into room
    # the view box opens above 0.
    measure_lines = wrap_label(measure_label, MEASURE_CHARACTERS)
    shift = LINE_HEIGHT * (len(measure_lines) - 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 {-shift} {WIDTH} {_n(axis_y + 62 + shift)}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" class="forest-plot" '
        f'font-family="{FONTS}" font-size="12" fill="{INK}">',
        f'<title id="{title_id}">{_text(title)}</title>',
        f'<desc id="{desc_id}">{_text(description)}</desc>',
        '<g class="headings" font-weight="bold">',
        *_columns(
            20,
            TableRow(_("Study"), _("Treated / control"), _("Estimate (95% CI)"), _("Weight")),
        ),
        *(
            _label((PLOT_LEFT + PLOT_RIGHT) / 2, 20 - shift + LINE_HEIGHT * number, line, "middle")
            for number, line in enumerate(measure_lines)
        ),
        "</g>",
        _line(X_LABEL, 28, X_WEIGHT, 28),
        _line(x(0.0), TOP - 12, x(0.0), axis_y, css="no-effect"),
    ]
    biggest = max((r.weight for r in rows), default=1.0) or 1.0
    top = TOP
    for row, text, lines, height in zip(rows, table.rows, wrapped, heights, strict=True):
        y = top + height / 2
        top += height
        first = y + 4 - LINE_HEIGHT * (len(lines) - 1) / 2
        out += [
            '<g class="study">',
            _lines(X_LABEL, first, lines),
            *_columns(y + 4, text)[1:],
        ]
        out += _interval(x, low, high, row.ci_low, row.ci_high, y)
        if low <= row.effect <= high:
            side = 4 + 10 * math.sqrt(max(row.weight, 0.0) / biggest)  # area grows with weight
            out.append(
                f'<rect class="weight" x="{_n(x(row.effect) - side / 2)}" '
                f'y="{_n(y - side / 2)}" width="{_n(side)}" height="{_n(side)}" fill="{MARK}"/>'
            )
        out.append("</g>")
    centre = min(max(pooled.estimate, low), high)
    diamond = [
        (x(max(low, pooled.ci_low)), pooled_y),
        (x(centre), pooled_y - 7),
        (x(min(high, pooled.ci_high)), pooled_y),
        (x(centre), pooled_y + 7),
    ]
    out += [
        _line(X_LABEL, pooled_y - 14, X_WEIGHT, pooled_y - 14, width=0.5),
        '<g class="overall" font-weight="bold">',
        _lines(X_LABEL, pooled_y + 4, overall_lines),
        *_columns(pooled_y + 4, table.overall)[1:],
        "</g>",
        _polygon(diamond, css="diamond"),
        _label(X_LABEL, pooled_y + 22 + extra, table.heterogeneity, size=11),
        _line(PLOT_LEFT, axis_y, PLOT_RIGHT, axis_y),
    ]
    for tick in ticks:
        tx = x(math.log(tick) if log_scale else tick)
        out += [
            _line(tx, axis_y, tx, axis_y + 5),
            _label(tx, axis_y + 18, _tick(tick), "middle", size=11),
        ]
    out += [
        _label(x(0.0) - 6, axis_y + 38, favours_left, "end", size=11),
        _label(x(0.0) + 6, axis_y + 38, favours_right, "start", size=11),
        "</svg>",
    ]
    return "\n".join(out)


def _columns(y: float, row: TableRow) -> list[str]:
    """The four text columns of one row."""
    return [
        _label(X_LABEL, y, row.label),
        _label(X_PARTICIPANTS, y, row.participants, "middle"),
        _label(X_EFFECT, y, row.effect),
        _label(X_WEIGHT, y, row.weight, "end"),
    ]


def _axis(
    lows: list[float], highs: list[float], log_scale: bool
) -> tuple[float, float, list[float]]:
    """Axis limits on the analysis scale and tick values on the display scale."""
    low, high = min([0.0, *lows]), max([0.0, *highs])
    if log_scale:
        # Clamp at 0.01-100: a zero-cell study can have a CI spanning 10^6; it gets an arrow.
        low, high = max(low, math.log(LOG_TICKS[0])), min(high, math.log(LOG_TICKS[-1]))
        lower = max((t for t in LOG_TICKS if math.log(t) <= low + 1e-12), default=LOG_TICKS[0])
        upper = min((t for t in LOG_TICKS if math.log(t) >= high - 1e-12), default=LOG_TICKS[-1])
        ticks = [t for t in LOG_TICKS if lower <= t <= upper]
        if len(ticks) > 7:
            ticks = [t for t in ticks if t in (lower, upper, 1) or math.log10(t).is_integer()]
        return math.log(lower), math.log(upper), ticks
    if high - low == 0:
        low, high = -1.0, 1.0
    raw = (high - low) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    lower, upper = math.floor(low / step) * step, math.ceil(high / step) * step
    count = round((upper - lower) / step)
    return lower, upper, [lower + i * step for i in range(count + 1)]


def _interval(
    x: Callable[[float], float], low: float, high: float, ci_low: float, ci_high: float, y: float
) -> list[str]:
    """The CI line of one study, with an arrowhead where it runs off the axis."""
    start, end = max(low, min(ci_low, high)), min(high, max(ci_high, low))
    parts = [_line(x(start), y, x(end), y, width=1.5, css="ci")]
    for off_axis, tip, direction in ((ci_low < low, x(low), -1), (ci_high > high, x(high), 1)):
        if off_axis:
            back = tip - 6 * direction
            parts.append(_polygon([(tip, y), (back, y - 4), (back, y + 4)], css="clipped"))
    return parts


def _line(x1: float, y1: float, x2: float, y2: float, *, width: float = 1, css: str = "") -> str:
    """A line element in the ink colour."""
    cls = f' class="{css}"' if css else ""
    return (
        f'<line{cls} x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{INK}" stroke-width="{width}"/>'
    )


def _polygon(points: list[tuple[float, float]], *, css: str) -> str:
    """A filled polygon in the ink colour."""
    return f'<polygon class="{css}" points="{" ".join(f"{_n(a)},{_n(b)}" for a, b in points)}"/>'


def _label(x: float, y: float, text: str, anchor: str = "start", *, size: int | None = None) -> str:
    """A text element with escaped content."""
    font = f' font-size="{size}"' if size else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor={quoteattr(anchor)}{font}>{_text(text)}</text>'
    )


def _text(value: str) -> str:
    """Escape text for an XML text node, quotes included (labels come from curators)."""
    return escape(str(value), {'"': "&quot;", "'": "&#x27;"})


def wrap_label(label: str, width: int = LABEL_CHARACTERS) -> list[str]:
    """A study label as lines of at most `width` characters, broken between words (a word
    longer than a line is split), so the whole name shows."""
    lines: list[str] = []
    line = ""
    for word in label.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def _lines(x: float, y: float, lines: list[str]) -> str:
    """One text element, a line per tspan, each LINE_HEIGHT below the one before."""
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{0 if i == 0 else LINE_HEIGHT}">{_text(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{_n(x)}" y="{_n(y)}">{spans}</text>'


def _tick(value: float) -> str:
    """A tick label without trailing zeros."""
    return decimal_mark(f"{value:.6g}") if abs(value) >= 1e-9 else "0"


def _n(value: float) -> str:
    """A coordinate with one decimal: enough at this size, and short to send."""
    return f"{value:.1f}"
