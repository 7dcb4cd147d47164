"""Public pages about trials (being built: see the browsing issue)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Condition, Trial


def home(request: HttpRequest) -> HttpResponse:
    """The front page."""
    return render(request, "trials/home.html", {})


def trial_list(request: HttpRequest) -> HttpResponse:
    """The filtered list of published trials."""
    return render(request, "trials/trial_list.html", {"trials": Trial.objects.published()})


def trial_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One published trial."""
    trial = get_object_or_404(Trial.objects.published(), slug=slug)
    return render(request, "trials/trial_detail.html", {"trial": trial})


def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One condition and its trials."""
    condition = get_object_or_404(Condition.objects.active(), slug=slug)
    return render(request, "trials/condition_detail.html", {"condition": condition})


def glossary(request: HttpRequest) -> HttpResponse:
    """Plain-language explanations of the measures and words the site uses."""
    return render(request, "trials/glossary.html", {})
