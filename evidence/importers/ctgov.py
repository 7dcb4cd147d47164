"""ClinicalTrials.gov API v2 study documents → plain dataclasses (no database, no network).

What the real documents show and this parser keeps: counts and values are strings, "NA" means not
estimable, dates can be partial ("2008-11"), some locations have no facility, startDateStruct may
lack `type`, a search page holds `studies` and a `nextPageToken`.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .http import PayloadError

NCT_PATTERN = re.compile(r"NCT\d{8}")
NOT_ESTIMABLE = frozenset({"NA", "N/A", "NE", ""})


@dataclass(frozen=True)
class PartialDate:
    value: datetime.date
    precision: str  # "year", "month" or "day", as trials.models.DatePrecision


@dataclass(frozen=True)
class SecondaryId:
    identifier: str
    kind: str  # the registry's type, e.g. EUDRACT_NUMBER, REGISTRY, OTHER
    domain: str = ""


@dataclass(frozen=True)
class ArmGroup:
    label: str
    kind: str  # EXPERIMENTAL, PLACEBO_COMPARATOR, … or "" for observational cohorts
    description: str = ""
    intervention_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Intervention:
    kind: str
    name: str
    description: str = ""
    arm_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class StudyReference:
    pmid: str
    kind: str  # RESULT, DERIVED or BACKGROUND
    citation: str = ""


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


@dataclass
class Study:
    nct_id: str
    brief_title: str = ""
    official_title: str = ""
    acronym: str = ""
    secondary_ids: list[SecondaryId] = field(default_factory=list)
    overall_status: str = ""
    phases: list[str] = field(default_factory=list)
    study_type: str = ""
    allocation: str = ""
    intervention_model: str = ""
    masking: str = ""
    who_masked: list[str] = field(default_factory=list)
    enrollment: int | None = None
    enrollment_type: str = ""
    start: PartialDate | None = None
    completion: PartialDate | None = None
    conditions: list[str] = field(default_factory=list)
    arm_groups: list[ArmGroup] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    sponsor: str = ""
    references: list[StudyReference] = field(default_factory=list)
    last_update_posted: datetime.date | None = None
    outcomes: list[RegistryOutcome] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The official title, or the brief one when the record (or a search page) has no other."""
        return self.official_title or self.brief_title


def load_document(raw: bytes | str) -> dict[str, Any]:
    """Decode a saved or fetched document; a truncated or malformed one raises PayloadError."""
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as error:
        raise PayloadError(
            _(
                "The ClinicalTrials.gov document is not valid JSON (%(problem)s at line "
                "%(line)d, column %(column)d): it may be truncated. Nothing was changed."
            )
            % {"problem": error.msg, "line": error.lineno, "column": error.colno}
        ) from error
    except ValueError as error:  # bytes cut inside a UTF-8 character
        raise PayloadError(
            _("The ClinicalTrials.gov document is not valid UTF-8 text (%(problem)s).")
            % {"problem": error}
        ) from error
    if not isinstance(document, dict):
        raise PayloadError(_("The ClinicalTrials.gov document is not a JSON object."))
    return document


