"""Outcome results for reading: a table per measure, a row per timepoint, a column per arm."""

from dataclasses import dataclass, field

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .formatting import decimal_mark, reported_number, weeks_label
from .models import (
    Arm,
    OutcomeMeasure,
    OutcomeResult,
    ResultShape,
    SourceKind,
    is_within_group,
)
from .templatetags.curated_text import curated_html


def format_p_value(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    if text[0] in "<>=≤≥":
        return decimal_mark(f"p {text}")
    return decimal_mark(f"p = {text}")


def format_result(result: OutcomeResult) -> str:
    """One result in words and numbers, e.g. '31.2 ± 4.1 (n = 20)'."""
    unit = f" {result.unit_reported}" if result.unit_reported else ""
    number = reported_number
    shape = result.shape
    if shape == ResultShape.MEAN_SD:
        text = f"{number(result.mean)}{unit} ± {number(result.sd)}"
        if result.n is not None:
            text += f" (n = {result.n})"
    elif shape == ResultShape.MEDIAN_IQR:
        spread = _("range") if result.spread_is_range else _("IQR")
        text = _("median %(value)s (%(spread)s %(low)s to %(high)s)") % {
            "value": f"{number(result.median)}{unit}",
            "spread": spread,
            "low": number(result.q1),
            "high": number(result.q3),
        }
    elif shape == ResultShape.EVENTS:
        share = ""
        if result.percentage is not None:
            share = f" ({number(result.percentage)}%)"  # as printed, never recomputed
        elif result.total:
            share = f" ({number(round(100 * (result.events or 0) / result.total, 1))}%)"
        text = _("%(events)s of %(total)s") % {"events": result.events, "total": result.total}
        text += share
    elif shape == ResultShape.PERCENTAGE:
        text = f"{number(result.percentage)}%"
        if result.ci_low is not None and result.ci_high is not None:
            text += _(" (95%% CI %(low)s to %(high)s)") % {
                "low": number(result.ci_low),
                "high": number(result.ci_high),
            }
    elif shape == ResultShape.EFFECT:
        text = f"{result.effect_measure} {number(result.effect_value)}"
        if result.ci_low is not None and result.ci_high is not None:
            text += _(" (95%% CI %(low)s to %(high)s)") % {
                "low": number(result.ci_low),
                "high": number(result.ci_high),
            }
    elif shape == ResultShape.BEFORE_AFTER:
        text = _("from %(before)s to %(after)s") % {
            "before": f"{number(result.baseline_mean)}{unit}",
            "after": f"{number(result.mean)}{unit}",
        }
    else:
        text = result.get_significance_display() or result.get_shape_display()
    if result.is_change_from_baseline and shape != ResultShape.BEFORE_AFTER:
        text = _("change: %(value)s") % {"value": text}
    if result.p_value:
        text += f"; {format_p_value(result.p_value)}"
    return text


def timepoint_label(result: OutcomeResult) -> SafeString:
    """The timepoint as the curator wrote it (in the reader's language), else in weeks."""
    if label := curated_html(result, "timepoint_label"):
        return label
    if result.timepoint_weeks is None:
        return conditional_escape(_("Not stated"))
    if result.timepoint_weeks == 0:
        return conditional_escape(_("Baseline"))
    return conditional_escape(weeks_label(result.timepoint_weeks))


def arm_label(arm: Arm | None) -> SafeString:
    """An arm's label in the reader's language (marked when only English exists)."""
    if arm is None:
        return conditional_escape(_("Whole trial"))
    return curated_html(arm, "label")


@dataclass
class ResultCell:
    result: OutcomeResult
    text: SafeString
    is_unverified: bool
    is_registry: bool
    reference_number: int | None
    is_within_group: bool = False


@dataclass
class TimepointRow:
    label: SafeString
    cells: list[list[ResultCell]]


@dataclass
class MeasureTable:
    measure: OutcomeMeasure
    columns: list[SafeString]
    rows: list[TimepointRow] = field(default_factory=list)


def _cell(result: OutcomeResult, reference_numbers: dict[int, int], design: str = "") -> ResultCell:
    text = conditional_escape(format_result(result))
    if result.comparator_arm_id and result.comparator_arm is not None:
        text = mark_safe(  # noqa: S308 - both parts are escaped above
            conditional_escape(_("%(value)s, compared with %(arm)s"))
            % {"value": text, "arm": arm_label(result.comparator_arm)}
        )
    return ResultCell(
        result=result,
        text=text,
        is_unverified=result.source_kind == SourceKind.SECONDARY,
        is_registry=result.source_kind == SourceKind.REGISTRY_RESULTS,
        reference_number=reference_numbers.get(result.reference_id)
        if result.reference_id
        else None,
        is_within_group=is_within_group(result, design),
    )


def outcome_tables(
    results: list[OutcomeResult],
    arms: list[Arm],
    reference_numbers: dict[int, int],
    design: str = "",
) -> list[MeasureTable]:
    """Group a trial's results by measure, then timepoint (rows) and arm (columns); no queries."""
    by_measure: dict[int, list[OutcomeResult]] = {}
    measures: dict[int, OutcomeMeasure] = {}
    for result in results:
        by_measure.setdefault(result.measure_id, []).append(result)
        measures[result.measure_id] = result.measure
    ordered_arms = sorted(arms, key=lambda arm: (arm.position, arm.pk))
    tables = []
    for measure_id, measure_results in by_measure.items():
        used = {result.arm_id for result in measure_results}
        column_arms: list[Arm | None] = [arm for arm in ordered_arms if arm.pk in used]
        if None in used:
            column_arms.append(None)
        columns = [arm_label(arm) for arm in column_arms]
        index = {(arm.pk if arm else None): position for position, arm in enumerate(column_arms)}
        rows: dict[tuple, TimepointRow] = {}
        for result in sorted(
            measure_results,
            key=lambda r: (r.timepoint_weeks is None, r.timepoint_weeks or 0, r.pk),
        ):
            label = timepoint_label(result)
            key = (result.timepoint_weeks, label)
            row = rows.setdefault(key, TimepointRow(label, [[] for _column in column_arms]))
            row.cells[index[result.arm_id]].append(_cell(result, reference_numbers, design))
        tables.append(MeasureTable(measures[measure_id], columns, list(rows.values())))
    tables.sort(key=lambda table: (table.measure.is_safety, table.measure.name))
    return tables
