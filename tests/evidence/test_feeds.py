"""Atom change feeds and the sitemap: valid, published material only, in both languages."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
import reversion
from django.urls import reverse
from django.utils import timezone, translation

from trials.models import Trial

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(content: bytes) -> ET.Element:
    root = ET.fromstring(content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        assert entry.findtext(f"{ATOM}id").startswith(("tag:", "http")), "an Atom id is a URI"
    return root


def test_site_feed_is_valid_atom_listing_new_trials(client, make_trial):
    make_trial(short_title="Visible published trial")
    response = client.get(reverse("feed-trials"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse_atom(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    assert titles == ["New trial: Visible published trial"]
    assert not feedparser.parse(response.content).bozo


def test_feeds_never_include_drafts(client, make_trial, make_condition, make_result):
    condition = make_condition("Cirrhosis")
    draft = make_trial(short_title="Hidden draft Qwxyz", status="draft", conditions=[condition])
    make_result(draft, mean=30, sd=3, n=10)
    for url in (reverse("feed-trials"), reverse("feed-condition", args=[condition.slug])):
        assert b"Qwxyz" not in client.get(url).content


def _saved(*rows, days_ago: int = 0) -> None:  # noqa: ANN002
    """Save the rows in one history entry, dated `days_ago` days back."""
    with reversion.create_revision():
        reversion.set_date_created(timezone.now() - datetime.timedelta(days=days_ago))
        for row in rows:
            row.save()


def test_status_change_and_new_outcome_data_appear(client, make_trial, make_result):
    trial = make_trial(short_title="Changing trial", recruitment_status="recruiting")
    _saved(trial, days_ago=3)
    trial.recruitment_status = "completed"
    _saved(trial, make_result(trial, mean=30, sd=3, n=10))
    content = client.get(reverse("feed-trials")).content.decode()
    assert "Status changed to Completed: Changing trial" in content
    assert "Recruitment status was Recruiting." in content
    assert "New outcome data: Changing trial" in content


def test_a_result_added_and_deleted_again_is_not_announced(client, make_trial, make_result):
    trial = make_trial(short_title="Undone trial")
    _saved(trial, days_ago=3)
    result = make_result(trial, mean=30, sd=3, n=10)
    _saved(trial, result)
    result.delete()
    _saved(trial)
    assert "New outcome data" not in client.get(reverse("feed-trials")).content.decode()


def test_a_draft_periods_title_status_and_dates_never_reach_the_feed(client, make_trial):
    trial = make_trial(
        title="Working title Zqdraft",
        short_title="Working short Zqdraft",
        status="draft",
        recruitment_status="not_yet_recruiting",
    )
    _saved(trial, days_ago=9)
    trial.recruitment_status = "withdrawn"
    _saved(trial, days_ago=8)
    trial.title, trial.short_title = "Public title", "Public trial"
    trial.status, trial.recruitment_status = "published", "recruiting"
    _saved(trial, days_ago=2)
    content = client.get(reverse("feed-trials")).content.decode()
    assert "Zqdraft" not in content
    assert "Status changed" not in content and "Withdrawn" not in content
    assert "New trial: Public trial" in content


def test_a_pending_or_unsaved_change_is_not_in_the_feed(client, make_trial):
    trial = make_trial(short_title="Quiet trial", recruitment_status="recruiting")
    _saved(trial, days_ago=3)
    Trial.objects.filter(pk=trial.pk).update(recruitment_status="completed")  # no history entry
    assert "Status changed" not in client.get(reverse("feed-trials")).content.decode()


def test_a_control_character_in_a_title_does_not_break_the_feed(client, make_trial):
    make_trial(short_title="Vertical\x0btab trial")
    response = client.get(reverse("feed-trials"))
    assert response.status_code == 200
    root = parse_atom(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    assert titles == ["New trial: Verticaltab trial"]


def test_condition_feed_covers_narrower_conditions(client, make_trial, make_condition):
    cirrhosis = make_condition("Cirrhosis")
    decompensated = make_condition("Decompensated cirrhosis", parent=cirrhosis)
    make_trial(short_title="Narrower condition trial", conditions=[decompensated])
    make_trial(short_title="Other condition trial")
    content = client.get(reverse("feed-condition", args=[cirrhosis.slug])).content.decode()
    assert "Narrower condition trial" in content
    assert "Other condition trial" not in content


def test_unknown_condition_feed_is_404(client):
    assert client.get(reverse("feed-condition", args=["no-such-condition"])).status_code == 404


def test_feed_query_count_does_not_grow(client, make_trial, django_assert_max_num_queries):
    for _ in range(25):
        make_trial()
    with django_assert_max_num_queries(8):
        client.get(reverse("feed-trials"))


def test_sitemap_lists_published_pages_in_both_languages(client, make_trial):
    shown = make_trial()
    hidden = make_trial(status="draft")
    content = client.get("/sitemap.xml").content.decode()
    assert f"/trials/{shown.slug}/" in content
    assert f"/es/trials/{shown.slug}/" in content
    assert f"/trials/{hidden.slug}/" not in content


def test_spanish_feed_names_trials_in_spanish_and_notes_english_text(client, make_trial):
    make_trial(short_title="Test trial in English only", plain_summary="Synthetic summary.")
    translated = make_trial(short_title="Translated test trial")
    translated.short_title_es = "Ensayo de prueba traducido"
    translated.save()
    with translation.override("es"):
        url = reverse("feed-trials")
    root = parse_atom(client.get(url).content)
    entries = {e.findtext(f"{ATOM}title"): e for e in root.findall(f"{ATOM}entry")}
    note = "(Este texto aún no está traducido; se muestra en inglés.)"
    assert "Nuevo ensayo: Ensayo de prueba traducido" in entries
    assert f"Nuevo ensayo: Test trial in English only {note}" in entries
    summary = entries[f"Nuevo ensayo: Test trial in English only {note}"]
    assert summary.findtext(f"{ATOM}summary") == f"Synthetic summary. {note}"
