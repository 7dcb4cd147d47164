"""What a curation report is made of: items with admin links, rules, findings and sections."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Item:
    """One thing to look at: a record (label and admin url) or a group of suspected duplicates."""

    label: str
    url: str = ""
    note: str = ""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Rule:
    key: str
    title: Promise
    explanation: Promise
    collect: Callable[[datetime.datetime], list[Item]]


@dataclass(frozen=True)
class Finding:
    rule: Rule
    items: list[Item]

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Section:
    title: Promise
    findings: list[Finding] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(finding.count for finding in self.findings)


def trial_label(title: str, short_title: str) -> str:
    return short_title or title


def trial_url(pk: int) -> str:
    return reverse("admin:trials_trial_change", args=[pk])


def reference_url(pk: int) -> str:
    return reverse("admin:evidence_reference_change", args=[pk])
