"""Facet counts from bitsets of published trials, kept current from the trials that changed.

Each facet value holds the set of published trials that have it as a Python int used as a
bitset, bit i being the trial whose id is i: 100,000 trials are 12.5 KB per value. A count is
one AND and one bit_count() per option, so counting every facet over the other facets' filters
(disjunctive faceting) costs well under a millisecond whatever the number of trials; only
filters that are not facets (search words, start years, enrollment) are asked of the database,
in one query of ids. The bitsets come from the same lookups as the SQL counts (GROUPED_FACETS),
over published trials only, so the counts are exact and never include a draft.

Each process builds the index once (about a dozen queries reading every published trial), then
keeps it across data versions: when the version changes (any write), one query returns the
trials changed since the index's last change number (trials.models.trial_change) together with
their facet values, and only their bits are replaced; a trial that was deleted or is no longer
published loses its bits. A new epoch (every migrate, a cell source's class changed) rebuilds;
a new day re-reads the status facet (a status goes stale with time, not with a write).
"""

import datetime
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from .condition_tree import ConditionTree
from .facets import GROUPED_FACETS
from .filters import TrialFilter, chosen
from .models import Trial, TrialChange
from .models.freshness import stale_status
from .models.trial import TrialQuerySet
from .models.trial_change import EPOCH

# Roles of a publication that reports a trial's results (the evidence app's LinkRole values).
RESULT_ROLES = ("primary_results", "long_term_follow_up")

# The lookup from a trial to each facet's value: the SQL counts' own (trials.facets), and the
# conditions a trial is tagged with (a condition's count adds its narrower ones).
LOOKUPS = {name: lookup for name, (lookup, _repeats) in GROUPED_FACETS.items()}
LOOKUPS["condition"] = "conditions"
# The status as shown (an ongoing one unconfirmed for two years counts as unknown): annotated.
LOOKUPS["status"] = "current_status"
FACETS = (*LOOKUPS, "has_results")
# Facets whose values are ids of a vocabulary's terms (the others are choices: text).
_ID_FACETS = {"cell_source", "route", "etiology", "country", "outcome", "condition"}
# Sets of trials kept beside the facets (values[name][True]): has_results is a facet; registered
# (with a registry id) counts the trials the coverage note names; the condition pages
# (trials.condition_counts) count reported (results recorded or published), stale (an ongoing
# status unconfirmed for two years) and enrolled (an enrolment recorded).
_SETS = {"has_results", "registered", "reported", "stale", "enrolled"}
# The enrolment as bit planes (values["enrollment"][b]: the trials whose enrolment has bit b
# set), so that a condition page sums the people with one AND and one bit_count() per bit.
ENROLLMENT = "enrollment"
# The most changes an update reads (one query, by the change number's index); a reader further
# behind rebuilds (reading every trial costs about as much as reading that many changed ones).
CHANGES_READ = 100


def results_reported() -> Exists:
    """SQL for "has results": an outcome result recorded or a publication of its results."""
    link_model = Trial._meta.get_field("trial_references").related_model
    result_model = Trial._meta.get_field("outcome_results").related_model
    papers = link_model.objects.filter(trial=OuterRef("pk"), role__in=RESULT_ROLES)
    return Exists(papers) | Exists(result_model.objects.filter(trial=OuterRef("pk")))


def _bitset(ids: Iterable[int] | np.ndarray) -> int:
    """The bitset with bit i set for each id i: built in numpy (in C), not a Python loop over
    the ids (100,000 matching ids: about 3 ms instead of 70 on a busy machine)."""
    ids = np.asarray(ids if isinstance(ids, np.ndarray) else list(ids), dtype=np.int64)
    if not len(ids):
        return 0
    flags = np.zeros(int(ids.max()) + 1, dtype=bool)
    flags[ids] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


@dataclass
class FacetIndex:
    """Published trials as bits (bit i: the trial whose id is i), and each facet value's bitset.

    Never changed once handed out: an update makes a new one (a request counting with this one
    meanwhile sees one consistent state)."""

    everything: int
    values: dict[str, dict[Any, int]]
    # Where it stands: the highest change number read, the epoch, the day of the status facet
    # and the data version it was last brought to.
    change_number: int = 0
    epoch: int | None = None
    day: datetime.date = field(default_factory=timezone.localdate)
    version: str = ""

    def bits(self, ids: Iterable[int] | np.ndarray) -> int:
        """The bitset of these trials (ids of unpublished trials are left out)."""
        ids = np.asarray(ids if isinstance(ids, np.ndarray) else list(ids), dtype=np.int64)
        return _bitset(ids[(ids >= 0) & (ids < self.everything.bit_length())]) & self.everything


