"""The sitemap: published pages only, in every language."""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from trials.models import Condition, Trial


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return [
            "trials:home",
            "trials:list",
            "trials:glossary",
            "evidence:overview",
            "evidence:claims",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class TrialSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> QuerySet[Trial]:
        return Trial.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, trial: Trial):  # noqa: ANN201
        return trial.updated_at


class ConditionSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> QuerySet[Condition]:
        return (
            Condition.objects.active().filter(trials__status="published").distinct().order_by("pk")
        )

    def location(self, condition: Condition) -> str:
        return reverse("trials:condition", kwargs={"slug": condition.slug})


SITEMAPS = {"pages": StaticPagesSitemap, "trials": TrialSitemap, "conditions": ConditionSitemap}
