"""load_demo: the real demo data, loaded idempotently, valid, referenced and published."""

import io
import json
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command

from evidence.demo.load import DEMO_DATA_DIR, demo_data_load
from evidence.models import PooledResult, Reference, Review
from trials.models import OutcomeResult, RegistryId, Trial

pytestmark = pytest.mark.django_db

DEMO_APPS = ("trials", "evidence")


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _row_counts() -> dict[str, int]:
    """Rows of every model of both apps, history tables included."""
    return {
        model._meta.label: model.objects.count()
        for app in DEMO_APPS
        for model in apps.get_app_config(app).get_models()
    }


def _project_data() -> dict:
    return json.loads((DEMO_DATA_DIR / "liver_msc_evidence.json").read_text(encoding="utf-8"))


def test_load_demo_twice_gives_the_same_rows_and_no_new_history(demo: None) -> None:
    before = _row_counts()
    output = _load()
    assert _row_counts() == before
    assert "0 rows created, 0 updated" in output


def test_demo_holds_65_published_trials_and_14_published_reviews(demo: None) -> None:
    assert Trial.objects.count() == Trial.objects.published().count() == 65
    assert Review.objects.count() == Review.objects.published().count() == 14


def test_load_reviews_nothing(demo: None) -> None:
    assert not Trial.objects.filter(last_reviewed_at__isnull=False).exists()
    assert not OutcomeResult.objects.filter(verified_at__isnull=False).exists()


def test_every_loaded_outcome_has_a_reference_linked_to_its_trial(demo: None) -> None:
    results = OutcomeResult.objects.select_related("reference")
    assert results.count() > 50
    for result in results:
        assert result.reference is not None
        assert result.reference.trial_links.filter(trial=result.trial_id).exists()


def test_every_loaded_row_passes_full_clean(demo: None) -> None:
    for app in DEMO_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.label.split(".")[1].startswith("Historical"):
                continue
            for instance in model.objects.all():
                instance.full_clean()


def test_no_loaded_value_is_outside_its_measures_plausible_range(demo: None) -> None:
    for result in OutcomeResult.objects.select_related("measure").exclude(value_canonical=None):
        low, high = result.measure.plausible_min, result.measure.plausible_max
        assert low is None or result.value_canonical >= low, result
        assert high is None or result.value_canonical <= high, result


def test_lin_2017_matches_the_project_data_file(demo: None) -> None:
    lin = Trial.objects.get(slug="lin-2017-bm-msc-hbv-aclf")
    assert [arm.participants_count for arm in lin.arms.order_by("position")] == [56, 54]
    survival = lin.outcome_results.filter(measure__slug="overall-survival").order_by(
        "arm__position"
    )
    assert [(r.percentage, r.ci_low, r.ci_high) for r in survival] == [
        (73.2, 61.6, 84.8),
        (55.6, 42.3, 68.9),
    ]
    reference = Reference.objects.get(doi="10.1002/hep.29189")
    assert reference.pmid == "28370357"
    # Full given names as the source prints them (evidence/demo/data/reference_sources.json).
    names = [str(a) for a in reference.authors.order_by("position")[:2]]
    assert names == ["Lin, Bing Liang", "Chen, Jun Feng"]
    record = next(t for t in _project_data()["trials"] if t["dataset_id"] == "T02")
    assert record["slug"] == lin.slug
    assert record["references"][0]["reference"]["doi"] == reference.doi


def test_values_only_a_review_table_supports_are_flagged_unverified(demo: None) -> None:
    suk = RegistryId.objects.get(identifier="NCT01875081")
    assert suk.is_inferred
    assert "registry_ids" in suk.trial.unverified_fields
    assert all("participants_count" in a.unverified_fields for a in suk.trial.arms.all())
    assert not RegistryId.objects.get(identifier="NCT01741090").is_inferred


def test_pooled_results_keep_the_printed_numbers(demo: None) -> None:
    pan = PooledResult.objects.get(
        review__slug="pan-2014-bm-msc-decompensated-cirrhosis", timepoint_label="2 weeks"
    )
    assert (pan.effect_measure, pan.estimate, pan.ci_low, pan.ci_high) == (
        "MD",
        -1.23,
        -2.45,
        -0.01,
    )
    survival = PooledResult.objects.get(
        review__slug="lin-2025-stem-cells-liver-failure", measure__slug="overall-survival"
    )
    assert survival.estimate is None and survival.statement


def test_curator_account_is_created_and_printed_once_with_debug(demo: None, settings) -> None:  # noqa: ANN001
    settings.DEBUG = True
    first, second = _load(), _load()
    curator = User.objects.get(username="curator")
    assert curator.is_staff and not curator.is_superuser
    assert list(curator.groups.values_list("name", flat=True)) == ["Curator"]
    password = re.search(r"password (\S+)", first).group(1)
    assert curator.check_password(password)
    assert password not in second and "changepassword curator" in second
    assert User.objects.count() == 1


def test_no_curator_account_without_debug(demo: None) -> None:
    assert not User.objects.filter(username="curator").exists()


def test_load_refuses_trials_that_disagree_with_the_included_studies(demo: None, tmp_path) -> None:  # noqa: ANN001
    data = _project_data()
    review = next(r for r in data["reviews"] if r["included_studies"])
    review["trials"] = review["trials"][1:]
    for name in (
        "vocabularies.json",
        "provenance.json",
        "claims.json",
        "same_study.json",
        "coverage.json",
    ):
        (tmp_path / name).write_text((DEMO_DATA_DIR / name).read_text(encoding="utf-8"))
    (tmp_path / "liver_msc_evidence.json").write_text(json.dumps(data), encoding="utf-8")
    before = _row_counts()
    with pytest.raises(ValueError, match="must be the trials its included_studies are matched"):
        demo_data_load(data_dir=tmp_path)
    assert _row_counts() == before
