"""manage.py load_demo: the real demo data, and with DEBUG on a local curator login."""

from django.conf import settings
from django.core.management.base import BaseCommand

from evidence.demo.load import curator_account_ensure, demo_data_load
from evidence.exports.citations import all_citations_store

CURATOR_USERNAME = "curator"


class Command(BaseCommand):
    help = (
        "Load the real demo data (30 published trials and 6 reviews from evidence/demo/data). "
        "Safe to run again: unchanged rows are left alone. With DEBUG on, also create a local "
        "curator account and print its login once."
    )

    def handle(self, *args: object, **options: object) -> None:
        result = demo_data_load()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {result.summary()}."))
        # The exports' formatted citations, rendered once now rather than on the first export.
        rendered = all_citations_store()
        self.stdout.write(f"Citations stored: {rendered} entries rendered.")
        if not settings.DEBUG:
            return
        password = curator_account_ensure(username=CURATOR_USERNAME)
        if password is None:
            self.stdout.write(
                f"The local curator account '{CURATOR_USERNAME}' already exists; its password "
                "was printed when it was created. To set a new one: "
                f"python manage.py changepassword {CURATOR_USERNAME}"
            )
            return
        self.stdout.write(
            self.style.WARNING(
                "Local curator login (shown only this once): "
                f"username {CURATOR_USERNAME}  password {password}  at /admin/\n"
                "The password was set now; to change it later: "
                f"python manage.py changepassword {CURATOR_USERNAME}"
            )
        )
