"""URLs of the JSON API, its OpenAPI schema and its documentation page (under /api/)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView, DefaultRouter

from . import base, views

app_name = "api"


class ApiRootView(APIRootView):
    """/api/: the address of every endpoint, of the schema and of the documentation page."""

    authentication_classes = ()
    throttle_classes = (base.ApiAnonThrottle,)

    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        response = super().get(request, *args, **kwargs)
        response.data["coverage"] = reverse("api:coverage", request=request)
        response.data["schema"] = reverse("api:schema", request=request)
        response.data["docs"] = reverse("api:docs", request=request)
        return response


class ApiRouter(DefaultRouter):
    # No ".json" suffix routes: JSON is the only format, and one URL per resource keeps caches
    # simple.
    include_format_suffixes = False
    APIRootView = ApiRootView


router = ApiRouter()
router.register("trials", views.TrialViewSet, basename="trial")
router.register("conditions", views.ConditionViewSet, basename="condition")
router.register("etiologies", views.EtiologyViewSet, basename="etiology")
router.register("cell-sources", views.CellSourceViewSet, basename="cell-source")
router.register("routes", views.RouteViewSet, basename="route")
router.register("countries", views.CountryViewSet, basename="country")
router.register("measures", views.OutcomeMeasureViewSet, basename="measure")
router.register("references", views.ReferenceViewSet, basename="reference")
router.register("reviews", views.ReviewViewSet, basename="review")

# The schema has one version, fixed here: drf-spectacular would otherwise take a client's
# ?version= and write it into the Content-Disposition header (a newline in it was a 500).
API_VERSION = "1.0.0"

urlpatterns = [
    # One object, not a collection: only the list route of its viewset.
    path("coverage/", views.CoverageViewSet.as_view({"get": "retrieve"}), name="coverage"),
    path("schema/", SpectacularAPIView.as_view(api_version=API_VERSION), name="schema"),
    path(
        "docs/",
        # GET and HEAD only: the page is an HTML template, and DRF's OPTIONS answer has none.
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema",
            template_name="api/swagger_ui.html",
            http_method_names=["get", "head"],
        ),
        name="docs",
    ),
    path("", include(router.urls)),
    re_path(r"^(?P<path>[\s\S]*)\Z", base.not_found, name="not-found"),
]
