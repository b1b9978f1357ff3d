"""Participants from a CSV or XLSX file: all rows or none, with an error per bad row.

Columns (a header row): name, country (any ISO 3166-1 country: its alpha-3 or alpha-2 code
or English name, see forum.countries), organisation, function,
category (state, expert, un_official, agency, government_personnel), email, invited_on,
passport_number, date_of_birth, needs_visa (yes/no), visa_applied_on, visa_issued_on,
needs_exit_permit (yes/no).
Dates are YYYY-MM-DD. Personal data in the file is never echoed in an error message. The
file is read and checked by `budget.import_files`.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from budget.import_files import ImportRefused, Row, cell_date, import_rows, read_table
from forum.actions import register_participant
from forum.countries import country_for
from forum.models import Forum, Participant

REQUIRED = {"name", "country", "category"}
OPTIONAL = {"organisation", "function", "email", "invited_on", "passport_number",
            "date_of_birth", "needs_visa", "visa_applied_on", "visa_issued_on",
            "needs_exit_permit"}
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
DATES = ("invited_on", "date_of_birth", "visa_applied_on", "visa_issued_on")
MAX_ROWS = 5000

__all__ = ["ImportRefused", "import_participants"]


def _flag(value: str, column: str) -> bool:
    value = (value or "").strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValidationError(_("%(column)s must be yes or no") % {"column": column})


def import_participants(*, forum: Forum, file_name: str, content: bytes,
                        acting_user: AbstractBaseUser | None) -> int:
    table = read_table(file_name, content, required=REQUIRED, optional=OPTIONAL,
                       max_rows=MAX_ROWS, spreadsheets=True)

    def register(row: Row) -> None:
        cells = row.cells
        value = cells.get("country", "").strip()
        try:
            country = country_for(value)
        except ValidationError:
            # The value is named only when it looks like a code: a shifted column could
            # otherwise put a passport number in the message.
            if len(value) <= 3 and value.isalpha():
                raise
            raise ValidationError(_("the country is not an ISO 3166-1 code or country "
                                    "name")) from None
        category = cells.get("category", "")
        if category not in Participant.Category.values:
            raise ValidationError(_("unknown category (state, expert, un_official, agency, "
                                    "government_personnel)"))
        name = cells.get("name", "")
        if forum.participants.filter(name=name, country=country).exists():
            raise ValidationError(_("%(name)s (%(code)s) is already registered")
                                  % {"name": name, "code": country.code})
        dates = {column: cell_date(cells.get(column, ""), column) for column in DATES}
        register_participant(
            forum=forum, name=name, country=country, category=category,
            organisation=cells.get("organisation", ""), function=cells.get("function", ""),
            email=cells.get("email", ""), passport_number=cells.get("passport_number", ""),
            needs_visa=_flag(cells.get("needs_visa", ""), "needs_visa")
            or bool(dates["visa_applied_on"]),
            needs_exit_permit=_flag(cells.get("needs_exit_permit", ""), "needs_exit_permit"),
            acting_user=acting_user, **dates)

    return import_rows(table.rows, register)
