"""Every admin autocomplete ranks what the curator typed: an exact match first, then names that
start with it (shorter first), then the rest in the admin's order. "MELD" offers "MELD score"
(short name MELD) before "MELD fall of 3 points or more"."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length


def name_fields(model: type[models.Model], search_fields: list[str]) -> list[str]:
    """The search fields that are the record's own text columns (its name, short name, code),
    not lookups across relations or the long text fields."""
    names = []
    for name in search_fields:
        name = name.lstrip("^=@")
        if "__" in name:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a search field that is no model field is skipped
            continue
        if isinstance(field, models.CharField):
            names.append(name)
    return names


def ranked(queryset: QuerySet, fields: list[str], term: str) -> QuerySet:
    """The queryset with exact matches of one of `fields` first, then prefix matches (shorter
    first), then the rest in its own order."""
    term = term.strip()
    if not term or not fields:
        return queryset
    exact, prefix = Q(), Q()
    for name in fields:
        exact |= Q(**{f"{name}__iexact": term})
        prefix |= Q(**{f"{name}__istartswith": term})
    rank = Case(
        When(exact, then=Value(0)),
        When(prefix, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering or ["pk"])
    return queryset.annotate(
        autocomplete_rank=rank, autocomplete_length=Length(fields[0])
    ).order_by("autocomplete_rank", "autocomplete_length", *ordering)


class RankedAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete view with the results ranked (AdminSite.autocomplete_view)."""

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        fields = name_fields(
            self.model_admin.model, self.model_admin.get_search_fields(self.request)
        )
        return ranked(queryset, fields, self.term)
