"""{% condition_pooled_outcomes condition %}: a condition's pooled outcomes on its page.

The trials app never imports evidence; its condition template loads this tag instead.
"""

from django import template

from trials.condition_tree import ConditionTree
from trials.models import Condition

from ..synthesis import syntheses_for_condition
from ..synthesis_views import pooled_displays

register = template.Library()


@register.inclusion_tag("evidence/includes/condition_pooled.html")
def condition_pooled_outcomes(condition: Condition) -> dict:
    """Forest plots of the condition and its narrower conditions (two queries)."""
    descendants = list(ConditionTree.load().descendant_ids([condition.pk]))
    syntheses = syntheses_for_condition(condition, descendants)
    return {
        "condition": condition,
        "displays": pooled_displays(syntheses, id_prefix=f"pooled-{condition.slug}"),
    }
