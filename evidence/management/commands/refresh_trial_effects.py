"""Store the per-trial comparisons that pooling reads (evidence.models.effects) afresh."""

from django.core.management.base import BaseCommand, CommandParser

from evidence.synthesis.stored import trial_effects_mark_all, trial_effects_refresh


class Command(BaseCommand):
    help = (
        "Store the per-trial comparisons of the trials marked stale (after a bulk load, for "
        "example); --all recomputes every trial. Pages are right either way: stale trials are "
        "computed on each read until stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Recompute every trial.")

    def handle(self, *args: object, all: bool, **options: object) -> None:  # noqa: A002
        if all:
            trial_effects_mark_all()
        done = trial_effects_refresh()
        self.stdout.write(f"Stored the comparisons of {done} trials.")
