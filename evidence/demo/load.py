"""Load the real demo data (evidence/demo/data/*.json) into the database, idempotently.

The JSON files are the source of truth, edited by hand (evidence/demo/data/README.md); the
source of each value is in provenance.json beside them. Nothing here reads outside the
repository. Every row is found by a
natural key and saved only when a value differs, after full_clean(), so a second run changes
nothing and leaves no extra history entries.
"""

import contextlib
import datetime
import json
import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import reversion
from django.contrib.auth.models import Group, User
from django.db import models, transaction
from django.utils import translation

from evidence.claims.pooled import conditions_of_trials, synthesis_for
from evidence.curation.access import CURATOR_GROUP
from evidence.models import (
    Claim,
    ClaimSynthesis,
    IncludedStudy,
    PooledResult,
    Reference,
    ReferenceAuthor,
    Review,
    TrialReference,
)
from evidence.synthesis.from_curated import comparable_results
from trials.condition_tree import ConditionTree
from trials.models import (
    Arm,
    CellSource,
    Condition,
    Country,
    CoverageGap,
    CoverageNote,
    CurationStatus,
    DatePrecision,
    Etiology,
    OutcomeMeasure,
    OutcomeResult,
    RegistryId,
    Route,
    SameStudyLink,
    Trial,
)

M = TypeVar("M", bound=models.Model)

