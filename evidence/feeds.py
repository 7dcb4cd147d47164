"""Atom feeds of what changed: new trials, status changes, new outcome data, pooled results."""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Count, F, Max, QuerySet, Window
from django.db.models.functions import Lag, TruncDate
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.condition_tree import ConditionTree
from trials.models import Condition, CurationStatus, OutcomeResult, RecruitmentStatus, Trial
from trials.templatetags.curated_text import curated_plain, untranslated_note

from .models import PooledResult, Review

FEED_LENGTH = 30


@dataclass(frozen=True)
class ChangeEvent:
    """One entry of a change feed."""

    guid: str
    at: datetime.datetime
    title: str
    description: str
    link: str


def _status_label(value: str | None) -> str:
    return (
        str(RecruitmentStatus(value).label) if value in RecruitmentStatus.values else _("unknown")
    )


def _named(obj: Trial | Review | None, fallback: str) -> str:
    """A trial's or review's short title in the reader's language (the English with the note
    when it is not translated), else the official title."""
    if obj is None or not (getattr(obj, "short_title_en", "") or "").strip():
        return fallback
    return curated_plain(obj, "short_title")


def _summary(trial: Trial, length: int = 500) -> str:
    text = curated_plain(trial, "plain_summary")
    note = f" ({untranslated_note()})"
    if text.endswith(note):  # keep the note whole however long the English is
        return text[: -len(note)][:length] + note
    return text[:length]


def change_events(trials: QuerySet[Trial], *, limit: int = FEED_LENGTH) -> list[ChangeEvent]:
    """The latest changes to the given trials, newest first (six queries whatever the length)."""
    trials = trials.filter(status=CurationStatus.PUBLISHED)
    events: list[ChangeEvent] = []
    for trial in trials.exclude(published_at=None).order_by("-published_at")[:limit]:
        events.append(
            ChangeEvent(
                guid=f"trial-published-{trial.pk}",
                at=trial.published_at,
                title=_("New trial: %(title)s") % {"title": _named(trial, trial.title)},
                description=_summary(trial),
                link=trial.get_absolute_url(),
            )
        )
    # Only rows saved while the trial was published: a draft period's title, status and dates
    # never reach the public, and a status is compared with the previous published one.
    history = Trial.history.filter(
        id__in=trials.values("pk"), status=CurationStatus.PUBLISHED
    ).annotate(
        previous_status=Window(
            Lag("recruitment_status"), partition_by=[F("id")], order_by=F("history_date").asc()
        )
    )
    changes = [
        row
        for row in history.values(
            "history_id",
            "id",
            "slug",
            "title",
            "history_date",
            "recruitment_status",
            "previous_status",
        ).order_by("-history_date")
        if row["previous_status"] is not None
        and row["previous_status"] != row["recruitment_status"]
    ][:limit]
    added = list(
        OutcomeResult.history.filter(
            history_type="+",
            trial_id__in=trials.values("pk"),
            history_date__gte=F("trial__published_at"),  # data entered before publication
        )
        .annotate(day=TruncDate("history_date"))
        .values("trial_id", "day", "trial__slug", "trial__title")
        .annotate(results=Count("history_id"), latest=Max("history_date"))
        .order_by("-latest")[:limit]
    )
    # The history keeps the English columns only: the names come from the trials themselves.
    named = Trial.objects.in_bulk({row["id"] for row in changes} | {r["trial_id"] for r in added})
    for row in changes:
        events.append(
            ChangeEvent(
                guid=f"trial-status-{row['history_id']}",
                at=row["history_date"],
                title=_("Status changed to %(status)s: %(title)s")
                % {
                    "status": _status_label(row["recruitment_status"]),
                    "title": _named(named.get(row["id"]), row["title"]),
                },
                description=_("Recruitment status was %(before)s.")
                % {"before": _status_label(row["previous_status"])},
                link=reverse("trials:detail", kwargs={"slug": row["slug"]}),
            )
        )
    for row in added:
        events.append(
            ChangeEvent(
                guid=f"outcomes-{row['trial_id']}-{row['day']}",
                at=row["latest"],
                title=_("New outcome data: %(title)s")
                % {"title": _named(named.get(row["trial_id"]), row["trial__title"])},
                description=ngettext(
                    "%(count)d outcome result was added.",
                    "%(count)d outcome results were added.",
                    row["results"],
                )
                % {"count": row["results"]},
                link=reverse("trials:detail", kwargs={"slug": row["trial__slug"]}),
            )
        )
    pooled = list(
        PooledResult.history.filter(
            review__status=CurationStatus.PUBLISHED, review__trials__in=trials.values("pk")
        )
        .annotate(day=TruncDate("history_date"))
        .values("review_id", "day", "review__short_title")
        .annotate(latest=Max("history_date"))
        .order_by("-latest")[:limit]
    )
    reviews = Review.objects.in_bulk({row["review_id"] for row in pooled})
    for row in pooled:
        events.append(
            ChangeEvent(
                guid=f"pooled-{row['review_id']}-{row['day']}",
                at=row["latest"],
                title=_("Pooled results changed: %(title)s")
                % {"title": _named(reviews.get(row["review_id"]), row["review__short_title"])},
                description=_("A review's published pooled results were added or corrected."),
                link=reverse("evidence:overview") + f"#review-{row['review_id']}",
            )
        )
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:limit]


class TrialChangesFeed(Feed):
    """What changed across all published trials."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Liver MSC Evidence: what changed")

    def subtitle(self) -> str:
        return _("New published trials, status changes, new outcome data and pooled results.")

    def link(self) -> str:
        return reverse("trials:list")

    def items(self) -> list[ChangeEvent]:
        return change_events(Trial.objects.all())

    def item_title(self, item: ChangeEvent) -> str:
        return item.title

    def item_description(self, item: ChangeEvent) -> str:
        return item.description

    def item_link(self, item: ChangeEvent) -> str:
        return item.link

    def item_guid(self, item: ChangeEvent) -> str:
        # Atom ids must be URIs; a tag URI (RFC 4151) stays stable whatever host serves the feed.
        return f"tag:liver-msc-evidence,2026:{item.guid}"

    item_guid_is_permalink = False

    def item_updateddate(self, item: ChangeEvent) -> datetime.datetime:
        return item.at

    def item_pubdate(self, item: ChangeEvent) -> datetime.datetime:
        return item.at


class ConditionChangesFeed(TrialChangesFeed):
    """What changed in the published trials of one condition and its narrower conditions."""

    def get_object(self, request: HttpRequest, slug: str) -> Condition:
        return get_object_or_404(Condition.objects.active(), slug=slug)

    def title(self, condition: Condition) -> str:
        return _("Liver MSC Evidence: what changed in %(condition)s") % {"condition": condition}

    def link(self, condition: Condition) -> str:
        return reverse("trials:condition", kwargs={"slug": condition.slug})

    def items(self, condition: Condition) -> list[ChangeEvent]:
        ids = ConditionTree.load().descendant_ids([condition.pk])
        return change_events(Trial.objects.in_conditions(ids))
