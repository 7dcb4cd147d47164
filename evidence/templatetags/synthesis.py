"""{% condition_pooled_outcomes condition %}: a condition's pooled outcomes on its page.

The trials app never imports evidence; its condition template loads this tag instead.
"""

from django import template
from django.core.cache import cache
from django.utils.translation import get_language

from evidence.synthesis.display import PooledDisplay, pooled_displays
from evidence.synthesis.from_curated import syntheses_for_condition
from trials.condition_tree import ConditionTree
from trials.facets import CACHE_SECONDS, data_version
from trials.models import Condition

register = template.Library()


@register.inclusion_tag("evidence/includes/condition_pooled.html", takes_context=True)
def condition_pooled_outcomes(context: template.Context, condition: Condition) -> dict:
    """Forest plots of the condition and its narrower conditions, cached like the page's counts.

    Pooling reads every comparable result of the condition's trials, so the rendered plots are
    kept until a trial (or one of its results) is saved, or CACHE_SECONDS pass.
    """
    version = context.get("data_version") or data_version()
    key = f"evidence:condition-pooled:{version}:{condition.pk}:{get_language()}"

    def displays() -> list[PooledDisplay]:
        descendants = list(ConditionTree.load().descendant_ids([condition.pk]))
        syntheses = syntheses_for_condition(condition, descendants)
        return pooled_displays(syntheses, id_prefix=f"pooled-{condition.slug}")

    return {"condition": condition, "displays": cache.get_or_set(key, displays, CACHE_SECONDS)}
