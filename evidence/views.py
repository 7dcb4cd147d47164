"""Public pages about the evidence (being built: see the export and synthesis issues)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def overview(request: HttpRequest) -> HttpResponse:
    """Reviews and pooled results."""
    return render(request, "evidence/overview.html", {})


def basket(request: HttpRequest) -> HttpResponse:
    """The visitor's own reference list."""
    return render(request, "evidence/basket.html", {})
