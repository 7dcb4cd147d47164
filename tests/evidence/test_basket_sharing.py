"""The list to take away: a read-only link (/list/<token>/), e-mail as a mailto: link, print."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from evidence.basket.sharing import MAILTO_BUDGET, mailto_link
from evidence.models import SharedList
from trials.models import CurationStatus

pytestmark = pytest.mark.django_db


def shared_link(client: Client, *trials) -> str:  # noqa: ANN002
    for trial in trials:
        client.post("/list/add/", {"kind": "trial", "id": trial.pk})
    response = client.post("/list/share/")
    assert response.status_code == 302
    page = client.get("/list/").content.decode()
    match = re.search(r'id="share-url"[^>]*value="http://testserver(/list/[\w-]+/)"', page)
    assert match, "the list shows its link"
    return match.group(1)


def test_a_shared_list_is_readable_by_anyone_and_read_only(client, make_trial, make_reference):
    trial = make_trial(short_title="Test shared trial")
    make_reference(trial=trial, title="Test shared paper")
    link = shared_link(client, trial)
    response = Client().get(link)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Test shared trial" in page and "Test shared paper" in page
    assert "/list/remove/" not in page and "/list/clear/" not in page
    assert '<meta name="robots" content="noindex">' in page


def test_the_token_is_unguessable_and_one_per_list(client, make_trial):
    trial = make_trial()
    link = shared_link(client, trial)
    assert shared_link(client) == link  # sharing again keeps the same link
    other = shared_link(Client(), trial)
    assert other != link
    assert all(len(token) >= 22 for token in SharedList.objects.values_list("token", flat=True))


def test_clearing_the_list_ends_the_link(client, make_trial):
    link = shared_link(client, make_trial())
    client.post("/list/clear/")
    assert Client().get(link).status_code == 404
    assert not SharedList.objects.exists()


def test_a_shared_list_shows_only_published_items(client, make_trial):
    shown, withdrawn = make_trial(short_title="Test kept"), make_trial(short_title="Test withdrawn")
    link = shared_link(client, shown, withdrawn)
    withdrawn.status = CurationStatus.DRAFT
    withdrawn.save()
    page = Client().get(link).content.decode()
    assert "Test kept" in page and "Test withdrawn" not in page


def test_unknown_token_and_empty_list_are_not_found(client, make_trial):
    assert client.get("/list/AAAAAAAAAAAAAAAAAAAAAA/").status_code == 404
    response = client.post("/list/share/", follow=True)
    assert "nothing to share yet" in response.content.decode()
    assert not SharedList.objects.exists()


def test_shared_list_in_spanish(client, make_trial):
    link = shared_link(client, make_trial())
    page = Client().get("/es" + link).content.decode()
    assert "Una lista de referencias compartida" in page and 'lang="es"' in page


def mail_parts(page: str) -> tuple[str, str]:
    href = re.search(r'href="(mailto:[^"]+)"', page).group(1).replace("&amp;", "&")
    query = parse_qs(urlsplit(href).query)
    return query["subject"][0], query["body"][0]


def test_email_this_list_carries_date_citations_link_and_caveats(
    client, make_trial, make_reference
):
    trial = make_trial()
    make_reference(trial=trial, title="Test mailed paper", doi="10.1000/test.mail")
    link = shared_link(client, trial)
    subject, body = mail_parts(client.get("/list/").content.decode())
    assert "my list of" in subject
    assert "1. " in body and "Test mailed paper" in body and "10.1000/test.mail" in body
    assert f"http://testserver{link}" in body
    assert "not medical advice" in body and "experimental" in body


def test_a_long_list_is_cut_to_fit_a_mailto_link_and_says_so():
    citations = [f"Test citation number {number} " + "x" * 200 for number in range(1, 30)]
    more = "%(count)s more"
    href = mailto_link(subject="s", lines=["head", "tail"], citations=citations, more=more)
    body = parse_qs(urlsplit(href).query)["body"][0]
    assert len(href) <= MAILTO_BUDGET
    shown = body.count("Test citation number")
    assert 0 < shown < 29 and f"{29 - shown} more" in body
    assert body.startswith("head") and body.endswith("tail")


def test_print_button_is_an_enhancement_and_the_print_keeps_date_and_caveats(client, make_trial):
    client.post("/list/add/", {"kind": "trial", "id": make_trial().pk})
    page = client.get("/list/").content.decode()
    assert '<button type="button" class="print-button" data-print hidden>' in page
    assert "List made on" in page and 'class="caveats"' in page
