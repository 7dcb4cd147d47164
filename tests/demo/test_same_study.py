"""The demo same-study links: loaded between trials the data holds, every source well-formed, and
every number of a reason printed by one of its sources."""

import json
import re

import pytest

from evidence.demo.load import DEMO_DATA_DIR
from trials.models import SameStudyLink

from .test_provenance import _provenance_problems

pytestmark = pytest.mark.django_db

LINKS = json.loads((DEMO_DATA_DIR / "same_study.json").read_text(encoding="utf-8"))["links"]
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def test_every_demo_link_is_loaded(demo):
    loaded = set(SameStudyLink.objects.values_list("kept_trial__slug", "other_trial__slug"))
    assert loaded == {(link["kept_trial"], link["other_trial"]) for link in LINKS}
    assert loaded  # Shi 2021 and Zhang 2012


def test_every_link_has_well_formed_sources():
    assert [problem for link in LINKS for problem in _provenance_problems(link["sources"])] == []


def test_every_number_of_a_reason_is_printed_by_its_sources():
    problems = []
    for link in LINKS:
        printed = " ".join(f"{s['url']} {s['quote']}" for s in link["sources"])
        for field in ("reason", "reason_es", "kept_reason", "kept_reason_es"):
            problems += [
                f"{link['other_trial']} {field}: {number}"
                for number in NUMBER.findall(link[field])
                if number not in printed
            ]
    assert problems == []


def test_the_flag_shows_on_both_demo_trial_pages(client, demo):
    for link in LINKS:
        for slug, partner in (
            (link["kept_trial"], link["other_trial"]),
            (link["other_trial"], link["kept_trial"]),
        ):
            for prefix in ("", "/es"):
                html = client.get(f"{prefix}/trials/{slug}/").content.decode()
                assert f'id="same-study-{partner}"' in html
