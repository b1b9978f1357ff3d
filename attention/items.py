"""What needs a person's attention on each of their funds, for the role they hold there
(docs/notifications.md#the-home-page). Plain reads, shared by the home page and the daily
reminders; each item links to the page where it is done."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from agreements.access import SIDE_OF_ROLE, Capability, capabilities_for
from agreements.dates import date_in_words
from agreements.key_dates import KeyDate, key_dates
from agreements.lifecycle import Lifecycle
from agreements.models import Agreement, Membership, Notice
from agreements.status import lifecycle_from
from budget.models import ClosedYear, CommitmentBalance, Fund, Revision
from forum.deadlines import State
from forum.models import Forum
from forum.visas import visa_board
from reports.issuing import ISSUER, CalendarEntry, report_calendar
from reports.models import ReportKind, ReportResponse

# Reports are listed from this many days before they fall due (and reminded at these).
REPORTS_AHEAD = 60
C = Capability


@dataclass(frozen=True)
class Item:
    text: str
    url: str
    # Stable across days, for reminders: what the item is about.
    key: str = ""
    due: date | None = None

    def overdue_on(self, today: date) -> bool:
        return self.due is not None and self.due < today


@dataclass
class FundAttention:
    agreement: Agreement
    role: str
    items: list[Item] = field(default_factory=list)
    key_dates: list[KeyDate] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return Membership.Role(self.role).label


def reports_due(fund: Fund, capabilities: frozenset[Capability], today: date,
                entries: list[CalendarEntry] | None = None) -> list[Item]:
    """Reports not yet issued that this role issues, overdue or due within 60 days."""
    slug = fund.agreement.slug
    items = []
    for entry in report_calendar(fund, today) if entries is None else entries:
        if entry.latest is not None or ISSUER[entry.kind] not in capabilities:
            continue
        if entry.due - today > timedelta(days=REPORTS_AHEAD):
            continue
        text = (_("%(report)s for %(year)s is overdue (due %(due)s)") if entry.due < today
                else _("%(report)s for %(year)s is due by %(due)s"))
        items.append(Item(text % {"report": entry.label, "year": entry.year,
                                  "due": date_in_words(entry.due)},
                          reverse("reports:report", args=[slug, entry.kind, entry.year]),
                          key=f"report:{fund.pk}:{entry.kind}:{entry.year}", due=entry.due))
    return items


def visas_due(forum: Forum, today: date) -> list[Item]:
    """Visas and exit permits overdue, or due within the week (Annex A, art. 3)."""
    if today > forum.closes_on:
        return []
    board = visa_board(forum, today)
    link = reverse("forum:visas", args=[forum.fund.agreement.slug])
    items = []
    for line in board.overdue + board.due_this_week:
        for what, deadline, name in (("visa", line.visa, _("Visa")),
                                     ("exit-permit", line.exit_permit, _("Exit permit"))):
            if deadline.state == State.OVERDUE:
                text = _("%(what)s of %(person)s is overdue (due %(due)s)")
            elif deadline.state == State.PENDING and deadline.due - today <= timedelta(6):
                text = _("%(what)s of %(person)s is due by %(due)s")
            else:
                continue
            items.append(Item(text % {"what": name, "person": line.participant.name,
                                      "due": date_in_words(deadline.due)},
                              link, key=f"{what}:{line.participant.pk}", due=deadline.due))
    return items


def _notice_items(notices: list[Notice], sides: set[str], slug: str) -> list[Item]:
    items = []
    for notice in notices:
        if notice.recipient.kind in sides:
            items.append(Item(
                _("Record the receipt of the notice sent on %(date)s: %(subject)s")
                % {"date": date_in_words(notice.sent_on),
                   "subject": notice.subject or notice.get_kind_display()},
                reverse("agreements:notice_receipt", args=[slug, notice.pk]),
                key=f"notice:{notice.pk}"))
        elif notice.sender.kind in sides:
            items.append(Item(
                _("The notice sent on %(date)s is not yet received: %(subject)s")
                % {"date": date_in_words(notice.sent_on),
                   "subject": notice.subject or notice.get_kind_display()},
                reverse("agreements:agreement", args=[slug]), key=f"notice:{notice.pk}"))
    return items


def _year_to_close(closed: set[int], years: list[int], today: date) -> int | None:
    """The next year that can be closed: years close in order, after their 31 December."""
    for year in years:
        if year not in closed:
            return year if today > date(year, 12, 31) else None
    return None


def attention_for(user: User, today: date) -> list[FundAttention]:
    """Each fund the user is a member of, with what needs them there."""
    memberships = list(Membership.objects.filter(user=user).select_related(
        "agreement__fund").prefetch_related(
        Prefetch("agreement__notices", Notice.objects.select_related("sender", "recipient")),
        "agreement__arbitration_requests").order_by("agreement__reference"))
    found = []
    for membership in memberships:
        agreement = membership.agreement
        capabilities = capabilities_for(user, membership.role)
        notices = list(agreement.notices.all())
        lifecycle = lifecycle_from(agreement, notices)
        attention = FundAttention(agreement, membership.role, key_dates=[
            key_date for key_date in key_dates(agreement, lifecycle) if key_date.on >= today])
        found.append(attention)
        side = SIDE_OF_ROLE.get(membership.role)
        if side is not None:
            waiting = [n for n in notices if n.in_effect and n.received_on is None]
            attention.items += _notice_items(waiting, {side}, agreement.slug)
        fund = getattr(agreement, "fund", None)
        if fund is None:
            continue
        fund.agreement = agreement
        attention.items += fund_items(fund, user, capabilities, lifecycle, today)
    return found


def fund_items(fund: Fund, user: User, capabilities: frozenset[Capability],
               lifecycle: Lifecycle, today: date) -> list[Item]:
    """What this fund asks of a person with these capabilities, today."""
    slug = fund.agreement.slug
    items = []
    if C.APPROVE_REVISION in capabilities:
        for revision in Revision.objects.filter(
                fund=fund, status=Revision.Status.PROPOSED).exclude(
                proposed_by=user).select_related("proposed_by"):
            items.append(Item(_("Budget revision %(n)s proposed by %(person)s awaits your "
                                "approval") % {"n": revision.pk, "person": revision.proposed_by},
                              reverse("budget:revision", args=[slug, revision.pk]),
                              key=f"revision:{revision.pk}"))
    entries = report_calendar(fund, today)
    items += reports_due(fund, capabilities, today, entries)
    items += _issued_items(fund, capabilities, entries)
    if C.MANAGE_FORUM in capabilities:
        for forum in Forum.objects.filter(fund=fund).select_related("fund__agreement"):
            items += visas_due(forum, today)
    if C.POST_LEDGER in capabilities and lifecycle.has_ended(today):
        still_open = CommitmentBalance.objects.filter(commitment__fund=fund,
                                                      open_amount__gt=0).count()
        if still_open:
            items.append(Item(ngettext(
                "%(n)s commitment is still open after the agreement ended",
                "%(n)s commitments are still open after the agreement ended", still_open)
                % {"n": still_open}, reverse("budget:closing", args=[slug]),
                key=f"open-commitments:{fund.pk}"))
    if C.ISSUE_FINANCIAL_STATEMENT in capabilities:
        closed = set(ClosedYear.objects.filter(fund=fund).values_list("year", flat=True))
        years = sorted({entry.year for entry in entries})  # the fund's report years
        year = _year_to_close(closed, years, today)
        if year is not None:
            items.append(Item(_("%(year)s can be closed: issue its financial statement")
                              % {"year": year},
                              reverse("reports:report", args=[slug, ReportKind.STATEMENT, year]),
                              key=f"close:{fund.pk}:{year}"))
    return items


def _issued_items(fund: Fund, capabilities: frozenset[Capability],
                  entries: list[CalendarEntry]) -> list[Item]:
    """The latest issued versions waiting for the Government's answer (for its officers),
    and those it returned, waiting for a corrected version (for their issuers)."""
    slug = fund.agreement.slug
    items = []
    for entry in entries:
        latest = entry.latest
        if latest is None:
            continue
        response = getattr(latest, "response", None)
        values = {"report": entry.label, "year": entry.year, "n": latest.version}
        link = reverse("reports:report", args=[slug, entry.kind, entry.year])
        if response is None and C.ANSWER_REPORT in capabilities:
            items.append(Item(_("%(report)s for %(year)s (version %(n)s) was issued to the "
                                "Government: acknowledge its receipt or return it") % values,
                              link, key=f"answer:{latest.pk}"))
        elif (response is not None and response.kind == ReportResponse.Kind.RETURNED
              and ISSUER[entry.kind] in capabilities):
            items.append(Item(_("%(report)s for %(year)s (version %(n)s) was returned by the "
                                "Government: issue a corrected version") % values,
                              link, key=f"returned:{latest.pk}"))
    return items
