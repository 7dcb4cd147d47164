"""The curation report: every rule as items with admin links, and the plain-text digest."""

import datetime
from collections.abc import Callable

from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evidence.models import Reference
from trials.models import OutcomeResult, PendingRevision, Trial
from trials.revisions.history import comment_shown

from . import duplicates, rules
from .items import Finding, Item, Rule, Section, reference_url, trial_label, trial_url


def _result_items(queryset: QuerySet[OutcomeResult]) -> list[Item]:
    rows = queryset.order_by("trial_id", "pk").values(
        "pk",
        "trial__title",
        "trial__short_title",
        "measure__name",
        "measure__abbreviation",
        "arm__label",
        "timepoint_label",
        "timepoint_weeks",
    )
    items = []
    for row in rows:
        parts = [
            trial_label(row["trial__title"], row["trial__short_title"]),
            row["measure__abbreviation"] or row["measure__name"],
        ]
        if row["arm__label"]:
            parts.append(row["arm__label"])
        if row["timepoint_label"]:
            parts.append(row["timepoint_label"])
        elif row["timepoint_weeks"] is not None:
            parts.append(gettext("%(weeks)g weeks") % {"weeks": row["timepoint_weeks"]})
        url = reverse("admin:trials_outcomeresult_change", args=[row["pk"]])
        items.append(Item(label=" · ".join(parts), url=url))
    return items


def _trial_items(
    queryset: QuerySet[Trial], note: Callable[[dict], str] | None = None, *fields: str
) -> list[Item]:
    rows = queryset.order_by("pk").values("pk", "title", "short_title", *fields)
    return [
        Item(
            label=trial_label(row["title"], row["short_title"]),
            url=trial_url(row["pk"]),
            note=note(row) if note else "",
        )
        for row in rows
    ]


def _vocabulary_items(queryset: QuerySet, admin_name: str) -> list[Item]:
    rows = queryset.order_by("name", "pk").values_list("pk", "name")
    return [Item(label=name, url=reverse(admin_name, args=[pk])) for pk, name in rows]


def _date(value: datetime.datetime | datetime.date | None) -> str:
    if value is None:
        return gettext("never")
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return value.isoformat()


def _fields_note(row: dict) -> str:
    return gettext("Unverified: %(fields)s") % {
        "fields": ", ".join(map(str, row["unverified_fields"]))
    }


def _arm_items() -> list[Item]:
    rows = (
        rules.arms_with_unverified_fields()
        .order_by("trial_id", "position", "pk")
        .values("pk", "label", "unverified_fields", "trial__title", "trial__short_title")
    )
    return [
        Item(
            label=f"{trial_label(row['trial__title'], row['trial__short_title'])} · {row['label']}",
            url=reverse("admin:trials_arm_change", args=[row["pk"]]),
            note=_fields_note(row),
        )
        for row in rows
    ]


def _reference_label(reference: Reference) -> str:
    year = f" ({reference.year})" if reference.year else ""
    return f"{str(reference)[:120]}{year}"


def _incomplete_reference_items() -> list[Item]:
    """Public references a citation cannot be made whole from (two queries)."""
    items = []
    for reference in Reference.objects.public().with_authors().order_by("pk"):
        missing = reference.missing_parts()
        if not reference.authors_complete:
            missing.append(gettext("the authors after “et al.”"))
        if missing:
            note = gettext("Missing: %(parts)s") % {"parts": ", ".join(missing)}
            items.append(
                Item(label=_reference_label(reference), url=reference_url(reference.pk), note=note)
            )
    return items


def _unverified_reference_items() -> list[Item]:
    references = rules.references_with_unverified_fields().order_by("pk")
    return [
        Item(
            label=_reference_label(reference),
            url=reference_url(reference.pk),
            note=_fields_note({"unverified_fields": reference.unverified_fields}),
        )
        for reference in references
    ]


