"""A person's calendar feed (iCalendar, RFC 5545, written with the `icalendar` library): the
Article 5 reports' due dates, the forum's visa and exit-permit deadlines (Annex A, art. 3)
and meetings, the agreement's key dates, on every fund the person is a member of. Read from
a secret address so that calendar programs can subscribe (docs/notifications.md)."""

import hashlib
import secrets
from datetime import date, timedelta

import icalendar
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from agreements.access import Capability, capabilities_for
from agreements.key_dates import key_dates
from agreements.models import Membership
from agreements.status import lifecycle_of
from attention.models import CalendarFeed
from audit.actions import record_event
from forum.deadlines import exit_permit_due
from forum.models import Forum, Meeting
from notifications.mail import language_of, portal_link
from reports.issuing import report_calendar

PRODUCT = "-//United Nations DESA//Trust fund portal//EN"


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def make_calendar_feed(*, acting_user: AbstractBaseUser) -> str:
    """A new secret address for the person's own feed (an earlier one stops working);
    returns the secret, shown once."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        # Two clicks at once: the second waits, then revokes the first's new feed.
        User.objects.select_for_update().filter(pk=acting_user.pk).first()
        revoked = CalendarFeed.objects.filter(user=acting_user, revoked_at=None).update(
            revoked_at=timezone.now())
        CalendarFeed.objects.create(user=acting_user, secret_sha256=_secret_hash(secret))
        record_event(action="calendar_feed.created", acting_user=acting_user,
                     summary=f"calendar feed made (earlier ones revoked: {revoked})")
    return secret


def revoke_calendar_feed(*, acting_user: AbstractBaseUser) -> int:
    """Stop the person's feed: its address answers 404 from now on."""
    with transaction.atomic():
        revoked = CalendarFeed.objects.filter(user=acting_user, revoked_at=None).update(
            revoked_at=timezone.now())
        if revoked:
            record_event(action="calendar_feed.revoked", acting_user=acting_user,
                         summary="calendar feed revoked")
    return revoked


def feed_owner(secret: str) -> User | None:
    """The active person whose live feed has this secret, or None."""
    if not secret or len(secret) > 100:
        return None
    feed = CalendarFeed.objects.filter(secret_sha256=_secret_hash(secret), revoked_at=None,
                                       user__is_active=True).select_related("user").first()
    return feed.user if feed is not None else None


def _all_day(calendar: icalendar.Calendar, uid: str, day: date, summary: str,
             description: str = "", url: str = "") -> None:
    event = icalendar.Event()
    event.add("uid", f"{uid}@{settings.PORTAL_MAIL_DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    event.add("transp", "TRANSPARENT")
    calendar.add_component(event)


def calendar_for(user: User) -> bytes:
    """The person's calendar, in their language."""
    with translation.override(language_of(user)):
        return _calendar(user).to_ical()


def _calendar(user: User) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("UN trust funds: %(name)s") % {"name": user})
    memberships = Membership.objects.filter(user=user).select_related(
        "agreement__fund").order_by("agreement__reference")
    for membership in memberships:
        agreement = membership.agreement
        capabilities = capabilities_for(user, membership.role)
        reference = agreement.reference
        for key_date in key_dates(agreement, lifecycle_of(agreement)):
            _all_day(calendar, key_date.key, key_date.on, f"{reference}: {key_date.title}",
                     key_date.basis,
                     portal_link(reverse("agreements:agreement", args=[agreement.slug])))
        fund = getattr(agreement, "fund", None)
        if fund is None:
            continue
        fund.agreement = agreement
        if Capability.DOWNLOAD_REPORTS in capabilities:
            by_due: dict[date, list[str]] = {}
            for entry in report_calendar(fund):
                by_due.setdefault(entry.due, []).append(f"{entry.label} {entry.year}")
            for due, labels in by_due.items():
                _all_day(calendar, f"reports-{fund.pk}-{due:%Y%m%d}", due,
                         _("%(ref)s: Article 5 reports due") % {"ref": reference},
                         "\n".join(labels),
                         portal_link(reverse("reports:calendar", args=[agreement.slug])))
        for forum in Forum.objects.filter(fund=fund):
            _forum_events(calendar, forum, reference, agreement.slug,
                          Capability.MANAGE_FORUM in capabilities)
    return calendar


def _forum_events(calendar: icalendar.Calendar, forum: Forum, reference: str, slug: str,
                  deadlines: bool) -> None:
    link = portal_link(reverse("forum:home", args=[slug]))
    if deadlines:
        visas = portal_link(reverse("forum:visas", args=[slug]))
        # Annex A, art. 3: the visa is due 14 days before the opening for an application
        # made 28 days or more before it, else 3 days before; exit permits 3 days before
        # the closing.
        for uid, day, title in (
                ("visas-early", forum.opens_on - timedelta(days=14),
                 _("Visas due for applications made 28 days or more before the opening")),
                ("visas-late", forum.opens_on - timedelta(days=3),
                 _("Visas due for applications made later")),
                ("exit-permits", exit_permit_due(closes_on=forum.closes_on),
                 _("Exit permits due"))):
            _all_day(calendar, f"{uid}-{forum.pk}", day, f"{reference}: {title}",
                     _("Annex A, article 3"), visas)
    for meeting in Meeting.objects.filter(forum=forum).order_by("starts_at"):
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{settings.PORTAL_MAIL_DOMAIN}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("summary", f"{forum.title_here}: {meeting.title_here}")
        event.add("location", f"{meeting.premises}, {forum.city}")
        event.add("url", link)
        calendar.add_component(event)
