"""Every value the demo data holds only from another review's table is marked wherever shown."""

import csv
import io
import json
import re

import pytest
import rispy

from evidence.demo.load import DEMO_DATA_DIR
from trials.models import Arm, Trial

pytestmark = pytest.mark.django_db
MARKER = 'class="unverified"'
BLOCK = re.compile(r'<div data-fields="([^"]+)">(.*?)</div>', re.DOTALL)


def demo_trials() -> list[dict]:
    return json.loads((DEMO_DATA_DIR / "liver_msc_evidence.json").read_text())["trials"]


def is_shown(instance: Trial | Arm, name: str) -> bool:
    """Whether the field holds a value (an empty one is not displayed, so needs no marker)."""
    value = getattr(instance, name)
    if hasattr(value, "exists"):
        return value.exists()
    return value not in (None, "", [])


def marked_fields(html: str) -> dict[str, bool]:
    """Field name -> whether the block that displays it carries the unverified marker."""
    found: dict[str, bool] = {}
    for names, content in BLOCK.findall(html):
        for name in names.split():
            found[name] = found.get(name, False) or MARKER in content
    return found


def arm_html(html: str, arm: Arm) -> str:
    start = html.index(f'data-arm="{arm.pk}"')
    return html[start : html.index("</dl>", start)]


def test_every_secondary_only_field_is_marked_on_its_trial_page(trial_pages):
    checked = 0
    for item in demo_trials():
        trial = Trial.objects.get(slug=item["slug"])
        html = trial_pages[trial.slug][1]
        facts = html[html.index('id="facts-heading"') : html.index('id="arms-heading"')]
        for name in item["unverified_fields"]:
            if is_shown(trial, name):
                assert marked_fields(facts).get(name), (trial.slug, name)
                checked += 1
        for arm_item in item["arms"]:
            arm = trial.arms.get(position=arm_item["position"])
            for name in arm_item["unverified_fields"]:
                if is_shown(arm, name):
                    assert marked_fields(arm_html(html, arm)).get(name), (trial.slug, arm, name)
                    checked += 1
    assert checked >= 40  # the demo data holds about 50 such values; every one shown is walked


def test_every_secondary_only_field_is_marked_in_the_spanish_page_too(client, demo):
    trial = Trial.objects.get(slug="nct03945487-uc-msc-decompensated-cirrhosis")
    html = client.get(f"/es{trial.get_absolute_url()}").content.decode()
    facts = html[html.index('id="facts-heading"') : html.index('id="arms-heading"')]
    assert all(marked_fields(facts)[name] for name in ("masking", "countries", "enrollment"))
    assert "no verificado" in facts


def test_list_rows_mark_unverified_country_enrollment_and_arms(client, demo):
    html = client.get("/trials/", {"q": "NCT03945487"}).content.decode()
    row = html[html.index('<article class="result"') :]
    row = row[: row.index("</article>")]
    marked = marked_fields(row)
    assert marked["countries"] and marked["enrollment"] and marked["route"]
    assert not marked["cell_source"]


def test_exports_note_the_unverified_values_and_a_title_we_wrote(client, demo):
    csv_text = b"".join(
        client.get("/references/export/", {"format": "csv", "q": "NCT03945487"}).streaming_content
    ).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(csv_text)))
    assert "unverified, only in another review's table: blinding, country" in row["Notes"]
    # A registry id without a registry-record reference: the record built from the trial.
    ris = b"".join(
        client.get(
            "/references/export/", {"format": "ris", "q": "ChiCTR-ONRC-12001892"}
        ).streaming_content
    ).decode()
    (record,) = rispy.loads(ris)
    assert any("the title is written by us" in note for note in record["notes"])
    # Where the registry's own record is held, it is cited by the registry's title instead.
    ris = b"".join(
        client.get("/references/export/", {"format": "ris", "q": "NCT01724398"}).streaming_content
    ).decode()
    (record,) = rispy.loads(ris)
    assert record["title"].startswith("Umbilical Cord Mesenchymal Stem Cells Transplantation")