def _registry_without_title_items() -> list[Item]:
    rows = (
        rules.registry_ids_without_official_title()
        .order_by("trial_id", "pk")
        .values_list("identifier", "trial_id", "trial__title", "trial__short_title")
    )
    return [
        Item(label=f"{identifier} · {trial_label(title, short)}", url=trial_url(trial_id))
        for identifier, trial_id, title, short in rows
    ]


def _inferred_registry_items() -> list[Item]:
    rows = (
        rules.inferred_registry_ids()
        .order_by("trial_id", "pk")
        .values_list("identifier", "trial_id", "trial__title", "trial__short_title")
    )
    return [
        Item(label=f"{identifier} · {trial_label(title, short)}", url=trial_url(trial_id))
        for identifier, trial_id, title, short in rows
    ]


def _numbers_items() -> list[Item]:
    rows = (
        rules.results_above_arm_size()
        .order_by("trial_id", "pk")
        .values(
            "pk",
            "trial__title",
            "trial__short_title",
            "measure__name",
            "measure__abbreviation",
            "arm__label",
            "arm__participants_count",
            "n",
            "total",
            "events",
        )
    )
    items = []
    for row in rows:
        label = " · ".join(
            [
                trial_label(row["trial__title"], row["trial__short_title"]),
                row["measure__abbreviation"] or row["measure__name"],
                row["arm__label"] or "",
            ]
        )
        note = gettext(
            "n %(n)s, events %(events)s, total %(total)s; the arm randomised %(randomised)s"
        ) % {
            "n": row["n"] if row["n"] is not None else "—",
            "events": row["events"] if row["events"] is not None else "—",
            "total": row["total"] if row["total"] is not None else "—",
            "randomised": row["arm__participants_count"],
        }
        url = reverse("admin:trials_outcomeresult_change", args=[row["pk"]])
        items.append(Item(label=label, url=url, note=note))
    return items


def _enrollment_items() -> list[Item]:
    queryset = rules.trials_with_arms_above_enrollment().annotate(
        arms_total=Sum("arms__participants_count")
    )
    return _trial_items(
        queryset,
        lambda row: (
            gettext("arms %(arms)s, enrolled %(enrolled)s")
            % {"arms": row["arms_total"], "enrolled": row["enrollment"]}
        ),
        "arms_total",
        "enrollment",
    )


def _pending_items(now: datetime.datetime) -> list[Item]:
    """Changes to published trials waiting for approval, oldest first, with how long they wait."""
    rows = PendingRevision.objects.waiting().values(
        "pk", "created_at", "trial__title", "trial__short_title", "author__username", "source"
    )
    return [
        Item(
            label=trial_label(row["trial__title"], row["trial__short_title"]),
            url=reverse("admin:trials_pendingrevision_change", args=[row["pk"]]),
            note=_pending_note(row, now),
        )
        for row in rows
    ]


def _pending_note(row: dict, now: datetime.datetime) -> str:
    age = timesince(row["created_at"], now)
    if row["source"] and not row["author__username"]:  # an import from the command line
        return gettext("%(source)s, waiting for %(age)s") % {
            "source": comment_shown(row["source"]),
            "age": age,
        }
    return gettext("by %(author)s, waiting for %(age)s") % {
        "author": row["author__username"] or "—",
        "age": age,
    }


