"""Fill the database with clearly synthetic published trials for benchmarks (not make run)."""

import datetime
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from trials.models import (
    Arm,
    ArmRole,
    CellSource,
    Condition,
    Country,
    CurationStatus,
    DatePrecision,
    Design,
    DonorType,
    Etiology,
    MeasureKind,
    OutcomeMeasure,
    OutcomeResult,
    Phase,
    RecruitmentStatus,
    RegistryId,
    ResultShape,
    Route,
    Trial,
)

SLUG_PREFIX = "synthetic-trial-"
SYNTHETIC_NOTE = "Synthetic record made by seed_synthetic for load testing. Not a real trial."
BATCH_SIZE = 5000

# Used only when the database has no vocabulary yet; every name says it is synthetic.
SYNTHETIC_CONDITIONS = [
    ("synthetic-liver-disease", "Synthetic liver disease", None),
    ("synthetic-cirrhosis", "Synthetic cirrhosis", "synthetic-liver-disease"),
    ("synthetic-decompensated", "Synthetic decompensated cirrhosis", "synthetic-cirrhosis"),
    ("synthetic-fatty-liver", "Synthetic fatty liver", "synthetic-liver-disease"),
    ("synthetic-liver-failure", "Synthetic liver failure", "synthetic-liver-disease"),
]
SYNTHETIC_TERMS: dict[type, list[tuple[str, dict[str, Any]]]] = {
    Etiology: [("Synthetic cause A", {}), ("Synthetic cause B", {}), ("Synthetic cause C", {})],
    CellSource: [
        ("Synthetic cord cells", {"intervention_class": "msc"}),
        ("Synthetic marrow cells", {"intervention_class": "msc"}),
        ("Synthetic fat cells", {"intervention_class": "other_cells"}),
    ],
    Route: [("Synthetic vein route", {}), ("Synthetic artery route", {})],
    Country: [("Synthetic country X", {"code": "XA"}), ("Synthetic country Y", {"code": "XB"})],
    OutcomeMeasure: [
        (
            "Synthetic score",
            {"kind": MeasureKind.CONTINUOUS, "plausible_min": 6, "plausible_max": 40},
        ),
        (
            "Synthetic protein level",
            {"kind": MeasureKind.CONTINUOUS, "plausible_min": 10, "plausible_max": 60},
        ),
    ],
}


def _ensure_vocabularies() -> dict[str, list]:
    """The active terms of every vocabulary, creating a synthetic set where one is empty."""
    if not Condition.objects.active().exists():
        created: dict[str, Condition] = {}
        for slug, name, parent in SYNTHETIC_CONDITIONS:
            created[slug] = Condition.objects.create(
                slug=slug, name=name, parent=created.get(parent) if parent else None
            )
    for model, terms in SYNTHETIC_TERMS.items():
        if not model.objects.active().exists():
            for name, extra in terms:
                slug = name.lower().replace(" ", "-")
                model.objects.create(slug=slug, name=name, **extra)
    return {
        "conditions": list(Condition.objects.active()),
        "etiologies": list(Etiology.objects.active()),
        "cell_sources": list(CellSource.objects.active()),
        "routes": list(Route.objects.active()),
        "countries": list(Country.objects.active()),
        "measures": list(OutcomeMeasure.objects.active().filter(kind=MeasureKind.CONTINUOUS)),
    }


def _some(rng: random.Random, terms: list, most: int) -> list:
    if not terms:
        return []
    return rng.sample(terms, k=min(len(terms), rng.randint(1, most)))


def _value_for(rng: random.Random, measure: OutcomeMeasure) -> float:
    low = measure.plausible_min if measure.plausible_min is not None else 10.0
    high = measure.plausible_max if measure.plausible_max is not None else low + 40.0
    return round(rng.uniform(low, high), 1)


