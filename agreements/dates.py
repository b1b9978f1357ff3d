"""The portal's "today": the date in the portal's TIME_ZONE, whatever time zone a page shows
its times in. Every rule that depends on today (no notice or contribution in the future, the
default date of a reversal, whether a year may be closed) takes it from here, so that two
officers in Astana and New York get the same answer (docs/periods.md#posting-dates)."""

from datetime import date

from django.utils import timezone


def portal_today() -> date:
    return timezone.localdate(timezone=timezone.get_default_timezone())
