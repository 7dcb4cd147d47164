"""Small factories shared by the whole suite: make_* fixtures that build valid rows."""

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from evidence.models import Reference, ReferenceAuthor, ReferenceKind, TrialReference
from trials.models import (
    Arm,
    ArmRole,
    CellSource,
    Condition,
    CurationStatus,
    Design,
    MeasureKind,
    OutcomeMeasure,
    OutcomeResult,
    ResultShape,
    Route,
    Trial,
)

# Recorded external payloads live beside the repository in ../shared/fixtures (see README).
SHARED_FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"

_counter = itertools.count(1)


@pytest.fixture
def shared_fixtures() -> Path:
    """The folder of recorded payloads; the test is skipped when a clone has none."""
    if not SHARED_FIXTURES.is_dir():
        pytest.skip(f"recorded payloads not found at {SHARED_FIXTURES} (they ship beside CI only)")
    return SHARED_FIXTURES


@pytest.fixture
def make_condition() -> Callable[..., Condition]:
    def make(name: str = "Cirrhosis", **fields: object) -> Condition:
        slug = fields.pop("slug", None) or f"{name.lower().replace(' ', '-')}-{next(_counter)}"
        return Condition.objects.create(name=name, slug=slug, **fields)

    return make


@pytest.fixture
def make_measure() -> Callable[..., OutcomeMeasure]:
    def make(name: str = "Serum albumin", **fields: object) -> OutcomeMeasure:
        defaults = {
            "slug": f"measure-{next(_counter)}",
            "abbreviation": "Albumin",
            "kind": MeasureKind.CONTINUOUS,
            "unit": "g/L",
            "higher_is_better": True,
            "plausible_min": 10,
            "plausible_max": 60,
        }
        return OutcomeMeasure.objects.create(name=name, **{**defaults, **fields})

    return make


@pytest.fixture
def make_trial() -> Callable[..., Trial]:
    def make(
        title: str = "Umbilical cord MSC for decompensated cirrhosis", **fields: object
    ) -> Trial:
        number = next(_counter)
        defaults = {
            "slug": f"trial-{number}",
            "short_title": f"Test trial {number}",
            "design": Design.RCT,
            "status": CurationStatus.PUBLISHED,
            "enrollment": 40,
        }
        conditions = fields.pop("conditions", [])
        trial = Trial.objects.create(title=title, **{**defaults, **fields})
        trial.conditions.set(conditions)
        return trial

    return make


@pytest.fixture
def make_arm() -> Callable[..., Arm]:
    def make(trial: Trial, **fields: object) -> Arm:
        defaults = {"label": "MSC", "role": ArmRole.EXPERIMENTAL, "participants_count": 20}
        return Arm.objects.create(trial=trial, **{**defaults, **fields})

    return make


@pytest.fixture
def make_reference() -> Callable[..., Reference]:
    def make(
        trial: Trial | None = None, authors: tuple[str, ...] = ("Test", "Author"), **fields: object
    ) -> Reference:
        number = next(_counter)
        defaults = {
            "kind": ReferenceKind.JOURNAL_ARTICLE,
            "title": f"Test reference {number}",
            "journal": "Test Journal of Hepatology",
            "journal_abbreviation": "Test J Hepatol",
            "year": 2020,
        }
        reference = Reference.objects.create(**{**defaults, **fields})
        for position, family in enumerate(authors):
            ReferenceAuthor.objects.create(
                reference=reference, position=position, family=family, given="A"
            )
        if trial is not None:
            TrialReference.objects.create(trial=trial, reference=reference, role="primary_results")
        return reference

    return make


@pytest.fixture
def make_result(make_measure: Callable[..., OutcomeMeasure]) -> Callable[..., OutcomeResult]:
    def make(trial: Trial, **fields: object) -> OutcomeResult:
        defaults = {"shape": ResultShape.MEAN_SD, "timepoint_weeks": 12, "unit_reported": "g/L"}
        if "measure" not in fields:
            fields["measure"] = make_measure()
        return OutcomeResult.objects.create(trial=trial, **{**defaults, **fields})

    return make


@pytest.fixture
def make_vocabulary() -> Callable[..., CellSource | Route]:
    def make(model: type, name: str, **fields: object) -> CellSource | Route:
        return model.objects.create(
            name=name, slug=f"{name.lower().replace(' ', '-')}-{next(_counter)}", **fields
        )

    return make


@pytest.fixture
def curator(db: None) -> User:
    user = User.objects.create_user("curator", password="a-long-curator-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    return user


@pytest.fixture
def curator_client(client, curator: User):  # noqa: ANN001, ANN201
    client.force_login(curator)
    return client