class Command(BaseCommand):
    help = "Add clearly synthetic published trials (up to --trials in total) for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--trials", type=int, default=1000, help="Synthetic trials wanted.")
        parser.add_argument("--clear", action="store_true", help="Remove synthetic trials.")
        parser.add_argument("--seed", type=int, default=42, help="Random seed.")
        parser.add_argument(
            "--without-triggers",
            action="store_true",
            help=(
                "PostgreSQL, as a superuser: insert with the tables' triggers off (ten times "
                "faster at 100,000 trials), then run refresh_trial_effects --all."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clear"]:
            removed = clear_synthetic()
            self.stdout.write(f"Removed {removed} synthetic trials.")
            if not options["trials"]:
                return
        wanted = max(options["trials"], 0)
        existing = Trial.objects.filter(slug__startswith=SLUG_PREFIX).count()
        missing = wanted - existing
        if missing <= 0:
            self.stdout.write(f"{existing} synthetic trials already there; nothing added.")
            return
        without_triggers = options["without_triggers"]
        if without_triggers and connection.vendor != "postgresql":
            raise CommandError("--without-triggers needs PostgreSQL.")
        added = seed_synthetic(
            count=missing,
            start=_next_number(),
            seed=options["seed"],
            without_triggers=without_triggers,
        )
        self.stdout.write(f"Added {added} synthetic trials ({existing + added} in total).")


def _next_number() -> int:
    last = (
        Trial.objects.filter(slug__startswith=SLUG_PREFIX)
        .order_by("-slug")
        .values_list("slug", flat=True)[:1]
    )
    return int(last[0].removeprefix(SLUG_PREFIX)) + 1 if last else 1


def seed_synthetic(*, count: int, start: int, seed: int, without_triggers: bool = False) -> int:
    """Create count synthetic trials numbered from start, in batches; one UPDATE for search.

    Each inserted row fires the triggers that raise its trial's version, mark its stored
    comparisons stale and check its links: at 100,000 trials that is most of an hour on a busy
    machine. without_triggers (PostgreSQL) turns them off for each batch's transaction
    (session_replication_role, which needs a superuser); the rows are consistent by
    construction, the search UPDATE at the end runs with the triggers on (a new data version),
    and the caller stores the comparisons of every trial (refresh_trial_effects --all).
    """
    rng = random.Random(seed + start)
    vocabulary = _ensure_vocabularies()
    now = timezone.now()
    designs, phases = list(Design.values), list(Phase.values)
    statuses = list(RecruitmentStatus.values)
    for first in range(start, start + count, BATCH_SIZE):
        numbers = range(first, min(first + BATCH_SIZE, start + count))
        with transaction.atomic():
            if without_triggers:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = replica")
            _create_batch(rng, numbers, vocabulary, now, designs, phases, statuses)
    Trial.objects.filter(slug__startswith=SLUG_PREFIX).refresh_search_vectors()
    return count


def _create_batch(
    rng: random.Random,
    numbers: range,
    vocabulary: dict[str, list],
    now: datetime.datetime,
    designs: list[str],
    phases: list[str],
    statuses: list[str],
) -> None:
    trials = Trial.objects.bulk_create(
        [
            Trial(
                slug=f"{SLUG_PREFIX}{number:05d}",
                title=f"Synthetic trial {number:05d}",
                short_title=f"Synthetic trial {number:05d}",
                plain_summary=SYNTHETIC_NOTE,
                design=rng.choice(designs),
                phase=rng.choice(phases),
                recruitment_status=rng.choice(statuses),
                start_date=datetime.date(rng.randint(2005, 2025), rng.randint(1, 12), 1),
                start_date_precision=DatePrecision.MONTH,
                enrollment=rng.randint(8, 400),
                status=CurationStatus.PUBLISHED,
                published_at=now,
            )
            for number in numbers
        ]
    )
    links: dict[str, list] = {"conditions": [], "etiologies": [], "countries": []}
    arms, registry_ids = [], []
    for trial in trials:
        for name, field, most in (
            ("conditions", "condition", 2),
            ("etiologies", "etiology", 1),
            ("countries", "country", 2),
        ):
            through = getattr(Trial, name).through
            links[name].extend(
                through(trial_id=trial.pk, **{f"{field}_id": term.pk})
                for term in _some(rng, vocabulary[name], most)
            )
        for position in range(rng.randint(1, 2)):
            arms.append(
                Arm(
                    trial=trial,
                    position=position,
                    label=f"Synthetic arm {position + 1}",
                    role=ArmRole.EXPERIMENTAL,
                    cell_source=rng.choice(vocabulary["cell_sources"]),
                    route=rng.choice(vocabulary["routes"]),
                    donor_type=rng.choice(DonorType.values),
                    participants_count=rng.randint(4, 200),
                )
            )
        if rng.random() < 0.5:
            arms.append(
                Arm(trial=trial, position=9, label="Synthetic control", role=ArmRole.STANDARD_CARE)
            )
        registry_ids.append(
            RegistryId(
                trial=trial,
                registry="other",
                identifier=f"SYNTH-{trial.slug.removeprefix(SLUG_PREFIX)}",
            )
        )
    for name, rows in links.items():
        getattr(Trial, name).through.objects.bulk_create(rows, ignore_conflicts=True)
    RegistryId.objects.bulk_create(registry_ids)
    arms = Arm.objects.bulk_create(arms)
    results = [
        OutcomeResult(
            trial_id=arm.trial_id,
            arm=arm,
            measure=measure,
            timepoint_weeks=rng.choice([4, 12, 24, 48]),
            shape=ResultShape.MEAN_SD,
            mean=(value := _value_for(rng, measure)),
            sd=round(value / 8, 1),
            n=arm.participants_count or 10,
            value_canonical=value,
            unit_reported=measure.unit,
        )
        for arm in arms
        if arm.role == ArmRole.EXPERIMENTAL and vocabulary["measures"] and rng.random() < 0.5
        for measure in _some(rng, vocabulary["measures"], 2)
    ]
    OutcomeResult.objects.bulk_create(results)


def clear_synthetic() -> int:
    """Remove every synthetic trial and what hangs from it, table by table.

    One DELETE per table, in SQL: the ordinary delete() would load every object to send its
    signals (each trial's stored comparisons are refreshed after a delete) and take minutes for
    100,000 trials. The synthetic trials never had history or stored comparisons of their own.
    """
    trials = Trial.objects.filter(slug__startswith=SLUG_PREFIX)
    count = trials.count()
    quote = connection.ops.quote_name
    synthetic = f"SELECT id FROM {quote(Trial._meta.db_table)} WHERE slug LIKE %s"
    tables = []
    for relation in Trial._meta.related_objects:
        if relation.many_to_many:  # e.g. a review's included trials: only the link goes
            through = relation.through._meta
            column = next(
                field.column
                for field in through.fields
                if field.is_relation and field.related_model is Trial
            )
            tables.append((through.db_table, column))
        else:
            tables.append((relation.related_model._meta.db_table, relation.field.column))
    for name in ("conditions", "etiologies", "countries"):
        tables.append((getattr(Trial, name).through._meta.db_table, "trial_id"))
    tables.append((Trial._meta.db_table, "id"))
    with transaction.atomic(), connection.cursor() as cursor:
        for table, column in tables:
            cursor.execute(
                f"DELETE FROM {quote(table)} WHERE {quote(column)} IN ({synthetic})",
                [SLUG_PREFIX + "%"],
            )
    return count