def studies_in(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The studies of a document: itself for a study, its `studies` for a search page."""
    if "protocolSection" in document:
        return [document]
    studies = document.get("studies")
    if not isinstance(studies, list):
        raise PayloadError(
            _(
                "This JSON is neither a ClinicalTrials.gov study (no protocolSection) nor a "
                "search page (no studies list)."
            )
        )
    for index, study in enumerate(studies):
        if not isinstance(study, dict):
            raise PayloadError(_("studies[%(index)d] is not a JSON object.") % {"index": index})
    return studies


def _wrong(path: str, expected: str) -> PayloadError:
    return PayloadError(
        _("%(path)s should be %(expected)s in the ClinicalTrials.gov document.")
        % {"path": path, "expected": expected}
    )


def _obj(parent: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _wrong(f"{path}.{key}", _("an object"))
    return value


def _list(parent: dict[str, Any], key: str, path: str) -> list[Any]:
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _wrong(f"{path}.{key}", _("a list"))
    return value


def _objects(parent: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
    items = []
    for index, item in enumerate(_list(parent, key, path)):
        if not isinstance(item, dict):
            raise _wrong(f"{path}.{key}[{index}]", _("an object"))
        items.append((f"{path}.{key}[{index}]", item))
    return items


def _text(parent: dict[str, Any], key: str, path: str) -> str:
    value = parent.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _wrong(f"{path}.{key}", _("text"))
    return " ".join(str(value).split())


def _texts(parent: dict[str, Any], key: str, path: str) -> list[str]:
    values = []
    for index, value in enumerate(_list(parent, key, path)):
        if not isinstance(value, str):
            raise _wrong(f"{path}.{key}[{index}]", _("text"))
        if value.strip():
            values.append(" ".join(value.split()))
    return values


def _number(parent: dict[str, Any], key: str, path: str) -> float | None:
    text = _text(parent, key, path)
    if text.upper() in NOT_ESTIMABLE:
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise _wrong(
            f"{path}.{key}", _("a number or NA (it is %(value)r)") % {"value": text}
        ) from None


def _count(parent: dict[str, Any], key: str, path: str) -> int | None:
    number = _number(parent, key, path)
    if number is None:
        return None
    if number < 0 or number != int(number):
        raise _wrong(f"{path}.{key}", _("a whole number (it is %(value)r)") % {"value": number})
    return int(number)


DATE_FORMATS = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "%Y-%m-%d", "day"),
    (re.compile(r"\d{4}-\d{2}"), "%Y-%m", "month"),
    (re.compile(r"\d{4}"), "%Y", "year"),
)


def parse_partial_date(text: str, path: str = "date") -> PartialDate | None:
    """'2008-11' → 2008-11-01 with precision month; '' → None."""
    if not text:
        return None
    for pattern, date_format, precision in DATE_FORMATS:
        if pattern.fullmatch(text):
            try:
                value = datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                break
            return PartialDate(value, precision)
    raise _wrong(
        path, _("a date such as 2008-11-03, 2008-11 or 2008 (it is %(value)r)") % {"value": text}
    )


def _date_struct(status: dict[str, Any], key: str, path: str) -> PartialDate | None:
    struct = _obj(status, key, path)
    return parse_partial_date(_text(struct, "date", f"{path}.{key}"), f"{path}.{key}.date")


def parse_study(study: dict[str, Any]) -> Study:
    """One study of API v2 → Study; raises PayloadError naming the field that is wrong."""
    protocol = _obj(study, "protocolSection", "study")
    if not protocol:
        raise PayloadError(_("The ClinicalTrials.gov document has no protocolSection."))
    path = "protocolSection"
    ident = _obj(protocol, "identificationModule", path)
    nct_id = _text(ident, "nctId", f"{path}.identificationModule")
    if not NCT_PATTERN.fullmatch(nct_id):
        raise _wrong(f"{path}.identificationModule.nctId", _("an NCT number such as NCT01220492"))
    result = Study(
        nct_id=nct_id,
        brief_title=_text(ident, "briefTitle", f"{path}.identificationModule"),
        official_title=_text(ident, "officialTitle", f"{path}.identificationModule"),
        acronym=_text(ident, "acronym", f"{path}.identificationModule"),
    )
    for item_path, item in _objects(ident, "secondaryIdInfos", f"{path}.identificationModule"):
        identifier = _text(item, "id", item_path)
        if identifier:
            result.secondary_ids.append(
                SecondaryId(
                    identifier, _text(item, "type", item_path), _text(item, "domain", item_path)
                )
            )
    if not result.title:
        raise _wrong(f"{path}.identificationModule.briefTitle", _("the study's title"))

    status_path = f"{path}.statusModule"
    status = _obj(protocol, "statusModule", path)
    result.overall_status = _text(status, "overallStatus", status_path)
    result.start = _date_struct(status, "startDateStruct", status_path)
    result.completion = _date_struct(status, "completionDateStruct", status_path)
    last_update = _date_struct(status, "lastUpdatePostDateStruct", status_path)
    result.last_update_posted = last_update.value if last_update else None

    sponsors = _obj(protocol, "sponsorCollaboratorsModule", path)
    result.sponsor = _text(
        _obj(sponsors, "leadSponsor", f"{path}.sponsorCollaboratorsModule"),
        "name",
        f"{path}.sponsorCollaboratorsModule.leadSponsor",
    )
    result.conditions = _texts(
        _obj(protocol, "conditionsModule", path), "conditions", f"{path}.conditionsModule"
    )
    _parse_design(result, _obj(protocol, "designModule", path), f"{path}.designModule")
    _parse_arms(result, _obj(protocol, "armsInterventionsModule", path), path)
    locations = _obj(protocol, "contactsLocationsModule", path)
    for item_path, location in _objects(locations, "locations", f"{path}.contactsLocationsModule"):
        country = _text(location, "country", item_path)  # a facility may be missing; fine
        if country and country not in result.countries:
            result.countries.append(country)
    references = _obj(protocol, "referencesModule", path)
    for item_path, item in _objects(references, "references", f"{path}.referencesModule"):
        pmid = _text(item, "pmid", item_path)
        if pmid:
            if not pmid.isdigit():
                raise _wrong(f"{item_path}.pmid", _("a PMID (digits only)"))
            result.references.append(
                StudyReference(
                    pmid, _text(item, "type", item_path), _text(item, "citation", item_path)
                )
            )
    results = _obj(study, "resultsSection", "study")
    measures = _obj(results, "outcomeMeasuresModule", "resultsSection")
    for item_path, item in _objects(
        measures, "outcomeMeasures", "resultsSection.outcomeMeasuresModule"
    ):
        result.outcomes.append(_parse_outcome(item, item_path))
    return result


def _parse_design(result: Study, design: dict[str, Any], path: str) -> None:
    result.study_type = _text(design, "studyType", path)
    result.phases = _texts(design, "phases", path)
    info = _obj(design, "designInfo", path)
    result.allocation = _text(info, "allocation", f"{path}.designInfo")
    result.intervention_model = _text(info, "interventionModel", f"{path}.designInfo")
    masking = _obj(info, "maskingInfo", f"{path}.designInfo")
    result.masking = _text(masking, "masking", f"{path}.designInfo.maskingInfo")
    result.who_masked = _texts(masking, "whoMasked", f"{path}.designInfo.maskingInfo")
    enrollment = _obj(design, "enrollmentInfo", path)
    result.enrollment = _count(enrollment, "count", f"{path}.enrollmentInfo")
    result.enrollment_type = _text(enrollment, "type", f"{path}.enrollmentInfo")


def _parse_arms(result: Study, module: dict[str, Any], path: str) -> None:
    path = f"{path}.armsInterventionsModule"
    for item_path, item in _objects(module, "armGroups", path):
        label = _text(item, "label", item_path)
        if not label:
            raise _wrong(f"{item_path}.label", _("the arm's label"))
        result.arm_groups.append(
            ArmGroup(
                label=label,
                kind=_text(item, "type", item_path),
                description=_text(item, "description", item_path),
                intervention_names=tuple(_texts(item, "interventionNames", item_path)),
            )
        )
    for item_path, item in _objects(module, "interventions", path):
        result.interventions.append(
            Intervention(
                kind=_text(item, "type", item_path),
                name=_text(item, "name", item_path),
                description=_text(item, "description", item_path),
                arm_labels=tuple(_texts(item, "armGroupLabels", item_path)),
            )
        )


def _denominators(holder: dict[str, Any], path: str) -> dict[str, int | None]:
    # The first denominator counts participants; a class may repeat it with its own numbers.
    for denom_path, denom in _objects(holder, "denoms", path):
        return {
            _text(count, "groupId", count_path): _count(count, "value", count_path)
            for count_path, count in _objects(denom, "counts", denom_path)
        }
    return {}


def _parse_outcome(item: dict[str, Any], path: str) -> RegistryOutcome:
    groups = {
        _text(group, "id", group_path): _text(group, "title", group_path)
        for group_path, group in _objects(item, "groups", path)
    }
    participants = _denominators(item, path)
    rows = []
    for class_path, klass in _objects(item, "classes", path):
        class_participants = {**participants, **_denominators(klass, class_path)}
        for category_path, category in _objects(klass, "categories", class_path):
            label = " — ".join(
                text
                for text in (
                    _text(klass, "title", class_path),
                    _text(category, "title", category_path),
                )
                if text
            )
            values = []
            for value_path, value in _objects(category, "measurements", category_path):
                group_id = _text(value, "groupId", value_path)
                if group_id not in groups:
                    raise _wrong(f"{value_path}.groupId", _("one of the outcome's groups"))
                values.append(
                    GroupValue(
                        group_title=groups[group_id],
                        value=_number(value, "value", value_path),
                        raw_value=_text(value, "value", value_path),
                        spread=_number(value, "spread", value_path),
                        lower=_number(value, "lowerLimit", value_path),
                        upper=_number(value, "upperLimit", value_path),
                        participants=class_participants.get(group_id),
                        comment=_text(value, "comment", value_path),
                    )
                )
            rows.append(OutcomeRow(label, tuple(values)))
    analyses = []
    for analysis_path, analysis in _objects(item, "analyses", path):
        group_ids = _texts(analysis, "groupIds", analysis_path)
        analyses.append(
            Analysis(
                group_titles=tuple(groups.get(group_id, "") for group_id in group_ids),
                param_type=_text(analysis, "paramType", analysis_path),
                value=_number(analysis, "paramValue", analysis_path),
                ci_percent=_text(analysis, "ciPctValue", analysis_path),
                ci_low=_number(analysis, "ciLowerLimit", analysis_path),
                ci_high=_number(analysis, "ciUpperLimit", analysis_path),
                p_value=_text(analysis, "pValue", analysis_path),
                comment=_text(analysis, "estimateComment", analysis_path),
            )
        )
    return RegistryOutcome(
        kind=_text(item, "type", path),
        title=_text(item, "title", path),
        param_type=_text(item, "paramType", path),
        dispersion_type=_text(item, "dispersionType", path),
        unit=_text(item, "unitOfMeasure", path),
        time_frame=_text(item, "timeFrame", path),
        rows=tuple(rows),
        analyses=tuple(analyses),
    )
