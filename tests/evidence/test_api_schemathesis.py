"""Fuzz every operation of the API's own OpenAPI schema: no 5xx, every response as documented."""

import copy
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.wsgi import application
from evidence.models import Certainty, PooledResult, Review
from trials.models import ArmRole, CellSource, Country, CurationStatus, Etiology, Route

from ..fuzzing import EXAMPLES, FULL  # CI asks for at least 100 generated requests per operation

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


@pytest.fixture
def no_connection_closing() -> Iterator[None]:
    """Keep the test's database connection across WSGI calls, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(
    no_connection_closing: None,
    settings,  # noqa: ANN001
    make_condition,  # noqa: ANN001
    make_trial,  # noqa: ANN001
    make_arm,  # noqa: ANN001
    make_measure,  # noqa: ANN001
    make_reference,  # noqa: ANN001
    make_result,  # noqa: ANN001
    make_vocabulary,  # noqa: ANN001
) -> schemathesis.BaseSchema:
    """The schema as served, over a small database with one of everything (a draft, and a trial
    with every optional field empty)."""
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"]["anon"] = "1000000/minute"
    settings.REST_FRAMEWORK = rest
    cache.clear()
    condition = make_condition("Cirrhosis", slug="cirrhosis", synonyms="Liver cirrhosis")
    measure = make_measure(slug="albumin")
    for status in (CurationStatus.PUBLISHED, CurationStatus.DRAFT):
        trial = make_trial(conditions=[condition], status=status, start_date="2015-06-01")
        trial.etiologies.add(make_vocabulary(Etiology, "Test etiology"))
        trial.countries.add(Country.objects.get_or_create(code="XX", name="Test", slug="xx")[0])
        msc = make_arm(
            trial,
            cell_source=make_vocabulary(CellSource, "Test cells"),
            route=make_vocabulary(Route, "Test route"),
        )
        control = make_arm(trial, label="Control", role=ArmRole.STANDARD_CARE)
        reference = make_reference(trial=trial)
        for arm, mean in ((msc, 36), (control, 33)):
            make_result(trial, arm=arm, measure=measure, mean=mean, sd=4, n=20, reference=reference)
    # A published trial with only what is required: every optional field empty (null in JSON).
    make_trial(conditions=[condition], enrollment=None, short_title="")
    review = Review.objects.create(
        reference=make_reference(), slug="test-review", status=CurationStatus.PUBLISHED
    )
    PooledResult.objects.create(
        review=review,
        measure=measure,
        effect_measure="MD",
        estimate=1,
        ci_low=0,
        ci_high=2,
        certainty=Certainty.LOW,
    )
    config = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": FULL}}})
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


@schema.parametrize()
@HYPOTHESIS
def test_api_operation_never_fails_and_matches_its_schema(case):  # noqa: ANN001
    # Every check: no 5xx, responses as documented, schema-valid requests accepted (a slug that
    # names nothing is a 404, which the schema documents) and schema-invalid ones refused.
    case.call_and_validate()


def test_api_sequences_of_calls_match_the_schema(api_schema):  # noqa: ANN001
    # The stateful phase: lists lead to their items (a slug from /api/trials/ to
    # /api/trials/{slug}/, a condition to its pooled results), links schemathesis infers from
    # the response schemas, so the detail pages are checked with real rows.
    machine = api_schema.as_state_machine()
    machine.run(
        settings=settings(
            HYPOTHESIS,
            max_examples=max(EXAMPLES // 2, 3),
            stateful_step_count=6,
        )
    )
