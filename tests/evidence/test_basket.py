import pytest
import rispy
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from evidence.basket.session import MAX_ITEMS, basket_add, basket_contents
from evidence.models import BasketItem
from trials.models import CurationStatus, RegistryId, Trial

pytestmark = pytest.mark.django_db


def post(client: Client, action: str, **data: object):  # noqa: ANN201
    return client.post(f"/list/{action}/", data)


def stored(client: Client) -> dict:
    return basket_contents(session=client.session)


def session_with(*, trials: tuple[int, ...] = (), references: tuple[int, ...] = ()) -> SessionStore:
    """A stored session whose list holds these ids, whatever they are (as if forced in)."""
    session = SessionStore()
    session.create()
    rows = [("trials", pk) for pk in trials] + [("references", pk) for pk in references]
    BasketItem.objects.bulk_create(
        BasketItem(session_id=session.session_key, kind=kind, item_id=pk) for kind, pk in rows
    )
    return session


def export(client: Client, name: str = "ris") -> str:
    response = client.get("/references/export/", {"basket": 1, "format": name})
    return b"".join(response.streaming_content).decode()


def test_adding_a_trial_lists_its_references_and_registry_record(
    client, make_trial, make_reference
):
    trial = make_trial(title="Test trial official title")
    # Imported from ClinicalTrials.gov: its title is the registry's official title.
    Trial.objects.filter(pk=trial.pk).update(registry_synced_at=timezone.now())
    make_reference(trial=trial, title="Test listed paper")
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT00000001")
    response = post(client, "add", kind="trial", id=trial.pk, next=trial.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == trial.get_absolute_url()
    page = client.get("/list/").content.decode()
    assert (
        "Test listed paper" in page and "Identifier NCT00000001, Test trial official title" in page
    )
    assert "2 references" in page and "?basket=1&amp;format=bibtex" in page


def test_adding_and_removing_a_single_reference(client, make_trial, make_reference):
    reference = make_reference(trial=make_trial())
    post(client, "add", kind="reference", id=reference.pk)
    assert stored(client) == {"trials": [], "references": [reference.pk]}
    response = post(client, "remove", kind="reference", id=reference.pk)
    assert response["Location"] == "/list/"
    assert stored(client) == {"trials": [], "references": []}


def test_clear_empties_the_list(client, make_trial):
    post(client, "add", kind="trial", id=make_trial().pk)
    post(client, "clear")
    assert stored(client) == {"trials": [], "references": []}
    assert "Your list is empty." in client.get("/list/").content.decode()


def test_the_list_exports_in_every_format(client, make_trial, make_reference):
    post(
        client,
        "add",
        kind="reference",
        id=make_reference(trial=make_trial(), title="Test paper alpha").pk,
    )
    assert [entry["title"] for entry in rispy.loads(export(client))] == ["Test paper alpha"]
    for name in ("bibtex", "csljson", "csv", "vancouver", "apa", "ama"):
        assert "Test paper alpha" in export(client, name)


def test_changes_need_a_csrf_token(make_trial):
    client = Client(enforce_csrf_checks=True)
    trial = make_trial()
    assert post(client, "add", kind="trial", id=trial.pk).status_code == 403
    client.get("/list/")  # sets the CSRF cookie, as the page's form would
    token = client.cookies["csrftoken"].value
    response = post(client, "add", kind="trial", id=trial.pk, csrfmiddlewaretoken=token)
    assert response.status_code == 302 and stored(client)["trials"] == [trial.pk]


def test_a_draft_cannot_be_added(client, make_trial):
    draft = make_trial(status=CurationStatus.DRAFT)
    post(client, "add", kind="trial", id=draft.pk)
    assert stored(client).get("trials", []) == []


def test_a_draft_forced_into_the_session_is_never_shown_or_exported(
    client, make_trial, make_reference
):
    draft = make_trial(status=CurationStatus.DRAFT, title="Test secret draft")
    hidden = make_reference(trial=draft, title="Test secret paper")
    RegistryId.objects.create(trial=draft, registry="ctgov", identifier="NCT00000009")
    session = session_with(trials=(draft.pk,), references=(hidden.pk,))
    client.cookies["sessionid"] = session.session_key
    assert "Test secret" not in client.get("/list/").content.decode()
    for name in ("ris", "csv", "vancouver"):
        assert "Test secret" not in export(client, name) and "NCT00000009" not in export(
            client, name
        )


def test_a_foreign_next_address_is_ignored(client, make_trial):
    trial = make_trial()
    for foreign in ("https://evil.example/", "//evil.example/", "0", "javascript:alert(1)"):
        response = post(client, "add", kind="trial", id=trial.pk, next=foreign)
        assert response["Location"] == "/list/"


def test_bad_changes_are_refused(client):
    assert post(client, "add", kind="trial", id="x").status_code == 400
    assert post(client, "add", kind="trial", id="9" * 30).status_code == 400
    assert post(client, "add", kind="review", id=1).status_code == 400
    assert client.get("/list/add/").status_code == 405


def test_the_list_has_a_limit(rf, make_trial):
    session = session_with(trials=tuple(range(10**6, 10**6 + MAX_ITEMS)))
    assert basket_add(session=session, kind="trials", pk=make_trial().pk) is False


@pytest.mark.parametrize("user", [None, "curator", "superuser"])
def test_the_list_page_is_open_to_everyone(client, curator, user):
    if user == "curator":
        client.force_login(curator)
    elif user == "superuser":
        client.force_login(User.objects.create_superuser("admin", password="a-long-admin-password"))
    assert client.get("/list/").status_code == 200


@pytest.mark.parametrize("count", [3, 300])
def test_the_list_page_query_count_does_not_grow(
    client, make_trial, make_reference, django_assert_max_num_queries, count
):
    from tests.evidence.test_export_view import add_references

    trial = make_trial()
    add_references(trial, count)
    post(client, "add", kind="trial", id=trial.pk)
    with django_assert_max_num_queries(12):  # session, the list (header and page), its records
        page = client.get("/list/").content.decode()
    assert page.count("<li>Test0, Test1. Test reference") == count


def test_trial_actions_offer_to_add_then_to_remove(rf, make_trial):
    trial = make_trial()
    request = rf.get(trial.get_absolute_url())
    request.session = SessionStore()
    html = render_to_string("evidence/includes/trial_actions.html", {"trial": trial}, request)
    assert 'action="/list/add/"' in html and f"?trial={trial.slug}&amp;format=ris" in html
    request.session = session_with(trials=(trial.pk,))
    html = render_to_string("evidence/includes/trial_actions.html", {"trial": trial}, request)
    assert 'action="/list/remove/"' in html and 'name="csrfmiddlewaretoken"' in html


def test_list_downloads_keep_the_filters_and_drop_the_page():
    # The list gives its cleaned filters without the page (tests/trials/test_page_cache.py).
    html = render_to_string(
        "evidence/includes/list_downloads.html", {"export_query": QueryDict("design=rct")}
    )
    assert 'href="/references/export/?design=rct&amp;format=csv"' in html
    assert "page=" not in html


def test_citations_on_the_page_are_escaped_and_their_links_clickable(
    client, make_trial, make_reference
):
    trial = make_trial()
    make_reference(trial=trial, title="Test <script>alert(1)</script> paper")
    RegistryId.objects.create(trial=trial, registry="ctgov", identifier="NCT00000001")
    post(client, "add", kind="trial", id=trial.pk)
    page = client.get("/list/").content.decode()
    assert (
        "<script>alert" not in page and "Test &lt;script&gt;alert(1)&lt;/script&gt; paper" in page
    )
    assert '<a href="https://clinicaltrials.gov/study/NCT00000001"' in page


def test_list_downloads_say_so_when_no_trial_matches(rf):
    request = rf.get("/trials/", {"design": "rct"})
    request.session = SessionStore()
    page = Paginator([], 25).get_page(1)
    html = render_to_string("evidence/includes/list_downloads.html", {"page": page}, request)
    assert "no references to download" in html and "format=ris" not in html


def test_lists_kept_in_sessions_before_move_to_the_table(make_trial):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("evidence.migrations.0013_basket_item")
    trial = make_trial()
    session = SessionStore()
    session["basket"] = {"trials": [trial.pk, trial.pk, "x"], "references": [7]}
    session.create()
    migration.move_lists_out_of_sessions(apps, None)
    migration.move_lists_out_of_sessions(apps, None)  # twice: nothing doubled
    assert basket_contents(session=session) == {"trials": [trial.pk], "references": [7]}
