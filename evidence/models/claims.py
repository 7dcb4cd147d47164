"""Claims that clinic articles make about MSC for liver disease, each with a curator's verdict.

A claim is curated data like a trial: the claim in the words clinics use, a verdict from a fixed
scale, the reason in plain words (both languages) and links to the records that decide it. Only
published claims are public, and a published claim shows only the published records it links to.
"""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from trials.models import (
    Condition,
    CurationStatus,
    InterventionClass,
    OutcomeMeasure,
    OutcomeResult,
    Trial,
)
from trials.models.curated import Curated, CuratedQuerySet

from .grading import DesignGroup, TimeWindow
from .reviews import PooledResult, Review


class Verdict(models.TextChoices):
    SUPPORTED = "supported", _("Supported")
    PARTLY = "partly_supported", _("Partly supported")
    NOT_SHOWN = "not_shown", _("Not shown by controlled evidence")
    CONTRADICTED = "contradicted", _("Contradicted")
    NOT_CHECKABLE = "not_checkable", _("Not checkable yet")


CLAIM_TRANSLATED = ("text", "reason")  # evidence/translation.py


class ClaimQuerySet(CuratedQuerySet):
    def for_page(self) -> "ClaimQuerySet":
        """Published claims with only the published records they link to (five queries)."""
        published_trials = Trial.objects.published()
        return self.published().prefetch_related(
            Prefetch("trials", queryset=published_trials.order_by("pk")),
            Prefetch(
                "outcome_results",
                queryset=OutcomeResult.objects.published()
                .select_related("trial", "measure")
                .order_by("trial_id", "pk"),
            ),
            Prefetch(
                "pooled_results",
                queryset=PooledResult.objects.filter(review__status=CurationStatus.PUBLISHED)
                .select_related("review__reference", "measure")
                .order_by("review_id", "pk"),
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.published()
                .select_related("reference")
                .order_by("-reference__year", "pk"),
            ),
            Prefetch("syntheses", queryset=ClaimSynthesis.objects.select_related("measure")),
        )


class Claim(Curated):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order on the claims page (0 first).")
    )
    text = models.CharField(
        _("the claim"),
        max_length=300,
        help_text=_("As clinic articles write it, without quotation marks."),
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict)
    reason = models.TextField(
        _("reason in plain words"),
        help_text=_(
            "For patients: what the linked records show and no more. Every fact here must be in "
            "a record linked below (in Spanish, usted)."
        ),
    )
    trials = models.ManyToManyField(
        Trial, verbose_name=_("trials"), blank=True, related_name="claims"
    )
    outcome_results = models.ManyToManyField(
        OutcomeResult, verbose_name=_("outcome results"), blank=True, related_name="claims"
    )
    pooled_results = models.ManyToManyField(
        PooledResult,
        verbose_name=_("pooled results published in reviews"),
        blank=True,
        related_name="claims",
    )
    reviews = models.ManyToManyField(
        Review, verbose_name=_("reviews"), blank=True, related_name="claims"
    )
    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ClaimSynthesis(models.Model):
    """One of our own pooled results (recomputed from the trials on every page, so named by its
    key, like a curator's certainty rating) that decides a claim; shown with its certainty."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="syntheses"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    condition = models.ForeignKey(
        Condition,
        verbose_name=_("condition"),
        on_delete=models.PROTECT,
        related_name="claim_syntheses",
        help_text=_("The condition whose page shows the pooled result (narrower ones included)."),
    )
    measure = models.ForeignKey(
        OutcomeMeasure,
        verbose_name=_("outcome"),
        on_delete=models.PROTECT,
        related_name="claim_syntheses",
    )
    intervention_class = models.CharField(
        _("cells pooled"), max_length=30, choices=InterventionClass
    )
    window = models.CharField(_("time window"), max_length=20, choices=TimeWindow)
    design_group = models.CharField(
        _("studies pooled"), max_length=20, choices=DesignGroup, default=DesignGroup.RANDOMISED
    )

    class Meta:
        verbose_name = _("our pooled result deciding the claim")
        verbose_name_plural = _("our pooled results deciding the claim")
        ordering = ["claim", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "condition", "measure", "intervention_class", "window"]
                + ["design_group"],
                name="%(app_label)s_%(class)s_once_per_claim",
                violation_error_message=_("This claim already links this pooled result."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.condition} · {self.measure} · {self.intervention_class} · {self.window}"


def claim_unpublished_links(*, claim: Claim) -> list[str]:
    """The records a claim links to that the public cannot see (so its page leaves them out)."""
    hidden = [str(trial) for trial in claim.trials.exclude(status=CurationStatus.PUBLISHED)]
    hidden += [
        str(result)
        for result in claim.outcome_results.exclude(trial__status=CurationStatus.PUBLISHED)
    ]
    hidden += [
        str(pooled)
        for pooled in claim.pooled_results.exclude(review__status=CurationStatus.PUBLISHED)
    ]
    hidden += [str(review) for review in claim.reviews.exclude(status=CurationStatus.PUBLISHED)]
    return hidden
