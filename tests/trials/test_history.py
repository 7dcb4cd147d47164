"""History of many-to-many fields: each history entry holds the links the trial had then."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trials.models import Country, Trial

pytestmark = pytest.mark.django_db


def test_each_entry_snapshots_the_links_of_its_time(make_trial, make_condition):
    cirrhosis, aclf = make_condition("Cirrhosis"), make_condition("ACLF")
    country = Country.objects.create(code="CN", name="China", slug="cn")
    trial = make_trial()
    trial.conditions.add(cirrhosis)
    trial.countries.add(country)
    trial.conditions.add(aclf)
    trial.conditions.remove(cirrhosis)

    newest, *_, created = trial.history.all()
    assert created.history_type == "+"
    assert created.conditions.count() == 0 and created.countries.count() == 0
    assert {row.condition_id for row in newest.conditions.all()} == {aclf.pk}
    assert {row.country_id for row in newest.countries.all()} == {country.pk}
    snapshots = [{row.condition_id for row in e.conditions.all()} for e in trial.history.all()]
    assert snapshots[:4] == [{aclf.pk}, {cirrhosis.pk, aclf.pk}, {cirrhosis.pk}, {cirrhosis.pk}]


def test_a_new_trial_reads_no_links_for_its_first_entry(make_trial):
    trial = make_trial()
    with CaptureQueriesContext(connection) as queries:
        Trial.objects.get(pk=trial.pk).save()  # an edit: one read per many-to-many field
    reads = [q["sql"] for q in queries if "_conditions" in q["sql"] or "_countries" in q["sql"]]
    assert len([sql for sql in reads if sql.startswith("SELECT")]) == 2
    new = Trial(slug="new-one", title="A new trial")
    with CaptureQueriesContext(connection) as queries:
        new.save()
    assert not [q["sql"] for q in queries if "trials_trial_conditions" in q["sql"]]


def test_history_managers_are_built_once_per_model(make_trial):
    trial = make_trial()
    assert type(trial.history) is type(Trial.history) is type(make_trial().history)
    entry = trial.history.first()
    assert type(entry.conditions) is type(trial.history.last().conditions)
    assert trial.history.count() == 1 and Trial.history.count() >= 1