def _change_state() -> tuple[int, int | None]:
    """The highest change number and the epoch: one query, two reads by index."""
    latest = TrialChange.objects.exclude(trial_id=EPOCH).order_by("-number").values("number")
    rows = TrialChange.objects.filter(Q(trial_id=EPOCH) | Q(number=Subquery(latest[:1])))
    change_number, epoch = 0, None
    for trial_id, number in rows.order_by().values_list("trial_id", "number"):
        if trial_id == EPOCH:
            epoch = number
        else:
            change_number = number
    return change_number, epoch


def _read_values(published: Any, names: Iterable[str]) -> dict[str, dict[Any, int]]:
    """Each value's bitset of these facets, over these trials: one query per facet."""
    values = {}
    for name in names:
        members: dict[Any, list[int]] = {}
        for pk, value in published.values_list("pk", LOOKUPS[name]).distinct():
            if value is not None:
                members.setdefault(value, []).append(pk)
        values[name] = {value: _bitset(pks) for value, pks in members.items()}
    return values


def build_index() -> FacetIndex:
    """Read every published trial's facet values: one query per facet (about a dozen)."""
    # The change number first: a change committed while the facets are read is read again at
    # the next update (reading a trial twice is harmless; missing one would not be).
    change_number, epoch = _change_state()
    return replace(_read_index(), change_number=change_number, epoch=epoch)


def _read_index() -> FacetIndex:
    """Every published trial's facet values and condition sets, without the change number
    (never updated)."""
    today = timezone.localdate()
    published = Trial.objects.published().with_current_status(today).order_by()
    # The published trials with their condition sets: one query, a pass over them.
    everything, values = _read_condition_sets(Trial.objects.published().order_by(), today)
    values.update(_read_values(published, LOOKUPS))
    with_results = _bitset(published.with_results().values_list("pk", flat=True))
    values["has_results"] = {True: with_results, False: everything & ~with_results}
    values["registered"] = {True: _bitset(published.registered().values_list("pk", flat=True))}
    return FacetIndex(everything, values, day=today)


def _enrollment_planes(pks: list[int], amounts: list[int]) -> dict[int, int]:
    """Bit plane b: the trials (of these, with these enrolments) whose enrolment has bit b."""
    if not pks:
        return {}
    ids, numbers = np.asarray(pks, dtype=np.int64), np.asarray(amounts, dtype=np.int64)
    planes = {}
    for bit in range(int(numbers.max()).bit_length()):
        if bits := _bitset(ids[(numbers >> bit) & 1 == 1]):
            planes[bit] = bits
    return planes


