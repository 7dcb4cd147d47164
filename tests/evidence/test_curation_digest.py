"""The weekly digest: the dashboard's lists as plain text, quiet when all is well."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from trials.models import CurationStatus, RegistryId, SourceKind

pytestmark = pytest.mark.django_db


def digest(*args: str) -> str:
    out = io.StringIO()
    call_command("curation_digest", *args, stdout=out)  # raises unless the exit status is 0
    return out.getvalue()


def test_empty_database_prints_nothing_needs_attention_twice():
    assert digest() == "Nothing needs attention.\n"
    assert digest() == "Nothing needs attention.\n"


def make_mess(make_trial, make_arm, make_result, make_reference) -> dict[str, object]:
    trial = make_trial(status=CurationStatus.IN_REVIEW, unverified_fields=["enrollment"])
    arm = make_arm(trial, participants_count=10)
    result = make_result(trial, arm=arm, n=12, source_kind=SourceKind.SECONDARY)
    RegistryId.objects.create(
        trial=trial, registry="ctgov", identifier="NCT00000001", is_inferred=True
    )
    make_reference(title="Test cells in test cirrhosis")
    make_reference(title="Test cells in test cirrhosis.")
    return {"trial": trial, "result": result}


def test_messy_database_lists_each_rule_with_links(
    make_trial, make_arm, make_result, make_reference
):
    mess = make_mess(make_trial, make_arm, make_result, make_reference)
    text = digest()
    assert "Outcome results without a reference (1)" in text
    assert "Results with more participants or events than the arm randomised (1)" in text
    assert "Registry ids inferred rather than printed in the paper (1)" in text
    assert "References with nearly the same title (1)" in text
    assert reverse("admin:trials_outcomeresult_change", args=[mess["result"].pk]) in text
    assert reverse("admin:trials_trial_change", args=[mess["trial"].pk]) in text
    assert "Nothing needs attention." not in text


def test_digest_lists_only_the_rules_that_found_something(
    make_trial, make_arm, make_result, make_reference
):
    make_mess(make_trial, make_arm, make_result, make_reference)
    text = digest()
    assert "Trials in review for more than 14 days" not in text
    assert "Cell sources" not in text


def test_base_url_makes_the_links_absolute(make_trial, make_result):
    result = make_result(make_trial())
    text = digest("--base-url", "https://curation.example/")
    url = reverse("admin:trials_outcomeresult_change", args=[result.pk])
    assert f"https://curation.example{url}" in text


def test_digest_is_the_same_when_run_twice(make_trial, make_arm, make_result, make_reference):
    make_mess(make_trial, make_arm, make_result, make_reference)
    assert digest() == digest()
