"""The demo's stored citations are byte for byte what citeproc-py renders now."""

import datetime

import pytest

from evidence.exports import citations
from evidence.exports.records import export_records
from evidence.models import Reference
from trials.models import Trial

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 21)


def test_every_stored_citation_is_what_citeproc_renders_in_every_style_and_language(demo):
    records = export_records(
        trials=Trial.objects.order_by("pk"),
        references=Reference.objects.order_by("pk"),
        published_only=False,
        today=TODAY,
    )
    # The references' (the registry records built from trials cite another day: rendered here)
    stored = [r for r in records if r.stored is not None and not r.stored.of_registry_id]
    assert len(stored) == Reference.objects.count() > 40  # load_demo stored them all
    for style in citations.STYLES:
        for language in citations.LOCALES:
            key = citations.entry_key(style, language)
            # Read, not rendered: each entry's digest is that of the record as it is now.
            assert all(r.stored.entries[key][0] == citations.source_digest(r) for r in stored)
            read = citations.bibliography(records, style=style, language=language, store=False)
            # One citeproc-py bibliography of the whole list, as every export was before.
            fresh = citations.render_entries(records, style=style, language=language)
            by_id = dict(zip([r.id for r in records], fresh, strict=True))
            assert [r.stored.entries[key][1] for r in stored] == [by_id[r.id].text for r in stored]
            # The list: those entries, APA's lettered where two share authors and year (the
            # demo's undated registry records of one sponsor: n.d.-a, n.d.-b ...; citeproc-py
            # itself never letters them). Vancouver and AMA files are unchanged byte for byte.
            assert read == citations.assemble(fresh), (style, language)
            lettered = [text for text, entry in zip(read, fresh, strict=True) if text != entry.text]
            assert (len(lettered) > 0) == (style == "apa"), (style, language)
