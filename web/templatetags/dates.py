from datetime import date, datetime

from django import template
from django.utils import timezone

from agreements.dates import date_in_words

register = template.Library()


def _day(value: date | datetime | None) -> date | None:
    """A moment's day where the reader is (the active time zone)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def long_date(day: date | datetime | None) -> str:
    """{{ day|long_date }}: "4 August 2014", "4 августа 2014 г.", "2014 ж. 4 тамыз"."""
    return date_in_words(_day(day), length="long")


@register.filter
def medium_date(day: date | datetime | None) -> str:
    """{{ day|medium_date }}: "4 Aug 2014", "4 авг. 2014 г."."""
    return date_in_words(_day(day), length="medium")


@register.filter
def full_date(day: date | datetime | None) -> str:
    """{{ day|full_date }}: "Monday 4 August 2014", "понедельник, 4 августа 2014 г."."""
    return date_in_words(_day(day), length="full")


@register.filter
def long_datetime(moment: datetime | None) -> str:
    """{{ moment|long_datetime }}: "4 August 2014, 11:52" in the reader's time zone."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{date_in_words(local.date(), length='long')}, {local:%H:%M}"
