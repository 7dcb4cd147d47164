"""The /evidence/ page: published reviews beside our recomputation, then our own pooled results.

Reads happen in three queries whatever the number of reviews, trials or results: the published
reviews (with their references, authors, pooled results and included studies, prefetched), the
comparable per-arm results of every published trial, and the condition tree with its trial links.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from evidence.models import (
    IncludedListState,
    IncludedStudy,
    IncludedSummary,
    PooledResult,
    Review,
    included_summary,
)
from evidence.synthesis.certainty import GradingInputs, grading_inputs
from evidence.synthesis.display import (
    PooledDisplay,
    estimate_text,
    pooled_display,
    pooled_displays,
)
from evidence.synthesis.from_curated import (
    Synthesis,
    Window,
    comparable_results,
    syntheses_from,
    window_for,
)
from evidence.synthesis.reproduction import REPRODUCE_TOLERANCE, Verdict, recompute
from trials.condition_tree import ConditionTree
from trials.formatting import fixed_number, weeks_label
from trials.models import OutcomeResult, Trial
from trials.templatetags.curated_text import curated_html


@dataclass(frozen=True)
class PublishedLine:
    """A published pooled result beside our recomputation and the verdict."""

    published: PooledResult
    window: Window | None
    verdict: Verdict
    ours: Synthesis | None
    display: PooledDisplay | None

    @property
    def time(self) -> SafeString:
        """The time as the review reported it (in the reader's language), else in weeks."""
        if label := curated_html(self.published, "timepoint_label"):
            return label
        weeks = self.published.timepoint_weeks
        return conditional_escape(weeks_label(weeks)) if weeks else SafeString("")

    @property
    def published_estimate(self) -> str:
        p = self.published
        if p.estimate is None:
            return ""
        if p.ci_low is None or p.ci_high is None:
            return fixed_number(p.estimate)
        return estimate_text(p.estimate, p.ci_low, p.ci_high)

    @property
    def our_estimate(self) -> str:
        if self.ours is None or self.ours.summary is None:
            return ""
        s = self.ours.summary
        return estimate_text(s.estimate, s.ci_low, s.ci_high)

    @property
    def badge_class(self) -> str:
        return self.verdict.badge.replace(" ", "-")


def reviews_for_overview() -> QuerySet[Review]:
    """Published reviews with what the page shows prefetched (a constant number of queries)."""
    return (
        Review.objects.published()
        .select_related("reference", "reference__stored_citation")
        .prefetch_related(
            "reference__authors",
            Prefetch("pooled_results", queryset=PooledResult.objects.select_related("measure")),
            # The included studies with their trials: what we may say we hold comes from them.
            Prefetch(
                "included_studies",
                queryset=IncludedStudy.objects.select_related("trial"),
            ),
        )
    )


def review_lines(
    review: Review,
    included: IncludedSummary,
    by_trial: dict[int, list[OutcomeResult]],
    inputs: GradingInputs,
) -> list[PublishedLine]:
    """Each published pooled result of a review with our recomputation from the trials its list
    of included studies names (none while that list has not been extracted); the
    recomputation's certainty is the software's suggestion only (nobody rates it)."""
    results = [result for trial in included.held for result in by_trial[trial.pk]]
    complete = included.state == IncludedListState.COMPLETE
    lines = []
    for published in review.pooled_results.all():
        ours, verdict = recompute(
            published, results, trials_held=included.held_count, list_complete=complete
        )
        display = None
        if ours is not None and ours.studies:
            display = pooled_display(ours, id_prefix=f"recomputed-{published.pk}", inputs=inputs)
        lines.append(
            PublishedLine(published, window_for(published.timepoint_weeks), verdict, ours, display)
        )
    return lines


def condition_sections(
    results: list[OutcomeResult],
    inputs: GradingInputs | None = None,
    tree: ConditionTree | None = None,
) -> list[tuple[object, list[PooledDisplay]]]:
    """For each top-level condition with data: its pooled results (narrower conditions included),
    graded with that condition's ratings."""
    tree = tree or ConditionTree.load()
    if inputs is None:
        inputs = grading_inputs(
            {result.trial_id for result in results},
            condition_ids=[condition.pk for condition in tree.children.get(None, [])],
        )
    through = Trial.conditions.through
    pairs = through.objects.filter(
        trial__in=Trial.objects.published(), condition_id__in=list(tree.by_id)
    ).values_list("trial_id", "condition_id")
    conditions_of: dict[int, set[int]] = defaultdict(set)
    for trial_id, condition_id in pairs:
        conditions_of[trial_id].add(condition_id)
    sections = []
    for condition in tree.children.get(None, []):
        ids = tree.descendant_ids([condition.pk])
        mine = [result for result in results if conditions_of[result.trial_id] & ids]
        displays = pooled_displays(
            syntheses_from(mine),
            id_prefix=f"pooled-{condition.slug}",
            condition_id=condition.pk,
            inputs=inputs,
        )
        if displays:
            sections.append((condition, displays))
    return sections


def overview(request: HttpRequest) -> HttpResponse:
    """Published reviews beside our recomputation, then our own pooled results per condition."""
    results = list(comparable_results(Trial.objects.published()))
    by_trial: dict[int, list[OutcomeResult]] = defaultdict(list)
    for result in results:
        by_trial[result.trial_id].append(result)
    tree = ConditionTree.load()
    inputs = grading_inputs(
        by_trial, condition_ids=[condition.pk for condition in tree.children.get(None, [])]
    )
    reviews = []
    for review in reviews_for_overview():
        included = included_summary(review)
        reviews.append((review, included, review_lines(review, included, by_trial, inputs)))
    context = {
        "reviews": reviews,
        "sections": condition_sections(results, inputs, tree),
        "tolerance_percent": round(REPRODUCE_TOLERANCE * 100),
    }
    return render(request, "evidence/overview.html", context)
