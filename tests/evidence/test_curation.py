"""What needs attention: each curation rule, the dashboard's permissions and its query count."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from evidence.curation import duplicates, rules
from evidence.curation.duplicates import similar_title_groups, title_key
from evidence.curation.report import curation_sections
from evidence.models import Reference, TrialReference
from trials.models import (
    CellSource,
    CurationStatus,
    DatePrecision,
    OutcomeResult,
    RecruitmentStatus,
    RegistryId,
    Route,
    SourceKind,
    Trial,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - days * DAY


# --- Where the numbers came from ---------------------------------------------------------------


def test_results_without_a_reference_are_flagged(make_trial, make_result, make_reference):
    trial = make_trial()
    missing = make_result(trial)
    make_result(trial, reference=make_reference(trial))
    assert list(rules.results_without_reference()) == [missing]


def test_results_without_a_table_or_page_are_flagged(make_trial, make_result):
    trial = make_trial()
    missing = make_result(trial, source_location="")
    make_result(trial, source_location="Table 2")
    assert list(rules.results_without_location()) == [missing]


# --- Unverified --------------------------------------------------------------------------------


def test_values_only_a_review_supports_are_flagged(make_trial, make_result):
    trial = make_trial()
    secondary = make_result(trial, source_kind=SourceKind.SECONDARY)
    make_result(trial, source_kind=SourceKind.PUBLICATION)
    assert list(rules.results_from_secondary_sources()) == [secondary]


def test_trials_and_arms_with_unverified_fields_are_flagged(make_trial, make_arm):
    unverified = make_trial(unverified_fields=["enrollment"])
    checked = make_trial()
    arm = make_arm(checked, unverified_fields=["dose_text"])
    make_arm(unverified)
    assert list(rules.trials_with_unverified_fields()) == [unverified]
    assert list(rules.arms_with_unverified_fields()) == [arm]


def test_inferred_registry_ids_are_flagged(make_trial):
    inferred = RegistryId.objects.create(
        trial=make_trial(), registry="ctgov", identifier="NCT00000001", is_inferred=True
    )
    RegistryId.objects.create(trial=make_trial(), registry="ctgov", identifier="NCT00000002")
    assert list(rules.inferred_registry_ids()) == [inferred]


# --- Reviews due -------------------------------------------------------------------------------


def test_trials_in_review_for_more_than_14_days_are_flagged(make_trial):
    waiting = make_trial(status=CurationStatus.IN_REVIEW, submitted_at=days_ago(15))
    make_trial(status=CurationStatus.IN_REVIEW, submitted_at=days_ago(13))
    make_trial(status=CurationStatus.PUBLISHED, submitted_at=days_ago(30))
    assert list(rules.trials_long_in_review(now=timezone.now())) == [waiting]


def test_in_review_without_submission_date_counts_from_the_last_change(make_trial):
    stale = make_trial(status=CurationStatus.IN_REVIEW)
    Trial.objects.filter(pk=stale.pk).update(updated_at=days_ago(20))
    make_trial(status=CurationStatus.IN_REVIEW)
    assert list(rules.trials_long_in_review(now=timezone.now())) == [stale]


def test_published_trials_not_reviewed_for_a_year_are_flagged(make_trial):
    overdue = make_trial(last_reviewed_at=days_ago(400))
    make_trial(last_reviewed_at=days_ago(30))
    make_trial(status=CurationStatus.DRAFT, last_reviewed_at=days_ago(400))
    assert list(rules.trials_due_for_review(now=timezone.now())) == [overdue]


def test_never_reviewed_trials_count_from_publication(make_trial):
    old = make_trial(published_at=days_ago(400))
    make_trial()  # published today
    assert list(rules.trials_due_for_review(now=timezone.now())) == [old]


def test_completed_trials_without_results_two_years_on_are_flagged(make_trial, make_result):
    today = timezone.localdate()
    completed = {"recruitment_status": RecruitmentStatus.COMPLETED}
    silent = make_trial(completion_date=today - 800 * DAY, **completed)
    make_trial(completion_date=today - 300 * DAY, **completed)
    make_result(make_trial(completion_date=today - 800 * DAY, **completed))
    make_trial(completion_date=today - 800 * DAY, recruitment_status=RecruitmentStatus.RECRUITING)
    assert list(rules.completed_trials_without_results(today=today)) == [silent]


def test_completion_known_only_to_the_year_counts_from_the_end_of_that_year(make_trial):
    today = datetime.date(2026, 6, 15)
    completed = {"recruitment_status": RecruitmentStatus.COMPLETED}
    year = {"completion_date_precision": DatePrecision.YEAR}
    old = make_trial(completion_date=datetime.date(2023, 1, 1), **completed, **year)
    make_trial(completion_date=datetime.date(2024, 1, 1), **completed, **year)
    assert list(rules.completed_trials_without_results(today=today)) == [old]


def test_registry_records_changed_since_the_last_review_are_flagged(make_trial):
    reviewed_on = timezone.now() - 10 * DAY
    changed = make_trial(
        last_reviewed_at=reviewed_on, registry_last_updated_date=timezone.localdate()
    )
    make_trial(last_reviewed_at=reviewed_on, registry_last_updated_date=reviewed_on.date() - DAY)
    make_trial(last_reviewed_at=reviewed_on)  # never imported from a registry
    assert list(rules.trials_with_registry_changes()) == [changed]


def test_never_reviewed_drafts_with_a_registry_record_are_flagged(make_trial):
    draft = make_trial(status=CurationStatus.DRAFT, registry_last_updated_date=timezone.localdate())
    assert list(rules.trials_with_registry_changes()) == [draft]


# --- Numbers that disagree ---------------------------------------------------------------------


def test_results_above_the_arm_size_are_flagged(make_trial, make_arm, make_result, make_measure):
    trial = make_trial()
    arm = make_arm(trial, participants_count=20)
    deaths = make_measure("Deaths", kind="binary", unit="")
    too_many = make_result(trial, arm=arm, n=25)
    too_many_events = make_result(trial, arm=arm, measure=deaths, shape="events", events=22)
    make_result(trial, arm=arm, measure=deaths, n=20, shape="events", events=3, total=20)
    make_result(trial, n=500)  # whole-trial result: no arm to compare with
    assert set(rules.results_above_arm_size()) == {too_many, too_many_events}


def test_trials_whose_arms_add_up_to_more_than_enrolled_are_flagged(make_trial, make_arm):
    over = make_trial(enrollment=30)
    make_arm(over, participants_count=20)
    make_arm(over, participants_count=20)
    fits = make_trial(enrollment=40)
    make_arm(fits, participants_count=20)
    make_arm(fits, participants_count=20)
    assert list(rules.trials_with_arms_above_enrollment()) == [over]


# --- Vocabulary no published trial uses ---------------------------------------------------------


def test_conditions_no_published_trial_uses_are_flagged(make_trial, make_condition):
    broader = make_condition("Test broader condition")
    used = make_condition("Test used condition", parent=broader)
    unused = make_condition("Test unused condition")
    draft_only = make_condition("Test draft-only condition")
    make_condition("Test retired condition", is_active=False)
    make_trial(conditions=[used])
    make_trial(status=CurationStatus.DRAFT, conditions=[draft_only])
    assert set(rules.unused_conditions()) == {unused, draft_only}


def test_cell_sources_and_routes_no_published_trial_uses_are_flagged(
    make_trial, make_arm, make_vocabulary
):
    used_source, unused_source = (make_vocabulary(CellSource, f"Test cells {i}") for i in (1, 2))
    used_route, unused_route = (make_vocabulary(Route, f"Test route {i}") for i in (1, 2))
    make_arm(make_trial(), cell_source=used_source, route=used_route)
    make_arm(make_trial(status=CurationStatus.DRAFT), cell_source=unused_source)
    assert list(rules.unused_cell_sources()) == [unused_source]
    assert list(rules.unused_routes()) == [unused_route]


# --- Suspected duplicates ----------------------------------------------------------------------


def test_references_with_the_same_doi_in_another_form_are_flagged(make_reference):
    first = make_reference(doi="10.1000/test.1")
    second = make_reference(doi="10.1000/test.2")
    make_reference(doi="10.1000/test.3")
    # The database refuses equal DOIs; a resolver prefix and capitals slip past it.
    Reference.objects.filter(pk=second.pk).update(doi="https://doi.org/10.1000/TEST.1")
    [item] = duplicates.duplicate_reference_identifiers()
    assert item.label == "DOI 10.1000/test.1"
    assert [link.url for link in item.links] == [
        reverse("admin:evidence_reference_change", args=[pk]) for pk in (first.pk, second.pk)
    ]


def test_references_with_the_same_pmid_are_flagged(make_reference):
    make_reference(pmid="12345")
    make_reference(pmid="012345")
    make_reference(pmid="54321")
    [item] = duplicates.duplicate_reference_identifiers()
    assert item.label == "PMID 12345"
    assert len(item.links) == 2


def test_trials_with_the_same_registry_id_are_flagged(make_trial):
    first, second, other = make_trial(), make_trial(), make_trial()
    RegistryId.objects.create(trial=first, registry="ctgov", identifier="NCT00000001")
    RegistryId.objects.create(trial=second, registry="other", identifier="nct 00000001")
    RegistryId.objects.create(trial=other, registry="ctgov", identifier="NCT00000002")
    [item] = duplicates.duplicate_registry_ids()
    assert item.label == "NCT00000001"
    assert [link.url for link in item.links] == [
        reverse("admin:trials_trial_change", args=[pk]) for pk in (first.pk, second.pk)
    ]


def test_trials_with_nearly_the_same_title_are_flagged(make_trial):
    first = make_trial("Test cells for test liver disease: a randomised trial")
    second = make_trial("Test Cells for the Test Liver Disease - a randomized trial")
    make_trial("Test cells for test liver disease in children, long-term follow-up")
    [item] = duplicates.similar_trial_titles()
    assert [link.url for link in item.links] == [
        reverse("admin:trials_trial_change", args=[pk]) for pk in (first.pk, second.pk)
    ]


def test_references_with_the_same_title_are_flagged_only_within_a_kind(make_reference):
    make_reference(title="Test cells in test cirrhosis.")
    make_reference(title="Test cells in test cirrhosis")
    make_reference(title="Test cells in test cirrhosis", kind="conference_abstract")
    [item] = duplicates.similar_reference_titles()
    assert len(item.links) == 2


def test_title_key_drops_case_punctuation_accents_and_stopwords():
    assert title_key("The Efficacy of Célula-based Therapy, in the LIVER!") == (
        "efficacy celula based therapy liver"
    )


def test_similar_title_groups_joins_near_titles_and_keeps_others_apart():
    rows = [
        (1, "Test cells for test liver disease: a randomised trial"),
        (2, "Test cells for test liver disease: a randomized trial"),
        (3, "Test cells for test liver disease: a randomised trial."),
        (4, "Test cells for test kidney disease"),
        (5, "Another test title altogether"),
    ]
    assert similar_title_groups(rows) == [[1, 2, 3]]


# --- The dashboard -----------------------------------------------------------------------------


def dashboard_url() -> str:
    return reverse("admin:curation")


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(dashboard_url())
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_who_are_not_curators_are_refused(client):
    client.force_login(User.objects.create_user("staff", is_staff=True))
    assert client.get(dashboard_url()).status_code == 403


def test_curators_and_superusers_see_the_dashboard(client, curator_client):
    assert curator_client.get(dashboard_url()).status_code == 200
    client.force_login(User.objects.create_superuser("admin", password="a-long-admin-password"))
    assert client.get(dashboard_url()).status_code == 200


def test_dashboard_links_each_item_to_its_admin_form(curator_client, make_trial, make_result):
    result = make_result(make_trial())
    response = curator_client.get(dashboard_url())
    change_url = reverse("admin:trials_outcomeresult_change", args=[result.pk])
    assert f'href="{change_url}"'.encode() in response.content
    assert b"Outcome results without a reference" in response.content


def test_dashboard_says_when_nothing_needs_attention(curator_client):
    response = curator_client.get(dashboard_url())
    assert b"Nothing needs attention." in response.content


def test_admin_index_links_to_the_dashboard(curator_client):
    response = curator_client.get(reverse("admin:index"))
    assert f'href="{dashboard_url()}"'.encode() in response.content


def flag_items(count: int, make_trial, make_arm, make_result, make_reference) -> None:
    """count items under each of several rules, with duplicates among them."""
    for number in range(count):
        trial = make_trial(
            f"Trial {number} of test cells",
            status=CurationStatus.IN_REVIEW,
            submitted_at=days_ago(20),
            unverified_fields=["enrollment"],
        )
        arm = make_arm(trial, participants_count=10, unverified_fields=["dose_text"])
        make_result(trial, arm=arm, n=12, source_kind=SourceKind.SECONDARY)
        for _copy in range(2):
            make_reference(trial, title=f"Reference {number} about test cells")
        RegistryId.objects.create(
            trial=trial, registry="ctgov", identifier=f"NCT{number:08d}", is_inferred=True
        )
        # A published trial whose paper lacks its year (a review's table gives one) and whose
        # registry record we hold no title for.
        published = make_trial(f"Published trial {number}", status=CurationStatus.PUBLISHED)
        make_reference(published, year=None, unverified_fields=["year"])
        RegistryId.objects.create(trial=published, registry="umin", identifier=f"UMIN{number:09d}")


@pytest.mark.parametrize("count", [3, 30])
def test_dashboard_queries_do_not_grow_with_the_items_listed(
    count,
    curator_client,
    django_assert_max_num_queries,
    make_trial,
    make_arm,
    make_result,
    make_reference,
):
    flag_items(count, make_trial, make_arm, make_result, make_reference)
    assert sum(section.count for section in curation_sections()) >= 9 * count
    # One query per check; two for incomplete references (with their authors) and four for
    # registry ids cited for several trials (three kinds of ids, then the notes).
    with django_assert_max_num_queries(34):
        response = curator_client.get(dashboard_url())
    assert response.status_code == 200
    assert OutcomeResult.objects.count() == count


def test_dashboard_lists_incomplete_references_and_registry_ids_without_a_title(
    curator_client, make_trial, make_reference
):
    trial = make_trial("Test published trial", status=CurationStatus.PUBLISHED)
    paper = make_reference(trial, title="Test paper without year", year=None, authors=())
    make_reference(trial, title="Test complete paper", volume="1")
    RegistryId.objects.create(trial=trial, registry="umin", identifier="UMIN000000001")
    draft = make_trial("Test draft trial", status=CurationStatus.DRAFT)
    make_reference(draft, title="Test draft paper", year=None)
    findings = {
        finding.rule.key: finding for section in curation_sections() for finding in section.findings
    }
    (item,) = findings["incomplete_references"].items
    assert item.label == "Test paper without year"
    assert item.note == "Missing: authors, year, volume or pages"
    assert item.url == reverse("admin:evidence_reference_change", args=[paper.pk])
    (registry,) = findings["registry_ids_without_official_title"].items
    assert registry.label.startswith("UMIN000000001")
    page = curator_client.get(dashboard_url()).content.decode()
    assert "Missing: authors, year, volume or pages" in page


def test_a_registry_id_pointing_at_two_trials_anywhere_is_flagged(make_trial):
    paper, record, other = make_trial(), make_trial(), make_trial()
    RegistryId.objects.create(trial=record, registry="ctgov", identifier="NCT00000011")
    Trial.objects.filter(pk=paper.pk).update(
        data_notes="The registry record NCT00000011 may be this trial's registration."
    )
    Trial.objects.filter(pk=other.pk).update(data_notes="Not related to NCT00000099.")
    [item] = duplicates.registry_ids_cited_for_several_trials()
    assert item.label == "NCT00000011"
    assert [link.url for link in item.links] == [
        reverse("admin:trials_trial_change", args=[pk]) for pk in (paper.pk, record.pk)
    ]


def test_a_registry_id_cited_for_two_papers_is_flagged(make_trial, make_reference):
    first, second = make_trial(), make_trial()
    record = make_reference(kind="registry_record", report_number="NCT00000012")
    for trial in (first, second):
        TrialReference.objects.create(trial=trial, reference=record, role="registry_record")
    [item] = duplicates.registry_ids_cited_for_several_trials()
    assert item.label == "NCT00000012" and len(item.links) == 2


def test_a_trial_naming_its_own_registry_id_is_not_flagged(make_trial):
    trial = make_trial(data_notes="Registered as NCT00000013.")
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT00000013")
    assert duplicates.registry_ids_cited_for_several_trials() == []