DEMO_DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class DemoLoadResult:
    """What a load did, per model: rows created, updated and left as they were."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        return (
            f"{sum(self.created.values())} rows created, {sum(self.updated.values())} updated, "
            f"{sum(self.unchanged.values())} unchanged"
        )


def _differs(current: Any, wanted: Any) -> bool:
    if isinstance(current, float) and isinstance(wanted, int | float):
        return abs(current - wanted) > 1e-12
    return current != wanted


def _current(instance: models.Model, name: str) -> Any:
    # A foreign key is compared by its id, so comparing costs no query.
    field = instance._meta.get_field(name)
    return getattr(instance, field.attname if field.is_relation and field.concrete else name)


def _key(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _sync(
    model: type[M], *, lookup: dict[str, Any], values: dict[str, Any], result: DemoLoadResult
) -> M:
    """Create or update one row by its natural key; save only when something changed."""
    instance = model.objects.filter(**lookup).first()
    name = model.__name__
    if instance is None:
        instance = model(**lookup, **values)
        result.created[name] += 1
    else:
        changed = {k: v for k, v in values.items() if _differs(_current(instance, k), _key(v))}
        if not changed:
            result.unchanged[name] += 1
            return instance
        for key, value in changed.items():
            setattr(instance, key, value)
        result.updated[name] += 1
    instance.full_clean()
    instance.save()
    return instance


def _set_m2m(manager: Any, wanted: list[models.Model]) -> None:
    # set() only adds and removes the difference, so an unchanged list writes no history.
    if {obj.pk for obj in manager.all()} != {obj.pk for obj in wanted}:
        manager.set(wanted)


def partial_date(text: str | None) -> tuple[datetime.date | None, str]:
    """'2010' / '2010-10' / '2010-10-03' as a date and its precision."""
    if not text:
        return None, DatePrecision.DAY
    parts = [int(p) for p in text.split("-")]
    precision = {1: DatePrecision.YEAR, 2: DatePrecision.MONTH, 3: DatePrecision.DAY}[len(parts)]
    year, month, day = (parts + [1, 1])[:3]
    return datetime.date(year, month, day), precision


def vocabularies_load(*, data: dict, result: DemoLoadResult) -> None:
    """Conditions (parents first), etiologies, cell sources, routes, countries and measures."""
    for item in data["conditions"]:
        parent = Condition.objects.get(slug=item["parent"]) if item["parent"] else None
        values = {
            "name": item["name"],
            "description": item["description"],
            "synonyms": "\n".join(item["synonyms"]),
            "questions": "\n".join(item.get("questions", [])),
            "parent": parent,
            # The Spanish text, where the data file has it (modeltranslation's columns).
            **{
                f"{field}_es": "\n".join(value) if isinstance(value, list) else value
                for field in ("name", "description", "synonyms", "questions")
                if (value := item.get(f"{field}_es")) is not None
            },
        }
        _sync(Condition, lookup={"slug": item["slug"]}, values=values, result=result)
    simple = {
        "etiologies": Etiology,
        "cell_sources": CellSource,
        "routes": Route,
        "countries": Country,
        "outcome_measures": OutcomeMeasure,
    }
    for key, model in simple.items():
        for item in data[key]:
            values = {k: v for k, v in item.items() if k != "slug"}
            _sync(model, lookup={"slug": item["slug"]}, values=values, result=result)


def reference_load(*, data: dict, result: DemoLoadResult) -> Reference:
    """One reference, found by DOI, then PMID, then title; its authors kept in order."""
    authors = data["authors"]
    values = {k: v for k, v in data.items() if k != "authors"}
    if data["doi"]:
        existing = Reference.objects.filter(doi__iexact=data["doi"]).first()
    elif data["pmid"]:
        existing = Reference.objects.filter(pmid=data["pmid"]).first()
    else:
        existing = Reference.objects.filter(title__iexact=data["title"]).first()
    lookup = {"pk": existing.pk} if existing else {"title": data["title"]}
    values = {k: v for k, v in values.items() if k not in lookup}
    reference = _sync(Reference, lookup=lookup, values=values, result=result)
    for position, author in enumerate(authors):
        _sync(
            ReferenceAuthor,
            lookup={"reference": reference, "position": position},
            values={
                "family": author.get("family", ""),
                "given": author.get("given", ""),
                "group_name": author.get("group", ""),
            },
            result=result,
        )
    reference.authors.filter(position__gte=len(authors)).delete()
    return reference


def _arm_load(*, trial: Trial, data: dict, result: DemoLoadResult) -> Arm:
    values = {k: v for k, v in data.items() if k not in ("key", "position")}
    values["cell_source"] = (
        CellSource.objects.get(slug=values["cell_source"]) if values["cell_source"] else None
    )
    values["route"] = Route.objects.get(slug=values["route"]) if values["route"] else None
    return _sync(
        Arm, lookup={"trial": trial, "position": data["position"]}, values=values, result=result
    )


def _outcome_lookup(*, trial: Trial, data: dict, arms: dict[str, Arm]) -> dict[str, Any]:
    """The natural key of a demo outcome result."""
    return {
        "trial": trial,
        "measure": OutcomeMeasure.objects.get(slug=data["measure"]),
        "arm": arms[data["arm"]] if data["arm"] else None,
        "comparator_arm": arms[data["comparator_arm"]] if data["comparator_arm"] else None,
        "shape": data["shape"],
        "timepoint_label": data["timepoint_label"],
    }


def _outcome_load(
    *,
    trial: Trial,
    data: dict,
    arms: dict[str, Arm],
    references: list[Reference],
    result: DemoLoadResult,
) -> OutcomeResult:
    lookup = _outcome_lookup(trial=trial, data=data, arms=arms)
    skip = {"measure", "arm", "comparator_arm", "shape", "timepoint_label", "reference"}
    values = {k: ("" if v is None and k in _TEXT_FIELDS else v) for k, v in data.items()}
    values = {k: v for k, v in values.items() if k not in skip}
    values["reference"] = references[data["reference"]]
    return _sync(OutcomeResult, lookup=lookup, values=values, result=result)


_TEXT_FIELDS = {"p_value", "significance", "favours", "unit_reported", "effect_measure"}
_TRIAL_RELATIONS = {
    "dataset_id",
    "countries",
    "conditions",
    "etiologies",
    "registry_ids",
    "arms",
    "references",
    "outcomes",
    "start_date",
    "completion_date",
    "status_as_of",
}


def trial_load(*, data: dict, result: DemoLoadResult) -> Trial:
    """One trial with its registry ids, arms, references and outcome results, published."""
    values = {k: v for k, v in data.items() if k not in _TRIAL_RELATIONS | {"slug"}}
    values["start_date"], values["start_date_precision"] = partial_date(data["start_date"])
    values["completion_date"], values["completion_date_precision"] = partial_date(
        data["completion_date"]
    )
    values["status_as_of"], values["status_as_of_precision"] = partial_date(
        data.get("status_as_of")
    )
    values["status"] = CurationStatus.PUBLISHED
    trial = _sync(Trial, lookup={"slug": data["slug"]}, values=values, result=result)
    _set_m2m(trial.countries, list(Country.objects.filter(code__in=data["countries"])))
    _set_m2m(trial.conditions, list(Condition.objects.filter(slug__in=data["conditions"])))
    _set_m2m(trial.etiologies, list(Etiology.objects.filter(slug__in=data["etiologies"])))
    for registry_id in data["registry_ids"]:
        _sync(
            RegistryId,
            lookup={"registry": registry_id["registry"], "identifier": registry_id["identifier"]},
            values={"trial": trial, "is_inferred": registry_id["is_inferred"]},
            result=result,
        )
    arms = {arm["key"]: _arm_load(trial=trial, data=arm, result=result) for arm in data["arms"]}
    references = []
    for link in data["references"]:
        reference = reference_load(data=link["reference"], result=result)
        _sync(
            TrialReference,
            lookup={"trial": trial, "reference": reference},
            values={"role": link["role"]},
            result=result,
        )
        references.append(reference)
    for outcome in data["outcomes"]:
        _outcome_load(trial=trial, data=outcome, arms=arms, references=references, result=result)
    return trial


def _included_studies_load(*, review: Review, data: dict, result: DemoLoadResult) -> list[Trial]:
    """The review's included studies in its table's order; the trials they are matched to."""
    studies = data.get("included_studies") or []
    matched = [study["held_slug"] for study in studies if study["held_slug"]]
    if sorted(set(matched)) != sorted(set(data["trials"])):
        raise ValueError(
            f"review {data['slug']}: 'trials' {sorted(data['trials'])} must be the trials its "
            f"included_studies are matched to {sorted(set(matched))}"
        )
    trials = {trial.slug: trial for trial in Trial.objects.filter(slug__in=matched)}
    if missing := set(matched) - trials.keys():
        raise ValueError(f"review {data['slug']}: no trial {sorted(missing)} for its studies")
    for position, study in enumerate(studies):
        values = {
            "citation": study["citation"],
            "registry_id": study.get("registry_id", ""),
            "trial": trials[study["held_slug"]] if study["held_slug"] else None,
            **{
                key: study.get(key, "") or ""
                for key in ("match_basis", "match_basis_es", "note", "note_es")
            },
        }
        lookup = {"review": review, "position": position}
        _sync(IncludedStudy, lookup=lookup, values=values, result=result)
    review.included_studies.filter(position__gte=len(studies)).delete()
    return list(trials.values())


def _pooled_lookup(*, review: Review, data: dict) -> dict[str, Any]:
    """The natural key of a review's demo pooled result."""
    return {
        "review": review,
        "measure": OutcomeMeasure.objects.get(slug=data["measure"]),
        "effect_measure": data["effect_measure"],
        "timepoint_label": data["timepoint_label"],
    }