def _read_condition_sets(
    published: Any, today: datetime.date
) -> tuple[int, dict[str, dict[Any, int]]]:
    """These trials as a bitset, and what the condition pages count beyond the facets
    (reported, stale, enrolled and the enrolment's bit planes) over them: one query."""
    rows = published.annotate(
        is_reported=results_reported(),
        is_stale=Case(
            When(stale_status(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).values_list("pk", "enrollment", "is_reported", "is_stale")
    every, reported, stale, enrolled, amounts = [], [], [], [], []
    for pk, enrollment, is_reported, is_stale in rows.iterator(chunk_size=10_000):
        every.append(pk)
        if is_reported:
            reported.append(pk)
        if is_stale:
            stale.append(pk)
        if enrollment is not None:
            enrolled.append(pk)
            amounts.append(enrollment)
    return _bitset(every), {
        "reported": {True: _bitset(reported)},
        "stale": {True: _bitset(stale)},
        "enrolled": {True: _bitset(enrolled)},
        ENROLLMENT: _enrollment_planes(enrolled, amounts),
    }


def _changes_query(change_number: int, today: datetime.date) -> Any:
    """One query: the first CHANGES_READ changes numbered above change_number and the epoch
    (as rows "~change"), and every facet value and condition set of the changed trials that are
    published, as (trial id, facet, value as text). One statement, so on PostgreSQL one
    snapshot: the values are those of the changes listed."""
    # The first CHANGES_READ changes by number: a read down the number's index in every part.
    # Unbounded, PostgreSQL expected a thousand rows and scanned the whole change log in every
    # part (56 ms at 100,000 trials for 2 changes); a bound of 1,000 put the plan's cost over
    # the JIT threshold (+200 ms). More changes than the bound: index_update rebuilds.
    changed = (
        TrialChange.objects.filter(number__gt=change_number)
        .exclude(trial_id=EPOCH)
        .order_by("number")
        .values("trial_id")[:CHANGES_READ]
    )
    # The plain queryset class, not the manager's: modeltranslation's reorders the columns of
    # values_list() with annotations (a UNION needs them in the same order in every part).
    trials = TrialQuerySet(model=Trial).published().filter(pk__in=changed).order_by()
    text = TextField()
    parts = [
        trials.annotate(facet=Value(name, output_field=text), value=Cast(F(lookup), text))
        for name, lookup in LOOKUPS.items()
        if name != "status"
    ]
    parts.append(
        trials.with_current_status(today).annotate(
            facet=Value("status", output_field=text), value=Cast(F("current_status"), text)
        )
    )
    one = Value("1", output_field=text)
    # The sets kept beside the facets, read from the rows of the changed trials (an EXISTS
    # per trial would be planned as a hash of every row of the table: 200 ms at 100,000).
    ids = trials.values("pk")
    rows = [
        ("has_results", "outcome_results", {}),
        ("registered", "registry_ids", {}),
        ("reported", "trial_references", {"role__in": RESULT_ROLES}),  # and has_results
    ]
    for name, relation, conditions in rows:
        model = Trial._meta.get_field(relation).related_model
        parts.append(
            QuerySet(model=model)  # the plain class, as for the trials above
            .filter(trial_id__in=ids, **conditions)
            .order_by()
            .annotate(facet=Value(name, output_field=text), value=one)
            .values_list("trial_id", "facet", "value")
        )
    parts += [
        trials.filter(stale_status(today)).annotate(
            facet=Value("stale", output_field=text), value=one
        ),
        trials.filter(enrollment__isnull=False).annotate(
            facet=Value(ENROLLMENT, output_field=text), value=Cast(F("enrollment"), text)
        ),
        trials.annotate(facet=Value("~trial", output_field=text), value=one),
    ]
    # The changes read and the epoch: two parts (as one OR, the change log was scanned whole).
    changes, epoch = (
        TrialChange.objects.filter(rows)
        .order_by()
        .annotate(facet=Value("~change", output_field=text), value=Cast(F("number"), text))
        .values_list("trial_id", "facet", "value")
        for rows in (Q(trial_id__in=changed), Q(trial_id=EPOCH))
    )
    return changes.union(
        epoch,
        *(
            part
            if part.query.values_select == ("trial_id",)
            else part.values_list("pk", "facet", "value")
            for part in parts
        ),
        all=True,
    )


def index_update(index: FacetIndex) -> FacetIndex:
    """The index brought up to date: one query when a few trials changed (a new index; this
    one is left as it is), its work proportional to the trials changed (their bits replaced in
    every facet value and condition set). A new epoch rebuilds; a new day re-reads the status
    facet and the stale set (a status goes stale with time, not with a write)."""
    today = timezone.localdate()
    changed: set[int] = set()
    change_number, epoch = index.change_number, None
    published: set[int] = set()
    members: dict[str, dict[Any, list[int]]] = {name: {} for name in index.values}
    enrolled: list[int] = []
    amounts: list[int] = []
    for pk, name, value in _changes_query(index.change_number, today):
        if name == "~change":
            if pk == EPOCH:
                epoch = int(value)
            else:
                changed.add(pk)
                change_number = max(change_number, int(value))
        elif name == "~trial":
            published.add(pk)
        elif name == ENROLLMENT:
            enrolled.append(pk)
            amounts.append(int(value))
        elif value is not None:
            key = True if name in _SETS else int(value) if name in _ID_FACETS else value
            members[name].setdefault(key, []).append(pk)
    if epoch != index.epoch or len(changed) >= CHANGES_READ:
        return build_index()
    # Results reported: results recorded (has_results) or a paper of results.
    for pk in members["has_results"].get(True, []):
        members["reported"].setdefault(True, []).append(pk)
    added = {
        name: {key: _bitset(pks) for key, pks in by_key.items()} for name, by_key in members.items()
    }
    added["enrolled"] = {True: _bitset(enrolled)}
    added[ENROLLMENT] = _enrollment_planes(enrolled, amounts)
    keep = ~_bitset(changed)
    everything = (index.everything & keep) | _bitset(published)
    values: dict[str, dict[Any, int]] = {}
    for name, held in index.values.items():
        updated = {key: bits & keep for key, bits in held.items()}
        for key, bits in added[name].items():
            updated[key] = updated.get(key, 0) | bits
        if name in _SETS:
            values[name] = {True: updated.get(True, 0)}
        else:
            values[name] = {key: bits for key, bits in updated.items() if bits}
    values["has_results"][False] = everything & ~values["has_results"][True]
    if index.day != today:  # a status confirmed two years ago today is stale now
        published_trials = Trial.objects.published().order_by()
        values.update(_read_values(published_trials.with_current_status(today), ["status"]))
        stale = published_trials.filter(stale_status(today)).values_list("pk", flat=True)
        values["stale"] = {True: _bitset(stale)}
    return FacetIndex(everything, values, change_number, epoch, today)


_held: dict[str, FacetIndex] = {}
_lock = threading.Lock()


def current_index(version: str) -> FacetIndex:
    """The facet index at this data version (trials.page_cache.data_version): built once per
    process, then brought up to date from what changed (one query) when the version moves."""
    if connection.in_atomic_block:
        # Inside a transaction the rows read may be its own uncommitted writes, which a rollback
        # undoes (and SQLite then numbers the next changes again from the same numbers): an index
        # of them is never kept for later. As before the change log: built per data version.
        held = _held.get("transaction")
        if held is None or held.version != version:
            held = _held["transaction"] = replace(_read_index(), version=version)
        return held
    index = _held.get("committed")
    if index is not None and index.version == version:
        return index
    with _lock:  # one thread updates; the others wait for its result
        index = _held.get("committed")
        if index is None or index.version != version:
            index = build_index() if index is None else index_update(index)
            index = _held["committed"] = replace(index, version=version)
    return index


def _selected_bits(index: FacetIndex, name: str, value: Any, tree: ConditionTree) -> int | None:
    """The trials one active facet filter lets through (None: the filter is not active)."""
    values = index.values[name]
    if name == "has_results":
        return None if value is None else values[bool(value)]
    if not chosen(value):
        return None
    if name == "condition":
        keys = tree.descendant_ids(tree.by_slug[slug].pk for slug in value if slug in tree.by_slug)
    else:
        keys = {getattr(item, "pk", item) for item in value}
    bits = 0
    for key in keys:
        bits |= values.get(key, 0)
    return bits


def index_counts(filterset: TrialFilter, index: FacetIndex) -> tuple[dict[str, dict], int]:
    """Trials per option of every facet, each over the other active filters, and the number of
    results: the same numbers as counting in SQL (tests compare them)."""
    cleaned = filterset._valid_data()
    tree = filterset.condition_tree
    active = {
        name: bits
        for name in FACETS
        if (bits := _selected_bits(index, name, cleaned.get(name), tree)) is not None
    }
    others = {name: value for name, value in cleaned.items() if name not in FACETS}
    base = index.everything
    if any(value not in (None, "", []) for name, value in others.items() if name != "sort"):
        queryset = filterset.queryset.all()
        for name, value in others.items():
            if name != "sort":
                queryset = filterset.filters[name].filter(queryset, value)
        base &= index.bits(queryset.ids())
    counts: dict[str, dict] = {}
    for name in FACETS:
        over = base
        for other, bits in active.items():
            if other != name:
                over &= bits
        if name == "condition":  # each condition with its narrower ones
            counts[name] = {
                condition.pk: (over & condition_bits(index, tree, condition.pk)).bit_count()
                for condition in tree.conditions
            }
            continue
        counts[name] = {}
        for key, bits in index.values[name].items():
            if count := (over & bits).bit_count():
                counts[name][key] = count
    total = base
    for bits in active.values():
        total &= bits
    return counts, total.bit_count()


def condition_bits(index: FacetIndex, tree: ConditionTree, pk: int) -> int:
    """The trials tagged with a condition or any narrower one."""
    values = index.values["condition"]
    bits = 0
    for descendant in tree.descendant_ids([pk]):
        bits |= values.get(descendant, 0)
    return bits
