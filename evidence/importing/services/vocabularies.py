"""Our vocabularies by name, as importers match a registry's words against them."""

from django.utils.functional import cached_property

from evidence.importing.services.report import names_of
from trials.models import Condition, Country, OutcomeMeasure

# ClinicalTrials.gov country names that differ from the usual English name, by ISO code.
COUNTRY_ALIASES = {
    "korea, republic of": "KR",
    "iran, islamic republic of": "IR",
    "russian federation": "RU",
    "taiwan": "TW",
    "turkey": "TR",
    "türkiye": "TR",
    "czechia": "CZ",
    "viet nam": "VN",
    "united states": "US",
    "united kingdom": "GB",
}


class Vocabularies:
    """Our conditions, countries and measures by lower-cased name, read once per document."""

    @cached_property
    def conditions(self) -> dict[str, Condition]:
        index: dict[str, Condition] = {}
        for condition in Condition.objects.all():  # one query for the vocabulary
            for name in names_of(condition, "name"):
                index.setdefault(name, condition)
            for synonyms in names_of(condition, "synonyms"):
                for line in synonyms.splitlines():
                    if line.strip():
                        index.setdefault(line.strip(), condition)
        return index

    @cached_property
    def countries(self) -> dict[str, Country]:
        index: dict[str, Country] = {}
        by_code = {}
        for country in Country.objects.all():  # one query for the vocabulary
            by_code[country.code.upper()] = country
            for name in names_of(country, "name"):
                index.setdefault(name, country)
        for alias, code in COUNTRY_ALIASES.items():
            if code in by_code:
                index.setdefault(alias, by_code[code])
        return index

    @cached_property
    def measures(self) -> dict[str, OutcomeMeasure]:
        index: dict[str, OutcomeMeasure] = {}
        for measure in OutcomeMeasure.objects.all():  # one query for the vocabulary
            for name in [*names_of(measure, "name"), measure.abbreviation.strip().lower()]:
                if name:
                    index.setdefault(name, measure)
        return index
