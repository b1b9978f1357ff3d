from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.issuing import find_issued


class Command(BaseCommand):
    help = "Tell whether a PDF (or a SHA-256) is a report the portal issued, and which one."

    def add_arguments(self, parser) -> None:
        parser.add_argument("pdf_or_sha256")

    def handle(self, *args, pdf_or_sha256: str, **options) -> None:
        path = Path(pdf_or_sha256)
        if path.exists():
            found = find_issued(pdf=path.read_bytes())
        else:
            found = find_issued(sha256=pdf_or_sha256)
        if found is None:
            raise CommandError("Not an issued report of this portal.")
        self.stdout.write(f"Verified: {found} issued on {found.issued_at:%Y-%m-%d} "
                          f"(SHA-256 {found.sha256}).")
