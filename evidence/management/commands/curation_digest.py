"""Print what needs curators' attention as plain text, for a weekly cron job that mails it."""

from django.core.management.base import BaseCommand, CommandParser

from evidence.curation.report import curation_sections, digest_text


class Command(BaseCommand):
    help = (
        "Print what needs curators' attention (the admin dashboard's lists) as plain text. "
        "Prints 'Nothing needs attention.' and exits 0 when all is well."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="",
            help="Prefix for the admin links, e.g. https://example.org (default: paths only).",
        )

    def handle(self, *args: object, base_url: str, **options: object) -> None:
        self.stdout.write(digest_text(curation_sections(), base_url=base_url), ending="")
