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

from evidence.importing.errors import PayloadError
from evidence.importing.sources import ctgov_fields as fields
from evidence.importing.sources.ctgov_results import RegistryOutcome, parse_outcome
from evidence.importing.sources.hostile import decode_json, refuse_control_characters

NCT_PATTERN = re.compile(r"NCT\d{8}")


@dataclass(frozen=True)
class PartialDate:
    value: datetime.date
    precision: str  # "year", "month" or "day", as trials.models.DatePrecision
    kind: str = ""  # the registry's type: ACTUAL, ESTIMATED (ANTICIPATED in older records) or ""


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
    status_verified: PartialDate | None = None  # the month the sponsor last confirmed the status
    outcomes: list[RegistryOutcome] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The official title, or the brief one when the record (or a search page) has no other."""
        return self.official_title or self.brief_title


def load_document(raw: bytes | str) -> dict[str, Any]:
    """Decode a saved or fetched document; a truncated or malformed one raises PayloadError."""
    try:
        document = decode_json(raw, service="ClinicalTrials.gov")
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
    refuse_control_characters(document, service="ClinicalTrials.gov")
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
    raise fields.wrong(
        path, _("a date such as 2008-11-03, 2008-11 or 2008 (it is %(value)r)") % {"value": text}
    )


def _date_struct(status: dict[str, Any], key: str, path: str) -> PartialDate | None:
    struct = fields.object_at(status, key, path)
    date = parse_partial_date(fields.text_at(struct, "date", f"{path}.{key}"), f"{path}.{key}.date")
    kind = fields.text_at(struct, "type", f"{path}.{key}")
    return PartialDate(date.value, date.precision, kind) if date and kind else date


def parse_study(study: dict[str, Any]) -> Study:
    """One study of API v2 → Study; raises PayloadError naming the field that is wrong."""
    protocol = fields.object_at(study, "protocolSection", "study")
    if not protocol:
        raise PayloadError(_("The ClinicalTrials.gov document has no protocolSection."))
    path = "protocolSection"
    ident = fields.object_at(protocol, "identificationModule", path)
    nct_id = fields.text_at(ident, "nctId", f"{path}.identificationModule")
    if not NCT_PATTERN.fullmatch(nct_id):
        raise fields.wrong(
            f"{path}.identificationModule.nctId", _("an NCT number such as NCT01220492")
        )
    result = Study(
        nct_id=nct_id,
        brief_title=fields.text_at(ident, "briefTitle", f"{path}.identificationModule"),
        official_title=fields.text_at(ident, "officialTitle", f"{path}.identificationModule"),
        acronym=fields.text_at(ident, "acronym", f"{path}.identificationModule"),
    )
    for item_path, item in fields.objects_at(
        ident, "secondaryIdInfos", f"{path}.identificationModule"
    ):
        identifier = fields.text_at(item, "id", item_path)
        if identifier:
            result.secondary_ids.append(
                SecondaryId(
                    identifier,
                    fields.text_at(item, "type", item_path),
                    fields.text_at(item, "domain", item_path),
                )
            )
    if not result.title:
        raise fields.wrong(f"{path}.identificationModule.briefTitle", _("the study's title"))

    status_path = f"{path}.statusModule"
    status = fields.object_at(protocol, "statusModule", path)
    result.overall_status = fields.text_at(status, "overallStatus", status_path)
    result.start = _date_struct(status, "startDateStruct", status_path)
    result.completion = _date_struct(status, "completionDateStruct", status_path)
    last_update = _date_struct(status, "lastUpdatePostDateStruct", status_path)
    result.last_update_posted = last_update.value if last_update else None
    result.status_verified = parse_partial_date(
        fields.text_at(status, "statusVerifiedDate", status_path),
        f"{status_path}.statusVerifiedDate",
    )

    sponsors = fields.object_at(protocol, "sponsorCollaboratorsModule", path)
    result.sponsor = fields.text_at(
        fields.object_at(sponsors, "leadSponsor", f"{path}.sponsorCollaboratorsModule"),
        "name",
        f"{path}.sponsorCollaboratorsModule.leadSponsor",
    )
    result.conditions = fields.texts_at(
        fields.object_at(protocol, "conditionsModule", path),
        "conditions",
        f"{path}.conditionsModule",
    )
    _parse_design(result, fields.object_at(protocol, "designModule", path), f"{path}.designModule")
    _parse_arms(result, fields.object_at(protocol, "armsInterventionsModule", path), path)
    locations = fields.object_at(protocol, "contactsLocationsModule", path)
    for item_path, location in fields.objects_at(
        locations, "locations", f"{path}.contactsLocationsModule"
    ):
        country = fields.text_at(location, "country", item_path)  # a facility may be missing; fine
        if country and country not in result.countries:
            result.countries.append(country)
    references = fields.object_at(protocol, "referencesModule", path)
    for item_path, item in fields.objects_at(references, "references", f"{path}.referencesModule"):
        pmid = fields.text_at(item, "pmid", item_path)
        if pmid:
            if not pmid.isdigit():
                raise fields.wrong(f"{item_path}.pmid", _("a PMID (digits only)"))
            result.references.append(
                StudyReference(
                    pmid,
                    fields.text_at(item, "type", item_path),
                    fields.text_at(item, "citation", item_path),
                )
            )
    results = fields.object_at(study, "resultsSection", "study")
    measures = fields.object_at(results, "outcomeMeasuresModule", "resultsSection")
    for item_path, item in fields.objects_at(
        measures, "outcomeMeasures", "resultsSection.outcomeMeasuresModule"
    ):
        result.outcomes.append(parse_outcome(item, item_path))
    return result


def _parse_design(result: Study, design: dict[str, Any], path: str) -> None:
    result.study_type = fields.text_at(design, "studyType", path)
    result.phases = fields.texts_at(design, "phases", path)
    info = fields.object_at(design, "designInfo", path)
    result.allocation = fields.text_at(info, "allocation", f"{path}.designInfo")
    result.intervention_model = fields.text_at(info, "interventionModel", f"{path}.designInfo")
    masking = fields.object_at(info, "maskingInfo", f"{path}.designInfo")
    result.masking = fields.text_at(masking, "masking", f"{path}.designInfo.maskingInfo")
    result.who_masked = fields.texts_at(masking, "whoMasked", f"{path}.designInfo.maskingInfo")
    enrollment = fields.object_at(design, "enrollmentInfo", path)
    result.enrollment = fields.count_at(enrollment, "count", f"{path}.enrollmentInfo")
    result.enrollment_type = fields.text_at(enrollment, "type", f"{path}.enrollmentInfo")


def _parse_arms(result: Study, module: dict[str, Any], path: str) -> None:
    path = f"{path}.armsInterventionsModule"
    for item_path, item in fields.objects_at(module, "armGroups", path):
        label = fields.text_at(item, "label", item_path)
        if not label:
            raise fields.wrong(f"{item_path}.label", _("the arm's label"))
        result.arm_groups.append(
            ArmGroup(
                label=label,
                kind=fields.text_at(item, "type", item_path),
                description=fields.text_at(item, "description", item_path),
                intervention_names=tuple(fields.texts_at(item, "interventionNames", item_path)),
            )
        )
    for item_path, item in fields.objects_at(module, "interventions", path):
        result.interventions.append(
            Intervention(
                kind=fields.text_at(item, "type", item_path),
                name=fields.text_at(item, "name", item_path),
                description=fields.text_at(item, "description", item_path),
                arm_labels=tuple(fields.texts_at(item, "armGroupLabels", item_path)),
            )
        )
