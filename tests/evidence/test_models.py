"""Invariants of references: unique identifiers, authors, validation messages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evidence.models import Reference, ReferenceAuthor

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> str:
    return " ".join(
        str(message) for messages in error.message_dict.values() for message in messages
    )


def test_duplicate_doi_is_refused_with_a_message(make_reference):
    make_reference(doi="10.1007/s12072-021-10199-2")
    duplicate = Reference(title="Another", doi="10.1007/S12072-021-10199-2")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already has this DOI" in messages_of(error.value)


def test_duplicate_pmid_is_refused_by_the_database(make_reference):
    make_reference(pmid="28370357")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.create(title="Another", pmid="28370357")


def test_many_references_may_lack_a_doi(make_reference):
    make_reference()
    make_reference()
    assert Reference.objects.filter(doi="").count() == 2


def test_doi_resolver_prefix_is_removed(make_reference):
    reference = make_reference(doi="https://doi.org/10.1002/hep.29189")
    assert reference.doi == "10.1002/hep.29189"


def test_malformed_identifiers_are_refused():
    reference = Reference(title="Bad ids", doi="hep.29189", pmid="PMID123", pmcid="12345")
    with pytest.raises(ValidationError) as error:
        reference.full_clean()
    assert set(error.value.message_dict) >= {"doi", "pmid", "pmcid"}


def test_author_is_a_person_or_a_group(make_reference):
    reference = make_reference(authors=())
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferenceAuthor.objects.create(reference=reference, family="Shi", group_name="MSC Group")


def test_public_references_belong_to_published_trials(make_trial, make_reference):
    shown = make_reference(make_trial())
    make_reference(make_trial(status="draft"))
    assert list(Reference.objects.public()) == [shown]
