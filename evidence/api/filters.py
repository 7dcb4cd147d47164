"""Filter glue for the API: the site's TrialFilter through DRF; a 400 names the parameter."""

import re

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

from evidence.models import Reference, ReferenceKind
from trials.models import Trial

# What a value that names a row must look like (the schema says the same, evidence/api/views.py).
# A value of that form that names nothing we hold is a 404 ("nothing to list"); any other
# invalid value is a 400. `condition` also takes names and synonyms, so it has no pattern.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
NAMING_PARAMETERS: dict[str, str | None] = {
    "condition": None,
    "etiology": SLUG_PATTERN,
    "cell_source": SLUG_PATTERN,
    "route": SLUG_PATTERN,
    "country": COUNTRY_PATTERN,
    "outcome": SLUG_PATTERN,
    "trial": SLUG_PATTERN,
}
WHOLE_NUMBER = re.compile(r"-?[0-9]+")
YEAR_RANGE = ("start_year_min", "start_year_max")


def query_error(errors: dict[str, list[str]], *, status: int = 400) -> APIException:
    """The API's answer to refused query parameters: which ones, and why each."""
    detail = {
        "detail": _("Invalid query parameters: %(names)s.") % {"names": ", ".join(sorted(errors))},
        "errors": errors,
    }
    if status == 404:
        detail["detail"] = _("Nothing we hold matches: %(names)s.") % {
            "names": ", ".join(sorted(errors))
        }
        return NotFound(detail)
    return ValidationError(detail)


def without_empty_values(params: QueryDict) -> QueryDict:
    """The query without empty values: an empty parameter is the same as leaving it out."""
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        values = [value for value in values if value != ""]
        if values:
            kept.setlist(key, values)
    return kept


def _strict_value_errors(filterset: django_filters.FilterSet) -> dict[str, list[str]]:
    """What the filters' forms let through although the schema forbids it (booleans given as
    anything but true or false, decimals or exponents for whole numbers)."""
    errors: dict[str, list[str]] = {}
    for name, value in filterset.data.items():
        field = filterset.filters.get(name)
        if isinstance(field, django_filters.BooleanFilter) and value not in ("true", "false"):
            errors[name] = [str(_("Must be true or false."))]
        elif (
            isinstance(field, django_filters.NumberFilter)
            and field.extra.get("decimal_places") == 0
            and not WHOLE_NUMBER.fullmatch(value)
        ):
            errors[name] = [str(_("Must be a whole number."))]
    return errors


def _is_reversed_year_range(filterset: django_filters.FilterSet) -> bool:
    """Both start years are valid on their own, the last before the first: nothing can match."""
    low, high = (filterset.data.get(name, "") for name in YEAR_RANGE)
    if not (WHOLE_NUMBER.fullmatch(low) and WHOLE_NUMBER.fullmatch(high)):
        return False
    return 1900 <= int(high) < int(low) <= 2100


def _names_nothing(name: str, filterset: django_filters.FilterSet) -> bool:
    """The parameter's values have the form the schema asks for, and nothing we hold matches
    them (an unknown slug, a reversed year range)."""
    if name in YEAR_RANGE:
        return _is_reversed_year_range(filterset)
    if name not in NAMING_PARAMETERS:
        return False
    pattern = NAMING_PARAMETERS[name]
    values = filterset.data.getlist(name)
    return pattern is None or all(re.fullmatch(pattern, value) for value in values)


class ApiFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend whose 400 says which parameters were wrong and why.

    One rule for empty values: an empty parameter is ignored, as if it were not given. A value
    of the right form that names nothing we hold (an unknown slug) is a 404 naming the
    parameter; any other value the schema does not allow is a 400 naming it.
    """

    def get_filterset_kwargs(self, request: Request, queryset: QuerySet, view: APIView) -> dict:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["data"] = without_empty_values(request.query_params)
        return kwargs

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        strict = _strict_value_errors(filterset)
        if strict or not filterset.is_valid():
            errors = {
                name: [str(message) for message in messages]
                for name, messages in filterset.errors.items()
                if name not in strict
            }
            errors |= strict
            unknown = all(_names_nothing(name, filterset) for name in errors)
            raise query_error(errors, status=404 if unknown else 400)
        return filterset.qs


class TrialFilterBackend(ApiFilterBackend):
    """ApiFilterBackend that keeps the filterset it used on the view (`view.filterset`): the
    trial list pages a search's ranking from it (TrialViewSet.paginate_queryset)."""

    def get_filterset(
        self, request: Request, queryset: QuerySet, view: APIView
    ) -> django_filters.FilterSet | None:
        filterset = super().get_filterset(request, queryset, view)
        view.filterset = filterset
        return filterset


class ReferenceFilter(django_filters.FilterSet):
    """Filters of /api/references/."""

    trial = django_filters.ModelChoiceFilter(
        field_name="trial_links__trial",
        to_field_name="slug",
        queryset=Trial.objects.published(),
        help_text=_("Slug of a published trial: only the references that report it."),
    )
    kind = django_filters.ChoiceFilter(
        choices=ReferenceKind.choices, help_text=_("Kind of reference.")
    )
    year = django_filters.NumberFilter(
        field_name="year",
        min_value=0,
        max_value=9999,
        decimal_places=0,
        help_text=_("Year of publication, e.g. 2021."),
    )

    class Meta:
        model = Reference
        fields = ["trial", "kind", "year"]