def review_load(*, data: dict, result: DemoLoadResult) -> Review:
    """One review with its reference, included studies (so the trials we hold) and pooled
    results."""
    reference = reference_load(data=data["reference"], result=result)
    skip = {"dataset_id", "slug", "reference", "trials", "pooled_results", "search_date"}
    skip |= {"included_studies", "included_studies_complete", "conditions"}
    values = {k: v for k, v in data.items() if k not in skip}
    values["search_date"] = (
        datetime.date.fromisoformat(data["search_date"]) if data["search_date"] else None
    )
    values["included_studies_complete"] = bool(data.get("included_studies_complete"))
    values.update(reference=reference, status=CurationStatus.PUBLISHED)
    review = _sync(Review, lookup={"slug": data["slug"]}, values=values, result=result)
    included = _included_studies_load(review=review, data=data, result=result)
    _set_m2m(review.trials, included)
    conditions = list(Condition.objects.filter(slug__in=data.get("conditions", [])))
    if len(conditions) != len(set(data.get("conditions", []))):
        raise ValueError(f"review {data['slug']}: unknown condition in {data['conditions']}")
    _set_m2m(review.conditions, conditions)
    for trial in included:
        _sync(
            TrialReference,
            lookup={"trial": trial, "reference": reference},
            values={"role": "included_in_review"},
            result=result,
        )
    for pooled in data["pooled_results"]:
        lookup = _pooled_lookup(review=review, data=pooled)
        values = {k: v for k, v in pooled.items() if k not in lookup}
        _sync(PooledResult, lookup=lookup, values=values, result=result)
    return review


