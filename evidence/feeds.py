"""Atom feeds of what changed: new trials, status changes, new outcome data, pooled results."""

import datetime
import json
import re
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reversion.models import Version

from trials.condition_tree import ConditionTree
from trials.models import Condition, CurationStatus, OutcomeResult, RecruitmentStatus, Trial
from trials.templatetags.curated_text import curated_plain, untranslated_note

from .models import PooledResult, Review

FEED_LENGTH = 30
# How many of the latest history entries the feed reads for status and outcome changes.
HISTORY_WINDOW = 500

# Characters XML 1.0 cannot carry (a curator may paste one): left out of the feed, not a 500.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """The text without the control characters XML 1.0 refuses."""
    return _NOT_IN_XML.sub("", text)


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


@dataclass
class _PublicState:
    """A root record (trial or review) as the public saw it after one revision."""

    at: datetime.datetime
    fields: dict
    rows: dict[str, str]  # each row's id → its recorded data


def _public_states(
    model: type[Trial] | type[Review], ids: QuerySet, row_model: type, window: int
) -> dict[int, list[_PublicState]]:
    """Each record's published states, oldest first, from its latest `window` history entries
    across all records (two queries). A state saved while the record was a draft is left out:
    it was never public."""
    roots = list(
        Version.objects.get_for_model(model)
        .filter(object_id__in=ids.annotate(key=Cast("pk", CharField())).values("key"))
        .select_related("revision")
        .order_by("-revision__date_created", "-pk")[:window]
    )
    rows_by_revision: dict[int, dict[str, str]] = defaultdict(dict)
    for object_id, revision_id, data in (
        Version.objects.get_for_model(row_model)
        .filter(revision_id__in=[version.revision_id for version in roots])
        .values_list("object_id", "revision_id", "serialized_data")
    ):
        rows_by_revision[revision_id][object_id] = data
    states: dict[int, list[_PublicState]] = defaultdict(list)
    for version in reversed(roots):
        (record,) = json.loads(version.serialized_data)
        if record["fields"].get("status") != CurationStatus.PUBLISHED:
            continue
        states[int(version.object_id)].append(
            _PublicState(
                version.revision.date_created,
                record["fields"],
                rows_by_revision[version.revision_id],
            )
        )
    return states


def _net_daily_changes(
    states: list[_PublicState],
) -> list[tuple[datetime.date, _PublicState, _PublicState]]:
    """(day, public state before the day, public state at the end of the day) for each day with
    saves: a change undone the same day nets out, and a record's first public state has no
    before (its publication is announced on its own)."""
    days: dict[datetime.date, _PublicState] = {}
    for state in states:
        days[timezone.localdate(state.at)] = state  # oldest first: the day's last one stays
    changes, before = [], None
    for day, after in days.items():
        if before is not None:
            changes.append((day, before, after))
        before = after
    return changes


def change_events(trials: QuerySet[Trial], *, limit: int = FEED_LENGTH) -> list[ChangeEvent]:
    """The latest net changes to the given published trials and their reviews' pooled results,
    newest first, read from the history of public states (a fixed number of queries)."""
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
    trial_states = _public_states(Trial, trials, OutcomeResult, HISTORY_WINDOW)
    reviews = Review.objects.filter(status=CurationStatus.PUBLISHED, trials__in=trials).distinct()
    review_states = _public_states(Review, reviews, PooledResult, HISTORY_WINDOW)
    # Names come from the live records, never from the history (a draft-era title stays there).
    named = Trial.objects.in_bulk(list(trial_states))
    named_reviews = Review.objects.in_bulk(list(review_states))
    for trial_id, states in trial_states.items():
        trial = named.get(trial_id)
        if trial is None or trial.status != CurationStatus.PUBLISHED:
            continue
        for day, before, after in _net_daily_changes(states):
            old, new = before.fields.get("recruitment_status"), after.fields["recruitment_status"]
            if old != new:
                events.append(
                    ChangeEvent(
                        guid=f"trial-status-{trial_id}-{day.isoformat()}",
                        at=after.at,
                        title=_("Status changed to %(status)s: %(title)s")
                        % {"status": _status_label(new), "title": _named(trial, trial.title)},
                        description=_("Recruitment status was %(before)s.")
                        % {"before": _status_label(old)},
                        link=trial.get_absolute_url(),
                    )
                )
            added = len(set(after.rows) - set(before.rows))
            if added:
                events.append(
                    ChangeEvent(
                        guid=f"outcomes-{trial_id}-{day.isoformat()}",
                        at=after.at,
                        title=_("New outcome data: %(title)s")
                        % {"title": _named(trial, trial.title)},
                        description=ngettext(
                            "%(count)d outcome result was added.",
                            "%(count)d outcome results were added.",
                            added,
                        )
                        % {"count": added},
                        link=trial.get_absolute_url(),
                    )
                )
    for review_id, states in review_states.items():
        review = named_reviews.get(review_id)
        if review is None:
            continue
        for day, before, after in _net_daily_changes(states):
            if before.rows != after.rows:
                events.append(
                    ChangeEvent(
                        guid=f"pooled-{review_id}-{day.isoformat()}",
                        at=after.at,
                        title=_("Pooled results changed: %(title)s")
                        % {"title": _named(review, str(review))},
                        description=_(
                            "A review's published pooled results were added or corrected."
                        ),
                        link=reverse("evidence:overview") + f"#review-{review_id}",
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
        return xml_safe(item.title)

    def item_description(self, item: ChangeEvent) -> str:
        return xml_safe(item.description)

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
        title = _("Liver MSC Evidence: what changed in %(condition)s") % {"condition": condition}
        return xml_safe(title)

    def link(self, condition: Condition) -> str:
        return reverse("trials:condition", kwargs={"slug": condition.slug})

    def items(self, condition: Condition) -> list[ChangeEvent]:
        ids = ConditionTree.load().descendant_ids([condition.pk])
        return change_events(Trial.objects.in_conditions(ids))