RULES: list[tuple[Promise, list[Rule]]] = [
    (
        _("Changes waiting for approval"),
        [
            Rule(
                "pending_revisions",
                _("Changes to published trials"),
                _(
                    "Another curator than the author approves each one (it then goes live) or "
                    "sends it back with a comment."
                ),
                _pending_items,
            ),
        ],
    ),
    (
        _("Where the numbers came from"),
        [
            Rule(
                "results_without_reference",
                _("Outcome results without a reference"),
                _("Name the publication or registry record each value was taken from."),
                lambda now: _result_items(rules.results_without_reference()),
            ),
            Rule(
                "results_without_location",
                _("Outcome results without the table or page they came from"),
                _("Add the table, figure or page, e.g. 'Table 2'."),
                lambda now: _result_items(rules.results_without_location()),
            ),
        ],
    ),
    (
        _("Unverified"),
        [
            Rule(
                "results_from_secondary_sources",
                _("Outcome results supported only by a review's table"),
                _("Check them against the trial's own publication or registry results."),
                lambda now: _result_items(rules.results_from_secondary_sources()),
            ),
            Rule(
                "trials_with_unverified_fields",
                _("Trials with fields only a secondary source supports"),
                _("Confirm the fields from a primary source, then clear 'unverified fields'."),
                lambda now: _trial_items(
                    rules.trials_with_unverified_fields(), _fields_note, "unverified_fields"
                ),
            ),
            Rule(
                "arms_with_unverified_fields",
                _("Arms with fields only a secondary source supports"),
                _("Confirm the fields from a primary source, then clear 'unverified fields'."),
                lambda now: _arm_items(),
            ),
            Rule(
                "references_with_unverified_fields",
                _("References with values only a review's table supports"),
                _("Confirm them from the paper or PubMed, then clear 'unverified fields'."),
                lambda now: _unverified_reference_items(),
            ),
            Rule(
                "inferred_registry_ids",
                _("Registry ids inferred rather than printed in the paper"),
                _("Look for the id in the paper or the registry record to confirm the link."),
                lambda now: _inferred_registry_items(),
            ),
        ],
    ),
    (
        _("References that are not whole"),
        [
            Rule(
                "incomplete_references",
                _("Published references a citation cannot be made whole from"),
                _(
                    "Add what the paper or registry prints: authors (or the group), journal, "
                    "year, volume or pages; for a registry record its official title. The "
                    "exports say in a note what is missing."
                ),
                lambda now: _incomplete_reference_items(),
            ),
            Rule(
                "registry_ids_without_official_title",
                _("Registry ids of published trials without the registry's own title"),
                _(
                    "Add the registry record as a reference (kind 'Trial registry record') with "
                    "its official title, sponsor and last update; until then the exports cite "
                    "it by its identifier."
                ),
                lambda now: _registry_without_title_items(),
            ),
        ],
    ),
    (
        _("Reviews due"),
        [
            Rule(
                "trials_long_in_review",
                _("Trials in review for more than 14 days"),
                _("Publish them or send them back to draft."),
                lambda now: _trial_items(
                    rules.trials_long_in_review(now=now),
                    lambda row: (
                        gettext("submitted %(date)s")
                        % {"date": _date(row["submitted_at"] or row["updated_at"])}
                    ),
                    "submitted_at",
                    "updated_at",
                ),
            ),
            Rule(
                "trials_due_for_review",
                _("Published trials not reviewed for 12 months"),
                _("Check for new publications or registry results, then mark them reviewed."),
                lambda now: _trial_items(
                    rules.trials_due_for_review(now=now),
                    lambda row: (
                        gettext("last reviewed %(date)s") % {"date": _date(row["last_reviewed_at"])}
                    ),
                    "last_reviewed_at",
                ),
            ),
            Rule(
                "trials_with_registry_changes",
                _("Registry records changed since the trial was last reviewed"),
                _("Compare the registry record with our entry, then mark the trial reviewed."),
                lambda now: _trial_items(
                    rules.trials_with_registry_changes(),
                    lambda row: (
                        gettext("registry updated %(updated)s, last reviewed %(reviewed)s")
                        % {
                            "updated": _date(row["registry_last_updated_date"]),
                            "reviewed": _date(row["last_reviewed_at"]),
                        }
                    ),
                    "registry_last_updated_date",
                    "last_reviewed_at",
                ),
            ),
            Rule(
                "completed_trials_without_results",
                _("Completed trials with no outcome data two years after completion"),
                _("Results may be unpublished: search the registry and the literature again."),
                lambda now: _trial_items(
                    rules.completed_trials_without_results(today=timezone.localdate(now)),
                    lambda row: (
                        gettext("completed %(date)s") % {"date": _date(row["completion_date"])}
                    ),
                    "completion_date",
                ),
            ),
        ],
    ),
    (
        _("Numbers that disagree"),
        [
            Rule(
                "results_above_arm_size",
                _("Results with more participants or events than the arm randomised"),
                _("Check n, events and total against the source and the arm's size."),
                lambda now: _numbers_items(),
            ),
            Rule(
                "trials_with_arms_above_enrollment",
                _("Trials whose arms add up to more than the enrollment"),
                _("Check the arms' participants and the trial's enrollment."),
                lambda now: _enrollment_items(),
            ),
        ],
    ),
    (
        _("Vocabulary no published trial uses"),
        [
            Rule(
                "unused_conditions",
                _("Conditions"),
                _("Retire terms nobody needs, or publish the trials that use them."),
                lambda now: _vocabulary_items(
                    rules.unused_conditions(), "admin:trials_condition_change"
                ),
            ),
            Rule(
                "unused_cell_sources",
                _("Cell sources"),
                _("Retire terms nobody needs, or publish the trials that use them."),
                lambda now: _vocabulary_items(
                    rules.unused_cell_sources(), "admin:trials_cellsource_change"
                ),
            ),
            Rule(
                "unused_routes",
                _("Routes"),
                _("Retire terms nobody needs, or publish the trials that use them."),
                lambda now: _vocabulary_items(rules.unused_routes(), "admin:trials_route_change"),
            ),
        ],
    ),
    (
        _("Suspected duplicates"),
        [
            Rule(
                "duplicate_reference_identifiers",
                _("References with the same DOI or PMID"),
                _("Merge them: move the links to one reference and delete the other."),
                lambda now: duplicates.duplicate_reference_identifiers(),
            ),
            Rule(
                "duplicate_registry_ids",
                _("Trials with the same registry id"),
                _("One trial entered twice? Merge them, or correct the id."),
                lambda now: duplicates.duplicate_registry_ids(),
            ),
            Rule(
                "registry_ids_cited_for_several_trials",
                _("Registry ids that point at several trials"),
                _(
                    "One study held twice (a paper and its registry record), or one registry id "
                    "cited for two papers? Link them as the same study, or correct the id."
                ),
                lambda now: duplicates.registry_ids_cited_for_several_trials(),
            ),
            Rule(
                "similar_trial_titles",
                _("Trials with nearly the same title"),
                _("Check whether they are the same trial."),
                lambda now: duplicates.similar_trial_titles(),
            ),
            Rule(
                "same_study_links",
                _("Trials that may be the same study"),
                _(
                    "Linked by a curator: both trial pages say so and pooling uses only the kept "
                    "one. Check that the link and the choice still hold."
                ),
                lambda now: duplicates.same_study_links(),
            ),
            Rule(
                "similar_reference_titles",
                _("References with nearly the same title"),
                _("Check whether they are the same publication."),
                lambda now: duplicates.similar_reference_titles(),
            ),
        ],
    ),
]