class DanglingLinkError(ValueError):
    """A demo claim links to a record that does not exist or is not published."""


def _published_trial(slug: str, claim: str) -> Trial:
    trial = Trial.objects.filter(slug=slug, status=CurationStatus.PUBLISHED).first()
    if trial is None:
        raise DanglingLinkError(f"claim {claim}: no published trial {slug!r}")
    return trial


def _published_review(slug: str, claim: str) -> Review:
    review = Review.objects.filter(slug=slug, status=CurationStatus.PUBLISHED).first()
    if review is None:
        raise DanglingLinkError(f"claim {claim}: no published review {slug!r}")
    return review


def _claim_outcome(link: dict, *, records: dict[str, dict], claim: str) -> OutcomeResult:
    """The outcome result at `outcomes.N` of a demo trial."""
    trial = _published_trial(link["trial"], claim)
    outcomes = records[trial.slug]["outcomes"] if trial.slug in records else []
    if not 0 <= link["outcome"] < len(outcomes):
        raise DanglingLinkError(f"claim {claim}: {trial.slug} has no outcomes.{link['outcome']}")
    arms = {arm["key"]: arm["position"] for arm in records[trial.slug]["arms"]}
    by_position = {arm.position: arm for arm in trial.arms.all()}
    lookup = _outcome_lookup(
        trial=trial,
        data=outcomes[link["outcome"]],
        arms={key: by_position[position] for key, position in arms.items()},
    )
    return OutcomeResult.objects.get(**lookup)


def _claim_pooled(link: dict, *, records: dict[str, dict], claim: str) -> PooledResult:
    """The pooled result at `pooled_results.N` of a demo review."""
    review = _published_review(link["review"], claim)
    pooled = records[review.slug]["pooled_results"] if review.slug in records else []
    if not 0 <= link["pooled_result"] < len(pooled):
        raise DanglingLinkError(
            f"claim {claim}: {review.slug} has no pooled_results.{link['pooled_result']}"
        )
    return PooledResult.objects.get(
        **_pooled_lookup(review=review, data=pooled[link["pooled_result"]])
    )


def claim_load(*, data: dict, evidence: dict, result: DemoLoadResult) -> Claim:
    """One claim with its links, which must name published records the demo data holds."""
    slug = data["slug"]
    trials = {record["slug"]: record for record in evidence["trials"]}
    reviews = {record["slug"]: record for record in evidence["reviews"]}
    links = {
        "trials": [_published_trial(s, slug) for s in data["trials"]],
        "outcome_results": [
            _claim_outcome(link, records=trials, claim=slug) for link in data["outcome_results"]
        ],
        "pooled_results": [
            _claim_pooled(link, records=reviews, claim=slug) for link in data["pooled_results"]
        ],
        "reviews": [_published_review(s, slug) for s in data["reviews"]],
    }
    values = {k: v for k, v in data.items() if k not in {"slug", "syntheses", *links}}
    claim = _sync(Claim, lookup={"slug": slug}, values=values, result=result)
    for name, wanted in links.items():
        _set_m2m(getattr(claim, name), wanted)
    syntheses = data.get("syntheses", [])
    for position, key in enumerate(syntheses):
        _claim_synthesis_load(claim=claim, key=key, position=position, result=result)
    claim.syntheses.filter(position__gte=len(syntheses)).delete()
    return claim


