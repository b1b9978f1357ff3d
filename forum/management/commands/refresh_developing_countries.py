from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.commands import acting_user_named, add_acting_user_argument
from forum.countries import DEVELOPING_FILE, developing_codes
from forum.models import Country


class Command(BaseCommand):
    help = ("Set every recorded country's 'developing Member State' flag from "
            "forum/developing_countries.csv; each change is kept in the admin's log.")

    def add_arguments(self, parser) -> None:
        add_acting_user_argument(parser)
        parser.add_argument("--dry-run", action="store_true",
                            help="show what would change, change nothing")

    def handle(self, *args, user: str, dry_run: bool, **options) -> None:
        acting_user = acting_user_named(user)
        codes = developing_codes()
        with transaction.atomic():
            changed = [country for country in Country.objects.select_for_update()
                       if country.developing != (country.code in codes)]
            for country in changed:
                country.developing = not country.developing
                self.stdout.write(f"{country.code} {country.name}: "
                                  f"{'developing' if country.developing else 'not developing'}")
            if changed and not dry_run:
                Country.objects.bulk_update(changed, ["developing"])
                LogEntry.objects.log_actions(
                    acting_user.pk, changed, CHANGE,
                    change_message=f"developing Member State set from {DEVELOPING_FILE.name}")
        if not changed:
            self.stdout.write("Every country already has the flag the file gives it.")
        elif dry_run:
            self.stdout.write(f"{len(changed)} countries would change; nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{len(changed)} countries changed."))
