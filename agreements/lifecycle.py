"""An agreement's status and key dates, computed from its signature and its notices.

Pure functions over plain values, no database: the rules of Art. 6, 9 and 12 in one place.
- provisional application from the date of signature (12.2);
- entry into force on the date DESA receives the Government's notice that its domestic
  procedures are complete (12.3);
- amendments by written agreement, effective when received (12.1);
- expiry on the date DESA's completion notice is delivered (6);
- termination 60 days after a termination notice is received; the portal treats that day as
  the first day of termination (9).
A notice that has been sent but not yet received has no effect.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

TERMINATION_NOTICE_PERIOD = timedelta(days=60)


class Status(StrEnum):
    PROVISIONAL = "provisional"
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    TERMINATED = "terminated"

    @property
    def label(self) -> str:
        return {
            Status.PROVISIONAL: _("Provisionally applied (Art. 12.2)"),
            Status.IN_FORCE: _("In force (Art. 12.3)"),
            Status.EXPIRED: _("Expired (Art. 6)"),
            Status.TERMINATED: _("Terminated (Art. 9)"),
        }[self]


@dataclass(frozen=True)
class NoticeFacts:
    """What the rules need to know of a notice."""

    kind: str
    sent_on: date
    received_on: date | None
    sender_kind: str
    subject: str = ""
    notice_id: int | None = None


@dataclass(frozen=True)
class Event:
    on: date
    title: str
    article: str
    notice_id: int | None = None


@dataclass(frozen=True)
class Lifecycle:
    signed_on: date
    in_force_from: date | None = None
    expires_on: date | None = None
    termination_received_on: date | None = None
    amendments: tuple[date, ...] = ()
    events: tuple[Event, ...] = field(default=(), compare=False)

    @property
    def last_effect_on(self) -> date | None:
        """The latest date on which a received notice took effect."""
        dates = [d for d in (self.in_force_from, self.expires_on, self.termination_received_on,
                             *self.amendments) if d is not None]
        return max(dates) if dates else None

    @property
    def provisional_from(self) -> date:
        return self.signed_on

    @property
    def terminates_on(self) -> date | None:
        if self.termination_received_on is None:
            return None
        return self.termination_received_on + TERMINATION_NOTICE_PERIOD

    @property
    def ends_on(self) -> date | None:
        """The first day on which the agreement no longer runs (expiry or termination)."""
        ends = [d for d in (self.expires_on, self.terminates_on) if d is not None]
        return min(ends) if ends else None

    def has_ended(self, on: date) -> bool:
        return self.ends_on is not None and on >= self.ends_on

    def status(self, on: date) -> Status:
        if self.has_ended(on):
            if self.expires_on is not None and self.expires_on == self.ends_on:
                return Status.EXPIRED
            return Status.TERMINATED
        if self.in_force_from is not None and on >= self.in_force_from:
            return Status.IN_FORCE
        return Status.PROVISIONAL

    def termination_pending(self, on: date) -> bool:
        return self.terminates_on is not None and not self.has_ended(on)


KIND_NAMES = {
    "domestic_procedures": _("domestic procedures completed"),
    "amendment": _("amendment"),
    "completion": _("completion"),
    "termination": _("termination"),
    "letter": _("letter"),
}

KIND_EVENTS = {
    "domestic_procedures": (_("Entry into force: Government's notice received"), "12.3"),
    "amendment": (_("Amendment agreed"), "12.1"),
    "completion": (_("Expiry: DESA's completion notice delivered"), "6"),
    "termination": (_("Termination notice received"), "9"),
    "letter": (_("Letter received"), "11"),
}


def compute_lifecycle(signed_on: date, notices: Iterable[NoticeFacts]) -> Lifecycle:
    in_force_from = expires_on = termination_received_on = None
    amendments: list[date] = []
    events = [Event(signed_on, str(_("Signed; provisionally applied from this date")), "12.2")]
    for notice in sorted(notices, key=lambda n: (n.sent_on, n.notice_id or 0)):
        if notice.received_on is None:
            events.append(Event(notice.sent_on, str(_("Notice sent, not yet received: %(kind)s")
                                                    % {"kind": KIND_NAMES[notice.kind]}), "11",
                                notice.notice_id))
            continue
        title, article = KIND_EVENTS[notice.kind]
        label = f"{title}: {notice.subject}" if notice.subject else str(title)
        events.append(Event(notice.received_on, label, article, notice.notice_id))
        if notice.kind == "domestic_procedures" and in_force_from is None:
            in_force_from = notice.received_on
        elif notice.kind == "completion" and expires_on is None:
            expires_on = notice.received_on
        elif notice.kind == "termination" and termination_received_on is None:
            termination_received_on = notice.received_on
        elif notice.kind == "amendment":
            amendments.append(notice.received_on)
    lifecycle = Lifecycle(
        signed_on=signed_on,
        in_force_from=in_force_from,
        expires_on=expires_on,
        termination_received_on=termination_received_on,
        amendments=tuple(sorted(amendments)),
    )
    if lifecycle.terminates_on is not None:
        events.append(Event(lifecycle.terminates_on,
                            str(_("Termination takes effect (60 days after receipt)")), "9"))
    return replace(lifecycle, events=tuple(sorted(events, key=lambda e: e.on)))


def refusal_for_new_notice(
    lifecycle: Lifecycle, notice: NoticeFacts, *, today: date
) -> str | None:
    """Why the notice cannot be recorded on an agreement in this state, or None.

    Who may send which notice, and how, is `agreements.authority`; the parties themselves
    are checked by the caller, which knows the agreement's signatories.
    """
    if notice.sent_on < lifecycle.signed_on:
        return str(_("A notice under the agreement cannot be sent before its signature on "
                     "%(date)s.") % {"date": lifecycle.signed_on.isoformat()})
    if notice.sent_on > today:
        return str(_("The date sent cannot be in the future."))
    if notice.received_on is not None:
        if notice.received_on < notice.sent_on:
            return str(_("A notice cannot be received (%(received)s) before it was sent "
                         "(%(sent)s).") % {"received": notice.received_on.isoformat(),
                                           "sent": notice.sent_on.isoformat()})
        if notice.received_on > today:
            return str(_("The date received cannot be in the future."))
    if notice.kind == "letter":
        return None
    effective = notice.received_on or notice.sent_on
    if lifecycle.has_ended(effective) or lifecycle.has_ended(notice.sent_on):
        state = lifecycle.status(lifecycle.ends_on).label
        return str(_("The agreement had already ended on %(date)s (%(state)s); no %(kind)s "
                     "notice can follow.") % {"date": lifecycle.ends_on.isoformat(),
                                              "state": state, "kind": KIND_NAMES[notice.kind]})
    new_end = None
    if notice.received_on is not None and notice.kind == "completion":
        new_end = notice.received_on
    elif notice.received_on is not None and notice.kind == "termination":
        new_end = notice.received_on + TERMINATION_NOTICE_PERIOD
    last = lifecycle.last_effect_on
    if new_end is not None and last is not None and last >= new_end:
        return str(_("This notice would end the agreement on %(end)s, but a notice recorded "
                     "as received on %(last)s took effect after that; the notices would "
                     "contradict each other.") % {"end": new_end.isoformat(),
                                                  "last": last.isoformat()})
    if notice.kind == "domestic_procedures":
        if lifecycle.in_force_from is not None:
            return str(_("The agreement already entered into force on %(date)s; it cannot "
                         "enter into force twice.") % {"date": lifecycle.in_force_from})
    elif notice.kind == "completion":
        if lifecycle.expires_on is not None:
            return str(_("The agreement already expired on %(date)s.")
                       % {"date": lifecycle.expires_on})
    elif notice.kind == "termination" and lifecycle.termination_received_on is not None:
        return str(_("A termination notice was already received on %(received)s; the "
                     "agreement terminates on %(date)s.")
                   % {"received": lifecycle.termination_received_on,
                      "date": lifecycle.terminates_on})
    return None
