"""{% condition_pooled_outcomes condition %}: a condition's pooled outcomes on its page.

The trials app never imports evidence; its condition template loads this tag instead.
"""

from django import template

from evidence.synthesis.certainty import ratings_version
from evidence.synthesis.display import PooledDisplay, pooled_displays
from evidence.synthesis.from_curated import syntheses_for_condition
from trials import page_cache
from trials.condition_tree import ConditionTree
from trials.models import Condition

register = template.Library()


@register.inclusion_tag("evidence/includes/condition_pooled.html", takes_context=True)
def condition_pooled_outcomes(context: template.Context, condition: Condition) -> dict:
    """Forest plots of the condition and its narrower conditions, cached like the page's counts.

    Pooling reads every comparable result of the condition's trials, so the plots are cached
    per data version (trials.page_cache): any change to the data is shown on the next request.
    """
    version = context.get("data_version") or page_cache.data_version()
    version = f"{version}:{ratings_version()}"  # a curator's rating changes the plots too

    def displays() -> list[PooledDisplay]:
        descendants = list(ConditionTree.load().descendant_ids([condition.pk]))
        syntheses = syntheses_for_condition(condition, descendants)
        return pooled_displays(
            syntheses, id_prefix=f"pooled-{condition.slug}", condition_id=condition.pk
        )

    return {
        "condition": condition,
        "displays": page_cache.condition_pooled(version, condition.pk, displays),
    }
