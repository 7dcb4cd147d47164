"""The seed_synthetic command: clearly synthetic, published, idempotent, removable."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from trials.models import Arm, CellSource, Condition, Trial

pytestmark = pytest.mark.django_db


def test_seed_creates_synthetic_published_trials_with_vocabularies():
    call_command("seed_synthetic", trials=12)
    trials = Trial.objects.filter(slug__startswith="synthetic-trial-")
    assert trials.count() == 12 == Trial.objects.published().count()
    assert trials.filter(title="Synthetic trial 00001").exists()
    assert Condition.objects.filter(name__startswith="Synthetic").exists()
    assert all(source.name.startswith("Synthetic") for source in CellSource.objects.all())
    assert Arm.objects.filter(trial__in=trials, cell_source__isnull=False).exists()


def test_seed_twice_adds_up_to_the_number_asked():
    call_command("seed_synthetic", trials=5)
    call_command("seed_synthetic", trials=5)
    assert Trial.objects.count() == 5
    call_command("seed_synthetic", trials=8)
    assert Trial.objects.count() == 8
    assert Trial.objects.filter(slug="synthetic-trial-00008").exists()


def test_seed_uses_existing_vocabularies(make_vocabulary, make_condition):
    make_condition("Test condition")
    source = make_vocabulary(CellSource, "Test cells")
    call_command("seed_synthetic", trials=4)
    assert not Condition.objects.filter(name__startswith="Synthetic").exists()
    assert set(Arm.objects.exclude(cell_source=None).values_list("cell_source", flat=True)) == {
        source.pk
    }


def test_clear_removes_only_synthetic_trials(make_trial, make_reference):
    kept = make_trial("Test trial kept")
    call_command("seed_synthetic", trials=6)
    make_reference(trial=Trial.objects.get(slug="synthetic-trial-00002"))
    call_command("seed_synthetic", clear=True, trials=0)
    call_command("seed_synthetic", clear=True, trials=0)
    assert list(Trial.objects.all()) == [kept]
    assert not Arm.objects.filter(label__startswith="Synthetic").exists()


def test_synthetic_trials_are_searchable():
    call_command("seed_synthetic", trials=3)
    assert Trial.objects.published().search("Synthetic").count() == 3


def test_seed_without_triggers_gives_the_same_trials_on_postgresql_only():
    """The benchmarks' fast seed: the same published, searchable trials on PostgreSQL; a clear
    command error elsewhere (SQLite has no switch for its triggers)."""
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="needs PostgreSQL"):
            call_command("seed_synthetic", trials=3, without_triggers=True)
        assert not Trial.objects.exists()
        return
    call_command("seed_synthetic", trials=3, without_triggers=True)
    assert Trial.objects.published().search("Synthetic").count() == 3
    assert Arm.objects.filter(trial__slug__startswith="synthetic-trial-").exists()
    call_command("seed_synthetic", trials=5)  # triggers on again: the rest as usual
    assert Trial.objects.published().count() == 5
