"""Filter glue for the API: the site's TrialFilter through DRF; a 400 names the parameter."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

from evidence.models import Reference, ReferenceKind
from trials.models import Trial


class ApiFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend whose 400 says which parameters were wrong and why."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            errors = {
                name: [str(message) for message in messages]
                for name, messages in filterset.errors.items()
            }
            raise ValidationError(
                {
                    "detail": _("Invalid query parameters: %(names)s.")
                    % {"names": ", ".join(sorted(errors))},
                    "errors": errors,
                }
            )
        return filterset.qs


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
        help_text=_("Year of publication, e.g. 2021."),
    )

    class Meta:
        model = Reference
        fields = ["trial", "kind", "year"]
