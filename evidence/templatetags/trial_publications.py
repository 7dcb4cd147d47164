"""{% trials_result_papers trials %}: the papers reporting these trials' results (condition pages).

The trials app never imports evidence; its condition template loads this tag instead.
"""

from collections.abc import Iterable

from django import template

from evidence.models import TrialReference
from trials.models import Trial

register = template.Library()


@register.inclusion_tag("evidence/includes/result_papers.html")
def trials_result_papers(trials: Iterable[Trial]) -> dict:
    """The primary and long-term papers of the trials, newest first (two queries)."""
    links = (
        TrialReference.objects.filter(trial__in=[trial.pk for trial in trials])
        .reporting_results()
        .select_related("reference", "reference__stored_citation", "trial")
        .prefetch_related("reference__authors")
        .order_by("-reference__year", "pk")
    )
    return {"links": links}
