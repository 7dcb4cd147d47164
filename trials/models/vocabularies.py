"""Vocabularies that curators extend: conditions, etiologies, cell sources, routes, measures."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import InterventionClass, MeasureKind, ProductKind


class VocabularyQuerySet(models.QuerySet):
    def active(self) -> "VocabularyQuerySet":
        """Terms curators have not retired."""
        return self.filter(is_active=True)


class Vocabulary(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("plain-language description"),
        blank=True,
        help_text=_("What this means, in words a patient understands."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Retire a term instead of deleting it.")
    )

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Condition(Vocabulary):
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader condition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    synonyms = models.TextField(
        _("synonyms"),
        blank=True,
        help_text=_("Other names, one per line (for example NAFLD for MASLD)."),
    )
    questions = models.TextField(
        _("questions to ask your hepatologist or a clinic"),
        blank=True,
        help_text=_(
            "Shown on the condition page under its key messages: one question per line, general "
            "questions a patient can take to a consultation (no new facts, no advice)."
        ),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="%(app_label)s_%(class)s_not_own_parent"
            )
        ]

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError(
                    {"parent": _("A condition cannot sit below itself or its own narrower terms.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Etiology(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("etiology")
        verbose_name_plural = _("etiologies")


class CellSource(Vocabulary):
    product_kind = models.CharField(
        _("product kind"), max_length=20, choices=ProductKind, default=ProductKind.LIVING_CELLS
    )
    intervention_class = models.CharField(
        _("intervention class"),
        max_length=30,
        choices=InterventionClass,
        help_text=_(
            "MSC (cultured mesenchymal stromal cells from any tissue); MSC-derived, cell-free "
            "(extracellular vesicles, exosomes, secretome); or other cells (bone-marrow "
            "mononuclear cells, CD34+/CD133+ cells, uncultured fat-derived cells, cells the "
            "source does not specify). Results are only ever pooled within one class."
        ),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("cell source")
        verbose_name_plural = _("cell sources")
        constraints = [
            # A source without a class would silently drop out of every pooled result.
            models.CheckConstraint(
                condition=Q(intervention_class__in=InterventionClass.values),
                name="%(app_label)s_%(class)s_intervention_class_set",
                violation_error_message=_("Choose the intervention class of this cell source."),
            )
        ]


class Route(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("route")
        verbose_name_plural = _("routes")


class Country(Vocabulary):
    code = models.CharField(
        _("ISO code"), max_length=2, unique=True, help_text=_("Two letters, e.g. CN.")
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class OutcomeMeasure(Vocabulary):
    abbreviation = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MeasureKind)
    unit = models.CharField(
        _("canonical unit"),
        max_length=40,
        blank=True,
        help_text=_("The unit values are converted to for comparison, e.g. g/L for albumin."),
    )
    higher_is_better = models.BooleanField(
        _("higher is better"),
        null=True,
        blank=True,
        help_text=_("Yes for albumin or survival; no for MELD or bilirubin; empty if neither."),
    )
    plausible_min = models.FloatField(_("lowest plausible value"), null=True, blank=True)
    plausible_max = models.FloatField(_("highest plausible value"), null=True, blank=True)
    is_safety = models.BooleanField(_("safety outcome"), default=False)
    important_difference = models.FloatField(
        _("minimal important difference"),
        null=True,
        blank=True,
        help_text=_(
            "The smallest difference patients notice, from a published source: for a continuous "
            "measure in its canonical unit (e.g. 2 for 2 points of MELD); for an event measure "
            "as a relative change in risk, in percent (e.g. 25). Empty when no source gives one: "
            "then the site uses no size words and GRADE's rule of thumb for imprecision."
        ),
    )
    important_difference_source = models.CharField(
        _("source of the minimal important difference"),
        max_length=500,
        blank=True,
        help_text=_("The publication (with DOI or PMID) and a short quote that give it."),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("outcome measure")
        verbose_name_plural = _("outcome measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(important_difference__isnull=True) | Q(important_difference__gt=0),
                name="%(app_label)s_%(class)s_important_difference_positive",
                violation_error_message=_("A minimal important difference is above zero."),
            ),
            models.CheckConstraint(
                condition=Q(important_difference__isnull=True) | ~Q(important_difference_source=""),
                name="%(app_label)s_%(class)s_important_difference_sourced",
                violation_error_message=_(
                    "Give the source of the minimal important difference (publication and quote)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(plausible_min__isnull=True)
                | Q(plausible_max__isnull=True)
                | Q(plausible_min__lte=models.F("plausible_max")),
                name="%(app_label)s_%(class)s_plausible_range_ordered",
                violation_error_message=_(
                    "The lowest plausible value must not be above the highest."
                ),
            ),
        ]

    @property
    def label(self) -> str:
        return self.abbreviation or self.name
