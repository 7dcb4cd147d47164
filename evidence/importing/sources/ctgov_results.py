"""The results section of a ClinicalTrials.gov study: per-group values, between-group estimates."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from evidence.importing.sources import ctgov_fields as fields


@dataclass(frozen=True)
class GroupValue:
    group_title: str
    value: float | None  # None when the registry says "NA" (not estimable)
    raw_value: str = ""
    spread: float | None = None
    lower: float | None = None
    upper: float | None = None
    participants: int | None = None
    comment: str = ""


@dataclass(frozen=True)
class OutcomeRow:
    label: str  # class and category titles; "" for the usual single row
    values: tuple[GroupValue, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """A between-group estimate of an outcome, e.g. a hazard ratio with its CI."""

    group_titles: tuple[str, ...]
    param_type: str  # a display string, e.g. "Hazard Ratio (HR)"
    value: float | None
    ci_percent: str = ""
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: str = ""
    comment: str = ""  # e.g. "Sorafenib compared to Placebo"


@dataclass(frozen=True)
class RegistryOutcome:
    kind: str  # PRIMARY, SECONDARY, OTHER_PRE_SPECIFIED, POST_HOC
    title: str
    param_type: str  # MEAN, MEDIAN, COUNT_OF_PARTICIPANTS, NUMBER, …
    dispersion_type: str  # a display string here, e.g. "Standard Deviation"
    unit: str
    time_frame: str
    rows: tuple[OutcomeRow, ...] = ()
    analyses: tuple[Analysis, ...] = ()


def _denominators(holder: dict[str, Any], path: str) -> dict[str, int | None]:
    # The first denominator counts participants; a class may repeat it with its own numbers.
    for denom_path, denom in fields.objects_at(holder, "denoms", path):
        return {
            fields.text_at(count, "groupId", count_path): fields.count_at(
                count, "value", count_path
            )
            for count_path, count in fields.objects_at(denom, "counts", denom_path)
        }
    return {}


def parse_outcome(item: dict[str, Any], path: str) -> RegistryOutcome:
    groups = {
        fields.text_at(group, "id", group_path): fields.text_at(group, "title", group_path)
        for group_path, group in fields.objects_at(item, "groups", path)
    }
    participants = _denominators(item, path)
    rows = []
    for class_path, klass in fields.objects_at(item, "classes", path):
        class_participants = {**participants, **_denominators(klass, class_path)}
        for category_path, category in fields.objects_at(klass, "categories", class_path):
            label = " — ".join(
                text
                for text in (
                    fields.text_at(klass, "title", class_path),
                    fields.text_at(category, "title", category_path),
                )
                if text
            )
            values = []
            for value_path, value in fields.objects_at(category, "measurements", category_path):
                group_id = fields.text_at(value, "groupId", value_path)
                if group_id not in groups:
                    raise fields.wrong(f"{value_path}.groupId", _("one of the outcome's groups"))
                values.append(
                    GroupValue(
                        group_title=groups[group_id],
                        value=fields.number_at(value, "value", value_path),
                        raw_value=fields.text_at(value, "value", value_path),
                        spread=fields.number_at(value, "spread", value_path),
                        lower=fields.number_at(value, "lowerLimit", value_path),
                        upper=fields.number_at(value, "upperLimit", value_path),
                        participants=class_participants.get(group_id),
                        comment=fields.text_at(value, "comment", value_path),
                    )
                )
            rows.append(OutcomeRow(label, tuple(values)))
    analyses = []
    for analysis_path, analysis in fields.objects_at(item, "analyses", path):
        group_ids = fields.texts_at(analysis, "groupIds", analysis_path)
        analyses.append(
            Analysis(
                group_titles=tuple(groups.get(group_id, "") for group_id in group_ids),
                param_type=fields.text_at(analysis, "paramType", analysis_path),
                value=fields.number_at(analysis, "paramValue", analysis_path),
                ci_percent=fields.text_at(analysis, "ciPctValue", analysis_path),
                ci_low=fields.number_at(analysis, "ciLowerLimit", analysis_path),
                ci_high=fields.number_at(analysis, "ciUpperLimit", analysis_path),
                p_value=fields.text_at(analysis, "pValue", analysis_path),
                comment=fields.text_at(analysis, "estimateComment", analysis_path),
            )
        )
    return RegistryOutcome(
        kind=fields.text_at(item, "type", path),
        title=fields.text_at(item, "title", path),
        param_type=fields.text_at(item, "paramType", path),
        dispersion_type=fields.text_at(item, "dispersionType", path),
        unit=fields.text_at(item, "unitOfMeasure", path),
        time_frame=fields.text_at(item, "timeFrame", path),
        rows=tuple(rows),
        analyses=tuple(analyses),
    )
