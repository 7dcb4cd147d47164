"""Lift a database rule (trials.models.integrity) inside the running test's transaction, to hold
rows written before the rule existed; the test's rollback puts it back."""

from django.db import connection

from trials.models.integrity import RowRule


def rule_lift(rule: RowRule) -> None:
    """Drop the rule's triggers until the end of the test's transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'DROP TRIGGER {rule.name} ON "{rule.table}"')
        else:
            for number in range(len(rule.operations)):
                cursor.execute(f'DROP TRIGGER "{rule.name}_{number}"')
