"""Public references with their ordered authors, and the published trials they report."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from evidence.models import Reference, ReferenceAuthor, TrialReference

from .common import described


class ReferenceAuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferenceAuthor
        fields = ("family", "given", "group_name")
        extra_kwargs = described(
            family=_("Family name; empty for a group author."),
            given=_("Given names or initials; may be empty."),
            group_name=_("Name of a collective author; empty for a person."),
        )


REFERENCE_DESCRIPTIONS = described(
    id=_("Stable numeric identifier of the reference."),
    kind=_("What the reference is: journal article, registry record, preprint, ..."),
    title=_("Title of the article or record."),
    short_title=_("Short title; may be empty."),
    journal=_("Full journal name."),
    journal_abbreviation=_("NLM journal abbreviation, e.g. Hepatol Int."),
    publisher=_("Publisher; for a registry record, the registry."),
    year=_("Year of publication."),
    month=_("Month of publication (1-12), or null."),
    day=_("Day of publication, or null."),
    volume=_("Volume."),
    issue=_("Issue."),
    pages=_("Pages, e.g. 1431-1441."),
    doi=_("DOI without a resolver prefix, e.g. 10.1007/s12072-021-10199-2."),
    pmid=_("PubMed identifier."),
    pmcid=_("PubMed Central identifier, e.g. PMC1234567."),
    report_number=_("For a registry record, the registry identifier (e.g. NCT01220492)."),
    issn=_("ISSN of the journal."),
    url=_("Web address of the reference."),
    abstract=_("Abstract, only where we have the right to show it; often empty."),
    language=_("Language of the publication."),
    accessed_date=_("For a web source, the date it was read."),
    publication_types=_("PubMed publication types."),
    updated_at=_("When the reference was last changed."),
)
REFERENCE_FIELDS = (
    "id",
    "api_url",
    "kind",
    "title",
    "short_title",
    "authors",
    "journal",
    "journal_abbreviation",
    "publisher",
    "year",
    "month",
    "day",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "report_number",
    "issn",
    "url",
    "abstract",
    "language",
    "accessed_date",
    "publication_types",
    "updated_at",
)


class ReferenceSerializer(serializers.ModelSerializer):
    """A public reference with its authors in order."""

    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:reference-detail", help_text=_("This reference in the API.")
    )
    authors = ReferenceAuthorSerializer(
        many=True, read_only=True, help_text=_("Authors in the order of the byline.")
    )
    publication_types = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("PubMed publication types.")
    )

    class Meta:
        model = Reference
        fields = REFERENCE_FIELDS
        extra_kwargs = REFERENCE_DESCRIPTIONS


class ReferenceTrialLinkSerializer(serializers.ModelSerializer):
    """A published trial that a reference reports, and how."""

    trial = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=_("Slug of the published trial.")
    )

    class Meta:
        model = TrialReference
        fields = ("trial", "role")
        extra_kwargs = described(
            role=_(
                "What the reference is for this trial: primary results, long-term "
                "follow-up, protocol, registry record, ..."
            )
        )


class ReferenceDetailSerializer(ReferenceSerializer):
    trials = ReferenceTrialLinkSerializer(
        source="published_links",
        many=True,
        read_only=True,
        help_text=_("The published trials this reference reports."),
    )

    class Meta(ReferenceSerializer.Meta):
        fields = (*REFERENCE_FIELDS, "trials")