def _claim_synthesis_load(
    *, claim: Claim, key: dict, position: int, result: DemoLoadResult
) -> ClaimSynthesis:
    """One of our pooled results deciding a claim; refused unless it pools a published study."""
    values = {
        "condition": Condition.objects.get(slug=key["condition"]),
        "measure": OutcomeMeasure.objects.get(slug=key["measure"]),
        "intervention_class": key["intervention_class"],
        "window": key["window"],
        "design_group": key["design_group"],
    }
    row = _sync(
        ClaimSynthesis,
        lookup={"claim": claim, "position": position},
        values=values,
        result=result,
    )
    tree = ConditionTree.load()
    results = list(comparable_results(Trial.objects.published()))
    synthesis = synthesis_for(row, results, tree, conditions_of_trials(tree))
    if synthesis is None or not synthesis.studies:
        raise DanglingLinkError(f"claim {claim.slug}: no published study pools as {key}")
    return row


def same_study_load(*, data: dict, result: DemoLoadResult) -> SameStudyLink:
    """Two demo trials that may report the same study; both must be trials the data holds."""
    trials = {
        trial.slug: trial
        for trial in Trial.objects.filter(slug__in=[data["kept_trial"], data["other_trial"]])
    }
    if missing := {data["kept_trial"], data["other_trial"]} - trials.keys():
        raise DanglingLinkError(f"same-study link: no trial {sorted(missing)}")
    values = {key: data[key] for key in ("reason", "reason_es", "kept_reason", "kept_reason_es")}
    return _sync(
        SameStudyLink,
        lookup={
            "kept_trial": trials[data["kept_trial"]],
            "other_trial": trials[data["other_trial"]],
        },
        values=values,
        result=result,
    )


@contextlib.contextmanager
def _revision() -> Iterator[None]:
    with reversion.create_revision():
        reversion.set_comment("Loaded from the demo data")
        yield


def coverage_load(*, data: dict, result: DemoLoadResult) -> CoverageNote:
    """The coverage note (found by the day it was checked) and its known gaps, in order."""
    note_data = data["note"]
    values = {k: v for k, v in note_data.items() if k not in ("checked_on", "gaps")}
    values["status"] = CurationStatus.PUBLISHED
    checked_on = datetime.date.fromisoformat(note_data["checked_on"])
    note = _sync(CoverageNote, lookup={"checked_on": checked_on}, values=values, result=result)
    for position, gap in enumerate(note_data["gaps"]):
        _sync(CoverageGap, lookup={"note": note, "position": position}, values=gap, result=result)
    note.gaps.filter(position__gte=len(note_data["gaps"])).delete()
    return note


def demo_data_load(*, data_dir: Path = DEMO_DATA_DIR) -> DemoLoadResult:
    """Load vocabularies, 65 trials, 14 reviews, the same-study links, the claims and the
    coverage note in one transaction; safe to run again."""
    vocabularies = json.loads((data_dir / "vocabularies.json").read_text(encoding="utf-8"))
    evidence = json.loads((data_dir / "liver_msc_evidence.json").read_text(encoding="utf-8"))
    claims = json.loads((data_dir / "claims.json").read_text(encoding="utf-8"))
    same_study = json.loads((data_dir / "same_study.json").read_text(encoding="utf-8"))
    coverage = json.loads((data_dir / "coverage.json").read_text(encoding="utf-8"))
    result = DemoLoadResult()
    # The curated text is English: write it to the English fields whatever the locale.
    # One history entry per trial and per review ("Loaded from the demo data"); none when a
    # second run changes nothing.
    with translation.override("en"), transaction.atomic():
        with _revision():
            vocabularies_load(data=vocabularies, result=result)
        for trial in evidence["trials"]:
            with _revision():
                trial_load(data=trial, result=result)
        for review in evidence["reviews"]:
            with _revision():
                review_load(data=review, result=result)
        for link in same_study["links"]:
            with _revision():
                same_study_load(data=link, result=result)
        for claim in claims["claims"]:
            with _revision():
                claim_load(data=claim, evidence=evidence, result=result)
        with _revision():
            coverage_load(data=coverage, result=result)
        Trial.objects.refresh_search_vectors()
    return result


def curator_account_ensure(*, username: str = "curator") -> str | None:
    """Create a local curator (staff, Curator group); the new password, or None if it exists."""
    if User.objects.filter(username=username).exists():
        return None
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user = User.objects.create_user(username, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=CURATOR_GROUP))
    return password
