"""{% condition_key_messages condition %} and {% condition_pooled_outcomes condition %}: what the
evidence says at the top of a condition's page, and its pooled outcomes with the summary of
findings further down; {% condition_reviews condition %}: the published reviews of it, with what
they found.

The trials app never imports evidence; its condition template loads these tags instead.
"""

from django import template
from django.db.models import Prefetch, QuerySet

from evidence.models import PooledResult, Review
from evidence.synthesis.certainty import ratings_version
from evidence.synthesis.display import PooledDisplay, outcome_phrase, pooled_displays
from evidence.synthesis.stored import syntheses_for_condition
from evidence.synthesis.summary import (
    ConditionFacts,
    ResultLine,
    includes_no_effect,
    key_messages,
)
from trials import page_cache
from trials.condition_tree import ConditionTree
from trials.models import INTERVENTION_CLASS_SHORT, Condition, MeasureKind, Trial
from trials.templatetags.curated_text import curated_value, untranslated_note

register = template.Library()

AGAINST_MEASURES = 4  # measures named in "found no clear difference in ..."


def _version(context: template.Context) -> str:
    """The data version and the ratings' version, read once per page (both tags use it)."""
    kept = context.render_context.get("evidence_version")
    if kept is None:
        version = context.get("data_version") or page_cache.data_version()
        kept = f"{version}:{ratings_version()}"  # a curator's rating changes the plots too
        context.render_context["evidence_version"] = kept
    return kept


def _descendants(context: template.Context, condition: Condition) -> list[int]:
    """The condition and its narrower ones (one read of the tree per page)."""
    key = f"evidence_descendants_{condition.pk}"
    if key not in context.render_context:
        tree = context.get("condition_tree") or ConditionTree.load()
        context.render_context[key] = list(tree.descendant_ids([condition.pk]))
    return context.render_context[key]


def _displays(context: template.Context, condition: Condition) -> list[PooledDisplay]:
    """The condition's pooled results (narrower conditions included), cached per data version."""

    def compute() -> list[PooledDisplay]:
        descendants = _descendants(context, condition)
        syntheses = syntheses_for_condition(descendants)
        return pooled_displays(
            syntheses, id_prefix=f"pooled-{condition.slug}", condition_id=condition.pk
        )

    return page_cache.condition_pooled(_version(context), condition.pk, compute)


@register.inclusion_tag("evidence/includes/condition_pooled.html", takes_context=True)
def condition_pooled_outcomes(context: template.Context, condition: Condition) -> dict:
    """Forest plots and the summary of findings of the condition and its narrower conditions.

    Pooling reads every comparable result of the condition's trials, so the plots are cached
    per data version (trials.page_cache): any change to the data is shown on the next request.
    """
    return {"condition": condition, "displays": _displays(context, condition)}


def _reviews(trials: QuerySet[Trial]) -> tuple[int, tuple[tuple[str, int], ...]]:
    """How many published reviews include these trials, and the measures for which they found
    no clear difference (a published 95% interval that includes no effect), clinical events
    first: (measure, reviews). Two queries."""
    reviews = (
        Review.objects.published()
        .filter(trials__in=trials.values("pk"))
        .distinct()
        .prefetch_related(
            Prefetch(
                "pooled_results",
                queryset=PooledResult.objects.filter(ci_low__isnull=False, ci_high__isnull=False)
                .select_related("measure")
                .order_by("pk"),
            )
        )
    )
    by_measure: dict[int, set[int]] = {}
    measures = {}
    count = 0
    for review in reviews:
        count += 1
        for result in review.pooled_results.all():
            if includes_no_effect(result.effect_measure, result.ci_low, result.ci_high):
                by_measure.setdefault(result.measure_id, set()).add(review.pk)
                measures[result.measure_id] = result.measure
    clinical = (MeasureKind.BINARY, MeasureKind.TIME_TO_EVENT)
    ordered = sorted(
        by_measure,
        key=lambda pk: (measures[pk].kind not in clinical, -len(by_measure[pk]), measures[pk].name),
    )
    return count, tuple(
        (outcome_phrase(measures[pk].name), len(by_measure[pk]))
        for pk in ordered[:AGAINST_MEASURES]
    )


@register.inclusion_tag("evidence/includes/key_messages.html", takes_context=True)
def condition_key_messages(context: template.Context, condition: Condition) -> dict:
    """Three to five plain sentences from the data, then the curated questions to ask."""
    version = _version(context)
    classes = context.get("class_counts") or {}

    def compute() -> tuple[list[str], int]:
        trials = Trial.objects.published().in_conditions(_descendants(context, condition))
        # The condition page counts from the facet bitsets (trials.condition_counts).
        counts = context.get("key_counts") or trials.key_counts()
        reviews, no_difference = _reviews(trials) if counts["trials"] else (0, ())
        facts = ConditionFacts(
            **counts,
            classes=tuple(
                (str(name), classes[value])
                for value, name in INTERVENTION_CLASS_SHORT.items()
                if classes.get(value)
            ),
            reviews=reviews,
            no_difference=no_difference,
        )
        results = [
            ResultLine(
                outcome=outcome_phrase(display.synthesis.measure.name),
                participants=display.synthesis.participants,
                certainty=display.grade.certainty,
                statement=display.statement,
                studies=display.synthesis.k,
            )
            for display in _displays(context, condition)
        ]
        return key_messages(facts, results), reviews

    text, is_fallback = curated_value(condition, "questions")
    messages, reviews = page_cache.condition_key_messages(version, condition.pk, compute)
    return {
        "condition": condition,
        "messages": messages,
        "reviews": reviews,
        "questions": [line.strip() for line in text.splitlines() if line.strip()],
        "questions_in_english": is_fallback,
        "untranslated_note": untranslated_note() if is_fallback else "",
    }


@register.inclusion_tag("evidence/includes/condition_reviews.html", takes_context=True)
def condition_reviews(context: template.Context, condition: Condition) -> dict:
    """The published reviews of this condition, of a broader or narrower one, or that included
    one of its trials, each with its findings in plain words (what speaks against the treatment
    too). Cached per data version like the pooled outcomes: one query on a miss, none on a hit
    (the page gives the related conditions; the trials are a subquery)."""
    version = context.get("data_version") or page_cache.data_version()
    descendants = context.get("descendant_ids")
    ancestors = [ancestor.pk for ancestor in context.get("ancestors", [])]

    def reviews() -> list[Review]:
        below = descendants
        if below is None:  # used outside the condition page: work the tree out here
            below = sorted(ConditionTree.load().descendant_ids([condition.pk]))
        trials = Trial.objects.published().in_conditions(below)
        related = [*below, *ancestors]
        return list(Review.objects.for_conditions(related_ids=related, trials=trials))

    return {
        "condition": condition,
        "reviews": page_cache.condition_reviews(version, condition.pk, reviews),
    }
