"""The claims page: published claims with their verdicts and the published records behind them."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from evidence.claims.pooled import claim_syntheses
from evidence.models import Claim, Verdict
from trials.models import OutcomeResult, Trial


@dataclass(frozen=True)
class TrialEvidence:
    """A trial a claim links to (itself, or through its results) with the results linked."""

    trial: Trial
    results: tuple[OutcomeResult, ...]


def trial_evidence(claim: Claim) -> list[TrialEvidence]:
    """The claim's trials in order, each with its linked results; from the prefetched rows."""
    trials: dict[int, Trial] = {trial.pk: trial for trial in claim.trials.all()}
    results: dict[int, list[OutcomeResult]] = {}
    for result in claim.outcome_results.all():
        trials.setdefault(result.trial_id, result.trial)
        results.setdefault(result.trial_id, []).append(result)
    return [TrialEvidence(trial, tuple(results.get(pk, ()))) for pk, trial in trials.items()]


def claim_list(request: HttpRequest) -> HttpResponse:
    """Every published claim, its verdict, its reason and the published records that decide it."""
    claims = list(Claim.objects.for_page())
    pooled = claim_syntheses(claims)
    rows = [(claim, trial_evidence(claim), pooled.get(claim.pk, [])) for claim in claims]
    return render(request, "evidence/claim_list.html", {"claims": rows, "verdicts": Verdict})
