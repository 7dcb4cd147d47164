"""The read-only JSON API: published data only, the site's filters, documented, cacheable."""

import copy
from collections.abc import Iterator

import pytest
import yaml
from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.test import override_settings

from evidence.models import Certainty, PooledResult, Review, TrialReference
from trials.filters import TrialFilter
from trials.models import (
    ArmRole,
    CellSource,
    Country,
    CurationStatus,
    Etiology,
    Registry,
    RegistryId,
    Route,
    Trial,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    """The anonymous throttle counts in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def full_trial(make_trial, make_condition, make_arm, make_reference, make_result, make_vocabulary):  # noqa: ANN001, ANN201
    """A factory of published trials with every related row the API shows."""

    def make(**fields: object) -> Trial:
        condition = fields.pop("condition", None) or make_condition("Cirrhosis")
        trial = make_trial(conditions=[condition], **fields)
        trial.etiologies.add(make_vocabulary(Etiology, "Test etiology"))
        country = Country.objects.create(
            name=f"Test country {trial.pk}",
            slug=f"country-{trial.pk}",
            code=f"{trial.pk % 100:02d}",
        )
        trial.countries.add(country)
        RegistryId.objects.create(
            trial=trial, registry=Registry.CTGOV, identifier=f"NCT{trial.pk:08d}"
        )
        msc = make_arm(
            trial,
            cell_source=make_vocabulary(CellSource, "Test cells"),
            route=make_vocabulary(Route, "Test route"),
            donor_type="allogeneic",
        )
        control = make_arm(trial, label="Control", role=ArmRole.STANDARD_CARE, position=1)
        reference = make_reference(trial=trial, authors=("First", "Second", "Third"))
        for arm in (msc, control):
            make_result(trial, arm=arm, mean=35, sd=4, n=20, reference=reference)
        return trial

    return make


def results(response) -> list[dict]:  # noqa: ANN001
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(response) -> list[str]:  # noqa: ANN001
    return [row["slug"] for row in results(response)]


# Published data only ----------------------------------------------------------------------------


def test_trial_list_shows_only_published_trials(client, make_trial):
    published = make_trial()
    make_trial(status=CurationStatus.DRAFT)
    make_trial(status=CurationStatus.IN_REVIEW)
    assert slugs(client.get("/api/trials/")) == [published.slug]


def test_draft_trial_detail_is_404_with_json(client, make_trial):
    draft = make_trial(status=CurationStatus.DRAFT)
    response = client.get(f"/api/trials/{draft.slug}/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_references_of_draft_trials_are_hidden(client, make_trial, make_reference):
    shown = make_reference(trial=make_trial())
    make_reference(trial=make_trial(status=CurationStatus.DRAFT))
    make_reference()  # attached to nothing
    assert [row["id"] for row in results(client.get("/api/references/"))] == [shown.pk]


def test_reference_lists_only_its_published_trials(client, make_trial, make_reference):
    published, draft = make_trial(), make_trial(status=CurationStatus.DRAFT)
    reference = make_reference(trial=published)
    TrialReference.objects.create(trial=draft, reference=reference, role="protocol")
    body = client.get(f"/api/references/{reference.pk}/").json()
    assert body["trials"] == [{"trial": published.slug, "role": "primary_results"}]


def test_reviews_show_only_published_reviews_and_published_trials(
    client, make_trial, make_reference, make_measure
):
    published_trial, draft_trial = make_trial(), make_trial(status=CurationStatus.DRAFT)
    review = Review.objects.create(
        reference=make_reference(), slug="test-review", status=CurationStatus.PUBLISHED
    )
    review.trials.set([published_trial, draft_trial])
    Review.objects.create(reference=make_reference(), slug="draft-review")
    PooledResult.objects.create(
        review=review,
        measure=make_measure(),
        effect_measure="MD",
        estimate=1.5,
        ci_low=0.5,
        ci_high=2.5,
        certainty=Certainty.LOW,
    )
    [row] = results(client.get("/api/reviews/"))
    assert row["slug"] == "test-review"
    assert row["trials"] == [published_trial.slug]
    assert row["pooled_results"][0]["estimate"] == 1.5
    assert client.get("/api/reviews/draft-review/").status_code == 404


def test_draft_review_does_not_appear_on_its_trial(client, make_trial, make_reference):
    trial = make_trial()
    Review.objects.create(reference=make_reference(), slug="draft-review").trials.add(trial)
    assert client.get(f"/api/trials/{trial.slug}/").json()["reviews"] == []


def test_condition_counts_only_published_trials(client, make_condition, make_trial):
    condition = make_condition("Cirrhosis", synonyms="Liver cirrhosis\nHepatic cirrhosis")
    make_trial(conditions=[condition])
    make_trial(conditions=[condition], status=CurationStatus.DRAFT)
    body = client.get(f"/api/conditions/{condition.slug}/").json()
    assert body["trials_count"] == 1
    assert body["synonyms"] == ["Liver cirrhosis", "Hepatic cirrhosis"]


# What the endpoints show ----------------------------------------------------------------------


def test_trial_detail_has_arms_outcomes_references_and_registry_links(client, full_trial):
    trial = full_trial()
    body = client.get(f"/api/trials/{trial.slug}/").json()
    assert [arm["label"] for arm in body["arms"]] == ["MSC", "Control"]
    assert body["arms"][0]["cell_source"]["name"] == "Test cells"
    outcome = body["outcomes"][0]
    assert (outcome["mean"], outcome["unit_reported"], outcome["measure"]["unit"]) == (
        35.0,
        "g/L",
        "g/L",
    )
    assert outcome["reference"]["id"] == body["references"][0]["reference"]["id"]
    assert body["registry_ids"][0]["url"] == (
        f"https://clinicaltrials.gov/study/{body['registry_ids'][0]['identifier']}"
    )
    assert body["conditions"][0]["name"] == "Cirrhosis"
    assert body["etiologies"] and body["countries"]


def test_trial_row_shows_what_the_site_list_shows(client, full_trial):
    trial = full_trial(start_date="2008-11-01", start_date_precision="month")
    [row] = results(client.get("/api/trials/"))
    assert row["start_date"] == "2008-11"
    assert row["start_year"] == 2008
    assert row["has_results"] is True
    assert row["donor_types"] == ["allogeneic"]
    assert [term["name"] for term in row["cell_sources"]] == ["Test cells"]
    assert row["site_url"].endswith(f"/trials/{trial.slug}/")


def test_reference_authors_keep_their_order(client, make_trial, make_reference):
    reference = make_reference(trial=make_trial(), authors=("Zeta", "Alpha", "Mu"))
    body = client.get(f"/api/references/{reference.pk}/").json()
    assert [author["family"] for author in body["authors"]] == ["Zeta", "Alpha", "Mu"]


def test_references_filter_by_trial(client, make_trial, make_reference):
    trial = make_trial()
    mine = make_reference(trial=trial)
    make_reference(trial=make_trial())
    response = client.get("/api/references/", {"trial": trial.slug})
    assert [row["id"] for row in results(response)] == [mine.pk]


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("etiologies", Etiology),
        ("cell-sources", CellSource),
        ("routes", Route),
    ],
)
def test_vocabulary_endpoints_list_terms_by_name(client, make_vocabulary, path, model):
    make_vocabulary(model, "Beta")
    make_vocabulary(model, "Alpha")
    names = [row["name"] for row in results(client.get(f"/api/{path}/"))]
    assert names == ["Alpha", "Beta"]


def test_measures_show_canonical_units(client, make_measure):
    measure = make_measure("Serum albumin", unit="g/L")
    body = client.get(f"/api/measures/{measure.slug}/").json()
    assert (body["unit"], body["higher_is_better"]) == ("g/L", True)


def test_condition_shows_parent_slug(client, make_condition):
    parent = make_condition("Cirrhosis")
    child = make_condition("Decompensated cirrhosis", parent=parent)
    assert client.get(f"/api/conditions/{child.slug}/").json()["parent"] == parent.slug


def test_names_follow_the_request_language(client, make_condition):
    condition = make_condition("Cirrhosis", name_es="Cirrosis")
    response = client.get(f"/api/conditions/{condition.slug}/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.json()["name"] == "Cirrosis"
    assert response["Content-Language"] == "es"


def test_pooled_results_of_a_condition(
    client, make_condition, make_trial, make_arm, make_measure, make_result, make_vocabulary
):
    condition, measure = make_condition("Cirrhosis"), make_measure()
    cells = make_vocabulary(CellSource, "Test MSC")
    for number in range(2):
        trial = make_trial(conditions=[condition])
        msc = make_arm(trial, cell_source=cells)
        control = make_arm(trial, label="Control", role=ArmRole.STANDARD_CARE)
        make_result(trial, arm=msc, measure=measure, mean=36 + number, sd=4, n=20)
        make_result(trial, arm=control, measure=measure, mean=33, sd=4, n=20)
    [pooled] = client.get(f"/api/conditions/{condition.slug}/pooled-results/").json()
    assert (pooled["measure"]["slug"], pooled["timepoint"]) == (measure.slug, "12 weeks")
    assert pooled["studies_count"] == 2 and pooled["intervention_class"] == "msc"
    assert pooled["ci_low"] < pooled["estimate"] < pooled["ci_high"]


def test_pooled_results_name_the_trials_left_out(
    client, make_condition, make_trial, make_arm, make_measure, make_result, make_vocabulary
):
    condition, measure = make_condition("Cirrhosis"), make_measure()
    cells = make_vocabulary(CellSource, "Test MSC")
    pooled_trial, lone_trial = (make_trial(conditions=[condition]) for _ in range(2))
    for mean, role, source in (
        (36, ArmRole.EXPERIMENTAL, cells),
        (33, ArmRole.STANDARD_CARE, None),
    ):
        arm = make_arm(pooled_trial, label=role, role=role, cell_source=source)
        make_result(pooled_trial, arm=arm, measure=measure, mean=mean, sd=4, n=20)
    lone_arm = make_arm(lone_trial, cell_source=cells)
    make_result(lone_trial, arm=lone_arm, measure=measure, mean=36, sd=4, n=20)
    [pooled] = client.get(f"/api/conditions/{condition.slug}/pooled-results/").json()
    assert [study["trial"] for study in pooled["studies"]] == [pooled_trial.slug]
    assert [row["trial"] for row in pooled["excluded"]] == [lone_trial.slug]
    assert pooled["excluded"][0]["reason"]


def test_pooled_results_leave_out_draft_trials(
    client, make_condition, make_trial, make_arm, make_measure, make_result
):
    condition, measure = make_condition("Cirrhosis"), make_measure()
    draft = make_trial(conditions=[condition], status=CurationStatus.DRAFT)
    for mean, role in ((36, ArmRole.EXPERIMENTAL), (33, ArmRole.STANDARD_CARE)):
        make_result(draft, arm=make_arm(draft, role=role), measure=measure, mean=mean, sd=4, n=20)
    assert client.get(f"/api/conditions/{condition.slug}/pooled-results/").json() == []


# The site's filters -----------------------------------------------------------------------------


@pytest.fixture
def varied_trials(full_trial, make_condition):  # noqa: ANN001, ANN201
    """Trials that differ in every filtered field."""
    parent = make_condition("Cirrhosis", slug="cirrhosis")
    child = make_condition("Decompensated cirrhosis", slug="decompensated", parent=parent)
    other = make_condition("Acute liver failure", slug="alf", synonyms="ALF")
    full_trial(condition=child, design="rct", phase="2", enrollment=200, start_date="2015-03-01")
    full_trial(condition=parent, design="single_arm", phase="1", enrollment=20)
    full_trial(
        condition=other,
        design="rct",
        phase="1_2",
        enrollment=60,
        start_date="2020-01-01",
        recruitment_status="completed",
        title="Cord cells in liver failure",
    )
    full_trial(condition=other, status=CurationStatus.DRAFT)
    return Trial.objects.all()


FILTER_QUERIES = [
    "",
    "condition=cirrhosis",
    "condition=ALF",
    "design=rct",
    "design=rct&phase=2",
    "phase=1&phase=1_2",
    "status=completed",
    "enrollment_min=50",
    "start_year_min=2016",
    "start_year_max=2016",
    "has_results=true",
    "has_results=false",
    "q=cord",
    "sort=title",
    "sort=enrollment&design=rct",
]


@pytest.mark.parametrize("query", FILTER_QUERIES)
def test_trial_list_gives_the_filtersets_trials_in_its_order(client, varied_trials, query):
    expected = [trial.slug for trial in TrialFilter(QueryDict(query)).qs]
    assert slugs(client.get(f"/api/trials/?{query}")) == expected


@pytest.mark.parametrize("query", FILTER_QUERIES)
def test_trial_list_gives_the_same_trials_as_the_site(client, varied_trials, query):
    page = client.get(f"/trials/?{query}")
    assert page.status_code == 200
    shown = site_slugs(page)
    assert slugs(client.get(f"/api/trials/?{query}")) == shown


def site_slugs(page) -> list[str]:  # noqa: ANN001
    """The trials the site's list page rendered, in its order (its page holds their ids)."""
    ids = list(page.context["page"].object_list)  # the page holds trial ids
    by_id = Trial.objects.in_bulk(ids)
    return [by_id[pk].slug for pk in ids]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("cell_source=not%20a%20slug", "cell_source"),
        ("design=nope", "design"),
        ("enrollment_min=abc", "enrollment_min"),
        ("enrollment_min=1e3", "enrollment_min"),
        ("start_year_min=99999", "start_year_min"),
        ("start_year_min=2015.0", "start_year_min"),
        ("sort=sideways", "sort"),
        ("has_results=maybe", "has_results"),
        ("has_results=1", "has_results"),
        ("page_size=101", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=-5", "page_size"),
        ("page_size=ten", "page_size"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
    ],
)
def test_bad_parameter_value_gives_400_naming_the_parameter(client, make_trial, query, parameter):
    make_trial()
    response = client.get(f"/api/trials/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [parameter]
    assert parameter in body["detail"]


@pytest.mark.parametrize(
    ("query", "parameters"),
    [
        ("condition=no-such-condition", ["condition"]),
        ("cell_source=nope", ["cell_source"]),
        ("country=ZZ", ["country"]),
        ("start_year_min=2020&start_year_max=2010", ["start_year_max", "start_year_min"]),
    ],
)
def test_a_well_formed_value_that_names_nothing_gives_404_naming_it(
    client, make_trial, query, parameters
):
    make_trial()
    response = client.get(f"/api/trials/?{query}")
    assert response.status_code == 404
    assert sorted(response.json()["errors"]) == parameters


def test_an_unknown_trial_filter_on_references_gives_404(client, make_trial):
    make_trial()
    response = client.get("/api/references/?trial=no-such-trial")
    assert response.status_code == 404
    assert list(response.json()["errors"]) == ["trial"]


def test_a_year_with_decimals_on_references_gives_400(client):
    response = client.get("/api/references/?year=2021.5")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["year"]


def test_a_page_past_the_end_gives_404(client, make_trial):
    make_trial()
    assert client.get("/api/trials/?page=999").status_code == 404


def test_empty_parameters_are_ignored(client, make_trial):
    make_trial()
    empty = "condition=&cell_source=&country=&has_results=&page=&page_size=&sort=&q=&design="
    response = client.get(f"/api/trials/?{empty}")
    assert response.status_code == 200
    assert response.json() == client.get("/api/trials/").json()


def test_page_size_within_range_is_used(client, make_trial):
    for _ in range(3):
        make_trial()
    body = client.get("/api/trials/?page_size=2").json()
    assert len(body["results"]) == 2 and body["next"]


def test_a_trial_without_a_start_date_has_a_null_start_year(client, make_trial):
    trial = make_trial(start_date=None)
    assert client.get("/api/trials/").json()["results"][0]["start_year"] is None
    assert client.get(f"/api/trials/{trial.slug}/").json()["start_year"] is None


def test_the_schema_declares_start_year_nullable_and_empty_values_allowed(client):
    schema = client.get("/api/schema/?format=json").json()
    start_year = schema["components"]["schemas"]["TrialList"]["properties"]["start_year"]
    assert start_year["nullable"] is True
    parameters = schema["paths"]["/api/trials/"]["get"]["parameters"]
    assert all(parameter["allowEmptyValue"] for parameter in parameters)


@pytest.mark.parametrize("query", ["q=%00", "q=" + "x" * 10_000, "condition=%00"])
def test_odd_input_never_gives_a_500(client, make_trial, query):
    make_trial()
    response = client.get(f"/api/trials/?{query}")
    assert response.status_code in (200, 400, 404)
    assert response["Content-Type"] == "application/json"


def test_api_root_lists_the_endpoints_the_schema_and_the_docs(client):
    body = client.get("/api/").json()
    assert {"trials", "references", "reviews", "schema", "docs"} <= set(body)


@pytest.mark.parametrize(
    "path",
    [
        "/api/nothing-here/",
        "/api/trials/a%00b/",
        "/api/trials/x.json",
        "/api/references/abc/",
        "/api/conditions/cirrhosis/pooled-results.json",
    ],
)
def test_unknown_api_addresses_give_a_json_404(client, make_condition, path):
    make_condition("Cirrhosis", slug="cirrhosis")
    response = client.get(path)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_pages_keep_a_stable_order_without_overlap(client, make_trial):
    for _ in range(7):
        make_trial(title="Same title", short_title="Same")
    seen = []
    for page in (1, 2, 3):
        seen += slugs(client.get("/api/trials/", {"sort": "title", "page_size": 3, "page": page}))
    assert sorted(seen) == sorted(Trial.objects.values_list("slug", flat=True))


# Query counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_trial_list_queries_do_not_grow_with_the_page(
    client, full_trial, django_assert_max_num_queries, count
):
    for _ in range(count):
        full_trial()
    with django_assert_max_num_queries(10):
        assert len(slugs(client.get("/api/trials/?page_size=30"))) == count


@pytest.mark.parametrize("count", [1, 10])
def test_trial_detail_queries_do_not_grow_with_its_rows(
    client, full_trial, make_reference, django_assert_max_num_queries, count
):
    trial = full_trial()
    for _ in range(count):
        make_reference(trial=trial, authors=("One", "Two"))
    with django_assert_max_num_queries(14):
        assert client.get(f"/api/trials/{trial.slug}/").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_reference_and_review_lists_queries_do_not_grow(
    client, make_trial, make_reference, make_measure, django_assert_max_num_queries, count
):
    measure = make_measure()
    for number in range(count):
        trial = make_trial()
        review = Review.objects.create(
            reference=make_reference(trial=trial),
            slug=f"review-{number}",
            status=CurationStatus.PUBLISHED,
        )
        review.trials.add(trial)
        PooledResult.objects.create(review=review, measure=measure, effect_measure="MD")
    with django_assert_max_num_queries(6):
        assert len(results(client.get("/api/references/?page_size=30"))) == count
    with django_assert_max_num_queries(7):
        assert len(results(client.get("/api/reviews/?page_size=30"))) == count


@pytest.mark.parametrize("count", [3, 30])
def test_condition_list_queries_do_not_grow(
    client, make_condition, django_assert_max_num_queries, count
):
    parent = make_condition("Liver disease")
    for _ in range(count):
        make_condition("Test condition", parent=parent)
    with django_assert_max_num_queries(3):
        assert len(results(client.get("/api/conditions/?page_size=100"))) == count + 1


# HTTP behaviour ---------------------------------------------------------------------------------


def test_throttled_client_gets_429_with_message_and_retry_after(client, make_trial):
    make_trial()
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"]["anon"] = "2/minute"
    with override_settings(REST_FRAMEWORK=rest):
        for _ in range(2):
            assert client.get("/api/trials/").status_code == 200
        response = client.get("/api/trials/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many requests" in response.json()["detail"]


def test_other_sites_may_read_the_api(client, make_trial):
    make_trial()
    response = client.get("/api/trials/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_cors_is_not_opened_on_the_site(client):
    response = client.get("/trials/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in response


def test_unchanged_response_gives_304_for_its_etag(client, make_trial):
    make_trial()
    etag = client.get("/api/trials/")["ETag"]
    response = client.get("/api/trials/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_trial_detail_answers_if_modified_since(client, full_trial):
    trial = full_trial()
    last_modified = client.get(f"/api/trials/{trial.slug}/")["Last-Modified"]
    response = client.get(f"/api/trials/{trial.slug}/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


def test_changed_trial_is_sent_again(client, full_trial):
    trial = full_trial()
    first = client.get(f"/api/trials/{trial.slug}/")
    Trial.objects.filter(pk=trial.pk).update(title="Changed title", updated_at="2100-01-01T00:00Z")
    response = client.get(
        f"/api/trials/{trial.slug}/",
        HTTP_IF_NONE_MATCH=first["ETag"],
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Changed title"


# Schema and documentation -----------------------------------------------------------------------


@pytest.fixture
def schema(client) -> dict:  # noqa: ANN001
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_openapi_3_with_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    for path in (
        "trials/",
        "trials/{slug}/",
        "conditions/{slug}/pooled-results/",
        "references/",
        "reviews/",
        "etiologies/",
        "cell-sources/",
        "routes/",
        "countries/",
        "measures/",
    ):
        assert f"/api/{path}" in schema["paths"]


def test_schema_describes_every_field_and_parameter(schema):
    undescribed = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description")
    ]
    undescribed += [
        f"{path} {parameter['name']}"
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert undescribed == []


def test_trial_list_documents_every_site_filter(schema):
    names = {p["name"] for p in schema["paths"]["/api/trials/"]["get"]["parameters"]}
    assert set(TrialFilter.base_filters) <= names


def test_docs_page_runs_under_the_content_security_policy(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<style" not in html
    assert "<script>" not in html  # every script is a file from this site
    assert "//cdn" not in html and "unpkg" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
