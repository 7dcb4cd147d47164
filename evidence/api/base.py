"""What every API view shares: errors in the schema, pages, the throttle, conditional GETs, 404s."""

import uritemplate
from django.http import HttpRequest, HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, viewsets
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    schema,
    throttle_classes,
)
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

# Errors ---------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in one sentence."))


class FilterErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("For each invalid query parameter, the reasons it was refused."),
    )


class ListNotFoundSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("When a filter names something we do not hold: for each such parameter, why."),
    )


def error_responses(*, is_list: bool = False) -> dict[str, OpenApiResponse]:
    """The error answers of an operation, for its schema (`@extend_schema(responses=...)`)."""
    errors = {
        "404": OpenApiResponse(
            ErrorSerializer, description=_("No such published object, or no such page.")
        ),
        "429": OpenApiResponse(
            ErrorSerializer,
            description=_("Too many requests; the Retry-After header says when to retry."),
        ),
    }
    if is_list:
        errors["400"] = OpenApiResponse(
            FilterErrorSerializer,
            description=_(
                "A query parameter has a value the API does not accept (not a whole number in "
                "range, not one of the listed values, not true or false); `errors` names it."
            ),
        )
        errors["404"] = OpenApiResponse(
            ListNotFoundSerializer,
            description=_(
                "No such page, or a filter names something we do not hold (an unknown slug); "
                "`errors` then names the parameter."
            ),
        )
    return errors


def allow_empty_query_values(result: dict, **kwargs: object) -> dict:
    """drf-spectacular post-processing hook: every query parameter may be sent empty.

    The API's one rule for empty values (`?condition=` is the same as no condition), said in the
    schema, so that clients and schemathesis know it.
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result


class ApiAutoSchema(AutoSchema):
    """Document the error responses every operation can give and describe every path parameter
    (through AutoSchema's public hooks; an operation with its own `responses` lists
    `error_responses()` itself)."""

    def get_response_serializers(self) -> dict:
        responses = super().get_response_serializers()
        if not isinstance(responses, dict):  # one serializer, for the success
            responses = {"200": responses}
        # Every list takes page and page_size, so every list can answer 400.
        errors = error_responses(is_list=getattr(self.view, "action", None) == "list")
        return {**responses, **{code: e for code, e in errors.items() if code not in responses}}

    def get_override_parameters(self) -> list:
        parameters = super().get_override_parameters()
        overridden = {getattr(parameter, "name", None) for parameter in parameters}
        model = self.view.get_queryset().model
        pattern = f"^{self.view.lookup_value_regex}$"
        for variable in uritemplate.variables(self.path):
            if variable in overridden:
                continue
            description = _("%(field)s of the %(model)s.") % {
                "field": "Slug" if variable == "slug" else "Numeric id",
                "model": model._meta.verbose_name,
            }
            parameters.append(
                OpenApiParameter(
                    variable, str, OpenApiParameter.PATH, description=description, pattern=pattern
                )
            )
        return parameters


@api_view(["GET", "HEAD", "OPTIONS"])
@authentication_classes([])
@throttle_classes([])
@schema(None)
def not_found(request: Request, path: str = "") -> Response:
    """Any other address under /api/: a JSON 404 rather than the site's HTML page."""
    return Response({"detail": _("There is nothing at this address of the API.")}, status=404)


# Shared behaviour ---------------------------------------------------------------------------


class ApiPagination(PageNumberPagination):
    """Pages of 30 by default; ?page_size= up to 100. A page or page size that is not a whole
    number in range is a 400 naming it (DRF would quietly use the default); an empty one is
    the default; a page past the end is a 404."""

    page_size = 30
    page_size_query_param = "page_size"
    page_size_query_description = _("Number of results per page (1 to 100; default 30).")
    max_page_size = 100

    def _whole_number(self, request: Request, name: str, maximum: int | None = None) -> int | None:
        raw = request.query_params.get(name, "")
        if raw == "":
            return None
        number = int(raw) if raw.isascii() and raw.isdigit() else 0
        if number < 1 or (maximum is not None and number > maximum):
            message = (
                _("Must be a whole number from 1 to %(maximum)d.") % {"maximum": maximum}
                if maximum is not None
                else _("Must be a whole number from 1.")
            )
            raise ValidationError(
                {
                    "detail": _("Invalid query parameters: %(names)s.") % {"names": name},
                    "errors": {name: [message]},
                }
            )
        return number

    def get_page_size(self, request: Request) -> int:
        size = self._whole_number(request, self.page_size_query_param, self.max_page_size)
        return self.page_size if size is None else size

    def paginate_queryset(self, queryset: object, request: Request, view: object = None) -> list:
        self._whole_number(request, self.page_query_param)  # checked before DRF reads it
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: object) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {"page": {"minimum": 1}, "page_size": {"minimum": 1, "maximum": 100}}
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": _("Number of results across all pages."),
            "next": _("URL of the next page, or null on the last page."),
            "previous": _("URL of the previous page, or null on the first page."),
            "results": _("The results on this page, in a stable order."),
        }
        for name, text in descriptions.items():
            paginated["properties"][name]["description"] = text
        return paginated


class ApiAnonThrottle(AnonRateThrottle):
    """The anonymous rate from settings, read at request time (so tests can change it)."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ApiViewSet(viewsets.ReadOnlyModelViewSet):
    """Public, anonymous, throttled, paginated; a content ETag on every successful GET."""

    authentication_classes: tuple = ()
    throttle_classes = (ApiAnonThrottle,)
    pagination_class = ApiPagination
    filter_backends: tuple = ()
    schema = ApiAutoSchema()
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        # The site's unprefixed URLs are English; the API answers in the Accept-Language, and
        # only for this response (the language is not left active for whatever runs next).
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    def throttled(self, request: Request, wait: float | None) -> None:
        raise Throttled(
            wait=wait,
            detail=_("Too many requests: anonymous clients may make %(rate)s.")
            % {"rate": ApiAnonThrottle().get_rate()},
        )

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: object, **kwargs: object
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and isinstance(response, Response)
        ):
            # Rendered here, in the request's language (the handler would render it next anyway),
            # then Django's conditional GET: an ETag from the content, and 304 for a matching
            # If-None-Match or If-Modified-Since.
            response.render()
            return ConditionalGetMiddleware(lambda _request: response)(request)
        return response
