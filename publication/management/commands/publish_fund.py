from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.commands import acting_user_named, add_acting_user_argument
from budget.models import Fund
from publication.actions import publication_of, set_publication


class Command(BaseCommand):
    help = ("Choose what of a fund is public (docs/publication.md#opt-in): its factsheet and "
            "its IATI file. What is not named keeps its current setting.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("project_number", help="For example INT/14/X46/A.")
        for name in ("factsheet", "iati"):
            parser.add_argument(f"--{name}", choices=["on", "off"])
        parser.add_argument("--funding-org-ref", dest="funding_org_ref")
        add_acting_user_argument(parser)

    def handle(self, *args, project_number: str, factsheet: str | None, iati: str | None,
               funding_org_ref: str | None, user: str, **options) -> None:
        acting_user = acting_user_named(user)
        fund = Fund.objects.select_related("agreement").filter(
            project_number=project_number).first()
        if fund is None:
            raise CommandError(f"No fund {project_number}.")
        current = publication_of(fund)
        try:
            chosen = set_publication(
                fund=fund, acting_user=acting_user,
                publish_factsheet=current.publish_factsheet if factsheet is None
                else factsheet == "on",
                publish_iati=current.publish_iati if iati is None else iati == "on",
                funding_org_ref=current.funding_org_ref if funding_org_ref is None
                else funding_org_ref)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{fund}: factsheet {'on' if chosen.publish_factsheet else 'off'}, "
                          f"IATI file {'on' if chosen.publish_iati else 'off'}.")
