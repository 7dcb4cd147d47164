"""Rules over more than one row or table that the database keeps, whoever writes (the admin, an
importer, a script, a shell), written once as SQL conditions and installed as triggers on
PostgreSQL and SQLite alike.

A CHECK constraint (Meta.constraints) sees one row; these rules read another table (a result's
measure's kind, a trial's references), so triggers hold them. They are installed after every
migrate and flush (post_migrate; idempotent), because SQLite's schema editor drops a table's
triggers when it rebuilds the table. The forms say the same first, in a curator's words
(the models' clean()); a trigger is what nobody can get round.

Here: the shapes a result may take follow its measure's kind (RESULT_SHAPES_BY_KIND).
"""

from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig
from django.db import connections

from .choices import EFFECTS_BY_KIND, RESULT_SHAPES_BY_KIND


@dataclass(frozen=True)
class RowRule:
    """A rule checked after each written row. `violated` is an SQL condition over NEW (inserts
    and updates) or OLD (deletes and updates), true when the write breaks the rule. Deferred
    rules are checked at commit on PostgreSQL (SQLite has no deferred triggers: at once)."""

    name: str
    table: str
    operations: tuple[str, ...]  # "INSERT", "UPDATE OF a, b", "DELETE"
    violated: str
    message: str
    deferred: bool = False
    # SQLite has no deferred triggers: where refusing at once would refuse a step of a larger
    # write that ends consistent (a flush empties tables in any order), SQLite runs this statement
    # instead (evidence.models.integrity records the violation where SQLite checks it at commit).
    sqlite_action: str = ""

    @property
    def quoted_message(self) -> str:
        return self.message.replace("'", "''")

    def postgresql(self) -> list[str]:
        timing = "DEFERRED" if self.deferred else "IMMEDIATE"
        return [
            f"""CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger AS $$
BEGIN
    IF {self.violated} THEN
        RAISE EXCEPTION '{self.quoted_message}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql""",
            f'DROP TRIGGER IF EXISTS {self.name} ON "{self.table}"',
            f"CREATE CONSTRAINT TRIGGER {self.name} AFTER {' OR '.join(self.operations)} "
            f'ON "{self.table}" DEFERRABLE INITIALLY {timing} FOR EACH ROW '
            f"EXECUTE FUNCTION {self.name}()",
        ]

    def drop(self, vendor: str) -> list[str]:
        if vendor == "postgresql":
            return [f'DROP TRIGGER IF EXISTS {self.name} ON "{self.table}"']
        return [f'DROP TRIGGER IF EXISTS "{self.name}_{n}"' for n in range(len(self.operations))]

    def sqlite(self) -> list[str]:
        statements = []
        action = self.sqlite_action or f"SELECT RAISE(ABORT, '{self.quoted_message}')"
        for number, operation in enumerate(self.operations):
            name = f"{self.name}_{number}"
            statements.append(f'DROP TRIGGER IF EXISTS "{name}"')
            statements.append(
                f'CREATE TRIGGER "{name}" AFTER {operation} ON "{self.table}" FOR EACH ROW '
                f"WHEN {self.violated} BEGIN {action}; END"
            )
        return statements


def rules_drop(*, using: str, rules: list[RowRule], tables: set[str]) -> None:
    """Drop the rules' triggers before a migration (pre_migrate): SQLite refuses to rebuild a
    table that another table's trigger names. post_migrate installs them again."""
    connection = connections[using]
    if not tables <= set(connection.introspection.table_names()):
        return
    with connection.cursor() as cursor:
        for rule in rules:
            for statement in rule.drop(connection.vendor):
                cursor.execute(statement)


def rules_install(*, using: str, rules: list[RowRule], tables: set[str]) -> None:
    """Install the rules' triggers (idempotent); nothing while one of the tables is missing
    (migrated back before them)."""
    connection = connections[using]
    if not tables <= set(connection.introspection.table_names()):
        return
    with connection.cursor() as cursor:
        for rule in rules:
            statements = rule.postgresql() if connection.vendor == "postgresql" else rule.sqlite()
            for statement in statements:
                cursor.execute(statement)


def _sql_list(values: object) -> str:
    return ", ".join(f"'{value}'" for value in values)


def shape_fits_kind(kind: str, shape: str, effect_measure: str) -> str:
    """SQL: true when a result's shape (and effect measure) is one its measure's kind allows."""
    cases = []
    for measure_kind, shapes in RESULT_SHAPES_BY_KIND.items():
        effects = _sql_list(EFFECTS_BY_KIND[measure_kind])
        cases.append(
            f"({kind} = '{measure_kind}' AND {shape} IN ({_sql_list(shapes)}) AND "
            f"({effect_measure} = '' OR {effect_measure} IN ({effects})))"
        )
    return "(" + " OR ".join(cases) + ")"


SHAPE_MESSAGE = "an outcome result's shape must be one its measure's kind allows"
SHAPE_RULES = [
    RowRule(
        name="trials_result_shape_fits_measure",
        table="trials_outcomeresult",
        operations=("INSERT", "UPDATE OF measure_id, shape, effect_measure"),
        violated="NOT EXISTS (SELECT 1 FROM trials_outcomemeasure WHERE id = NEW.measure_id AND "
        + shape_fits_kind("kind", "NEW.shape", "NEW.effect_measure")
        + ")",
        message=SHAPE_MESSAGE,
    ),
    RowRule(
        name="trials_measure_kind_fits_results",
        table="trials_outcomemeasure",
        operations=("UPDATE OF kind",),
        violated="EXISTS (SELECT 1 FROM trials_outcomeresult WHERE measure_id = NEW.id AND NOT "
        + shape_fits_kind("NEW.kind", "shape", "effect_measure")
        + ")",
        message=SHAPE_MESSAGE,
    ),
]


SHAPE_TABLES = {"trials_outcomeresult", "trials_outcomemeasure"}


def install_shape_rules(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate of the trials app: the shape rules' triggers."""
    rules_install(using=using, rules=SHAPE_RULES, tables=SHAPE_TABLES)


def drop_shape_rules(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """pre_migrate of the trials app: no shape rule while tables may be rebuilt."""
    rules_drop(using=using, rules=SHAPE_RULES, tables=SHAPE_TABLES)
