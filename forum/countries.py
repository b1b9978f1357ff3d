"""Countries are those of ISO 3166-1 (through pycountry). A Country row is made the first time
a participant, a forum definition or a form names a country, with the ISO short name and the
`developing` flag from `forum/developing_countries.csv`; from then on the row is what counts
(an administrator may rename it or change its flag in the Django admin)."""

import csv
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from forum.models import Country

DEVELOPING_FILE = Path(__file__).with_name("developing_countries.csv")


def iso_country(value: str) -> Any | None:
    """The pycountry record for an alpha-3 or alpha-2 code or an English name (short, official
    or common), whatever the case; None when ISO 3166-1 has no such country. Numeric codes
    are not taken: a stray number in a file is not a country."""
    value = (value or "").strip()
    if not value or any(character.isdigit() for character in value):
        return None
    if len(value) == 3 and value.isalpha():
        return pycountry.countries.get(alpha_3=value.upper())
    if len(value) == 2 and value.isalpha():
        return pycountry.countries.get(alpha_2=value.upper())
    try:
        return pycountry.countries.lookup(value)
    except LookupError:
        return None


def refusal(value: str) -> ValidationError:
    shown = (value or "").strip()
    shown = shown if len(shown) <= 60 else shown[:60] + "…"
    return ValidationError(
        _("'%(value)s' is not an ISO 3166-1 country: give its three-letter code (FRA), its "
          "two-letter code (FR) or its English name (France).") % {"value": shown},
        code="not_iso_3166")


@cache
def developing_codes(path: Path = DEVELOPING_FILE) -> frozenset[str]:
    """The alpha-3 codes the data file lists as developing (lines starting # are comments)."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.reader(line for line in file if line.strip() and not line.startswith("#"))
        codes = frozenset(row[0].strip().upper() for row in rows if row and row[0] != "code")
    unknown = sorted(code for code in codes if pycountry.countries.get(alpha_3=code) is None)
    if unknown:
        raise ValueError(f"{path}: not ISO 3166-1 alpha-3 codes: {', '.join(unknown)}")
    return codes


def country_for(value: str) -> Country:
    """The Country named by an ISO 3166-1 code or name, made from pycountry and the data file
    when it is not there yet; ValidationError naming the value for anything else. A name an
    administrator gave a row (such as "Republic of Korea") is recognised too."""
    record = iso_country(value)
    if record is None:
        existing = Country.objects.filter(name__iexact=(value or "").strip()).first()
        if existing is not None:
            return existing
        raise refusal(value)
    name = record.name
    if Country.objects.filter(name=name).exclude(code=record.alpha_3).exists():
        # Names are unique, and an administrator may have given this one to another row.
        name = f"{name} ({record.alpha_3})"
    country, _created = Country.objects.get_or_create(code=record.alpha_3, defaults={
        "name": name, "developing": record.alpha_3 in developing_codes()})
    return country
