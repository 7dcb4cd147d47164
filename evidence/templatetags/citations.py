"""{% reference_citation reference %}: a reference cited in Vancouver style by the CSL engine
that renders the exports (citeproc-py), so a page never contradicts its own downloads.

The trials app never imports evidence; its citation partial loads this tag instead.
"""

from django import template
from django.utils.translation import get_language

from evidence.exports import citations
from evidence.exports.records import record_from_reference
from evidence.models import Reference

register = template.Library()


@register.simple_tag
def reference_citation(reference: Reference) -> str:
    """The reference's Vancouver entry in the page's language (plain text; the template
    escapes it). Its authors should be prefetched and its stored citations selected with it;
    an entry not stored yet is rendered, not stored (a page never writes)."""
    record = record_from_reference(reference)
    language = (get_language() or "en").split("-")[0]
    (entry,) = citations.bibliography([record], style="vancouver", language=language, store=False)
    return entry