def curation_sections(*, now: datetime.datetime | None = None) -> list[Section]:
    """Every rule's findings, grouped as on the dashboard (one query per rule)."""
    now = now or timezone.now()
    return [
        Section(title, [Finding(rule, rule.collect(now)) for rule in section_rules])
        for title, section_rules in RULES
    ]


def digest_text(sections: list[Section], *, base_url: str = "") -> str:
    """The findings as plain text for a mail; 'Nothing needs attention.' when there are none."""
    total = sum(section.count for section in sections)
    if not total:
        return gettext("Nothing needs attention.") + "\n"
    base_url = base_url.rstrip("/")
    lines = [gettext("%(count)d items need attention.") % {"count": total}]
    for section in sections:
        if not section.count:
            continue
        lines += ["", str(section.title).upper()]
        for finding in section.findings:
            if not finding.count:
                continue
            lines += [
                "",
                f"{finding.rule.title} ({finding.count})",
                f"  {finding.rule.explanation}",
            ]
            for item in finding.items:
                line = f"  - {item.label}"
                if item.note:
                    line += f" ({item.note})"
                if item.url:
                    line += f": {base_url}{item.url}"
                lines.append(line)
                lines += [f"      {link.label}: {base_url}{link.url}" for link in item.links]
    return "\n".join(lines) + "\n"
