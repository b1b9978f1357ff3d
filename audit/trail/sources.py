"""Where a fund's audit trail is read from: the ledger's own entries, the change history
(django-simple-history) of the records people change, the issued reports, the explicit audit
rows of acts that have no history, and django-axes' logs of sign-ins and failed sign-ins of
the fund's people (docs/audit-trail.md#where-it-comes-from).

Each source answers, keyed by fund and through an index, the newest rows before a cursor:
a page costs one query per source whatever the size of the ledger."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement, Invitation, Membership, Notice, NoticeCorrection
from agreements.models.disputes import ArbitrationRequest
from audit.models import AuditEvent
from audit.trail.rows import TrailKind, TrailRow, attach_changes, shown
from budget.amounts import format_amount
from budget.models import Entry, Fund, Revision
from reports.models import IssuedReport, Narrative

K = TrailKind


@dataclass(frozen=True)
class Scope:
    """What a reader asked for: one fund, optionally one person, some kinds, a time range."""

    agreement: Agreement
    fund: Fund | None
    kinds: frozenset[str]
    person: "get_user_model() | None" = None
    since: datetime | None = None
    until: datetime | None = None
    # How the trail names the people it knows, by user name (sign-ins) and by number (a
    # changed field that names a person).
    names: dict[str, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)

    # When each of the fund's people held a role on it: their sign-ins and account acts are
    # the fund's business then only, not before they joined nor after they left.
    periods: tuple["Period", ...] = ()

    def during_membership(self, *, person_field: str, at: str, by_name: bool = False) -> Q:
        """Rows of a person (`person_field`: their id, or their user name) made while they
        held a role on the fund."""
        condition = Q(pk__in=[])
        for period in self.periods:
            held = Q(**{person_field: period.username if by_name else period.user_id,
                        f"{at}__gte": period.start})
            if period.end is not None:
                held &= Q(**{f"{at}__lt": period.end})
            condition |= held
        return condition


@dataclass(frozen=True)
class Period:
    user_id: int
    username: str
    start: datetime
    end: datetime | None


def membership_periods(agreement: Agreement) -> tuple[Period, ...]:
    """From the change history of the fund's memberships: each membership from its grant to
    its removal (None: it still holds)."""
    periods: dict[int, Period] = {}
    for record in (Membership.history.filter(agreement_id=agreement.pk)
                   .select_related("user").order_by("history_date", "history_id")):
        if record.history_type == "+":
            periods[record.history_id] = Period(record.user_id, record.user.get_username(),
                                                record.history_date, None)
        elif record.history_type == "-":
            opened = max((key for key, period in periods.items()
                          if period.user_id == record.user_id and period.end is None),
                         default=None)
            if opened is not None:
                period = periods[opened]
                periods[opened] = Period(period.user_id, period.username, period.start,
                                         record.history_date)
    return tuple(periods.values())


@dataclass(frozen=True)
class Source:
    code: str
    kinds: frozenset[str]
    # The source's rows for a scope (fund, kinds and person applied), or None if it has none.
    records: Callable[[Scope], QuerySet | None]
    at: str
    ref: str
    # The trail's lines for the rows read (and the scope, for names).
    describe: Callable[[list, Scope], list[TrailRow]]


def _who(user) -> str:
    return str(user) if user is not None else _("the system")


def _verb(history_type: str, recorded: str, changed: str, removed: str) -> str:
    return {"+": recorded, "~": changed, "-": removed}[history_type]


# --- the ledger -------------------------------------------------------------------------

def _entries(scope: Scope) -> QuerySet | None:
    if scope.fund is None:
        return None
    # A posting's automatic charges (PSC, reserve) are part of the act that caused them.
    # No join to the users: the planner cannot tell how few rows a cursor leaves, and would
    # join them all before the LIMIT; the names come from the scope's people.
    entries = Entry.objects.filter(fund=scope.fund, caused_by=None)
    return entries.filter(recorded_by=scope.person) if scope.person else entries


def _describe_entries(entries: list[Entry], scope: Scope) -> list[TrailRow]:
    unknown = {entry.recorded_by_id for entry in entries} - set(scope.users) - {None}
    users = {**scope.users, **{user.pk: str(user) for user in get_user_model().objects.filter(
        pk__in=unknown)}} if unknown else scope.users
    return [TrailRow(
        at=entry.recorded_at, source="entry", ref=entry.pk, kind=K.POSTING,
        who=users.get(entry.recorded_by_id) or _who(None),
        what=_("%(kind)s #%(sequence)s of %(date)s, line %(line)s: %(amount)s USD") % {
            "kind": entry.get_kind_display(), "sequence": entry.sequence,
            "date": entry.value_date.isoformat(), "line": entry.line_code or "—",
            "amount": format_amount(entry.amount)},
        # Descriptions the portal writes itself are translated, as on the ledger page.
        detail=" · ".join(part for part in (entry.payee, entry.reference,
                                            _(entry.description) if entry.description else "")
                          if part)) for entry in entries]


# --- records with a change history ------------------------------------------------------

def _history(model, *, fund_filter: Callable[[Scope], Q | None],
             related: tuple[str, ...] = ()) -> Callable[[Scope], QuerySet | None]:
    def records(scope: Scope) -> QuerySet | None:
        condition = fund_filter(scope)
        if condition is None:
            return None
        rows = model.history.filter(condition).select_related("history_user", *related)
        return rows.filter(history_user=scope.person) if scope.person else rows
    return records


def _by_agreement(scope: Scope) -> Q:
    return Q(agreement_id=scope.agreement.pk)


def _by_fund(scope: Scope) -> Q | None:
    return Q(fund_id=scope.fund.pk) if scope.fund is not None else None


def _history_rows(source: str, kind: str, what: Callable, *,
                  hidden: frozenset[str] = frozenset()) -> Callable[[list, Scope], list[TrailRow]]:
    def describe(records: list, scope: Scope) -> list[TrailRow]:
        pairs = [(TrailRow(at=record.history_date, source=source, ref=record.history_id,
                           kind=kind, who=_who(record.history_user), what=what(record)),
                  record) for record in records]
        attach_changes(pairs, hidden=hidden, users=scope.users)
        return [row for row, _record in pairs]
    return describe


def _notice_what(record) -> str:
    notice = f"{record.get_kind_display()} {record.reference}".strip()
    return _verb(record.history_type,
                 _("Notice recorded: %(notice)s, %(subject)s"),
                 _("Notice changed: %(notice)s, %(subject)s"),
                 _("Notice removed: %(notice)s, %(subject)s")) % {
        "notice": notice, "subject": record.subject or "—"}


def _correction_what(record) -> str:
    return _verb(record.history_type,
                 _("Correction of notice #%(notice)s proposed"),
                 _("Correction of notice #%(notice)s: %(status)s"),
                 _("Correction of notice #%(notice)s removed")) % {
        "notice": record.notice_id, "status": record.get_status_display()}


def _dispute_what(record) -> str:
    return _verb(record.history_type,
                 _("Request for arbitration recorded: %(subject)s"),
                 _("Request for arbitration changed: %(subject)s"),
                 _("Request for arbitration removed: %(subject)s")) % {
        "subject": record.subject}


def _revision_what(record) -> str:
    return _verb(record.history_type,
                 _("Budget revision #%(number)s proposed"),
                 _("Budget revision #%(number)s: %(status)s"),
                 _("Budget revision #%(number)s removed")) % {
        "number": record.id, "status": record.get_status_display()}


def _membership_what(record) -> str:
    return _verb(record.history_type,
                 _("%(person)s given the role %(role)s"),
                 _("%(person)s's role changed (%(role)s)"),
                 _("%(person)s removed from the fund (was %(role)s)")) % {
        "person": _who(record.user), "role": record.get_role_display()}


def _invitation_what(record) -> str:
    if record.history_change_reason == "withdrawn":
        return _("Invitation of %(email)s withdrawn") % {"email": record.email}
    if record.history_type == "~" and record.accepted_at is not None:
        return _("Invitation of %(email)s accepted") % {"email": record.email}
    return _verb(record.history_type,
                 _("%(email)s invited as %(role)s"),
                 _("Invitation of %(email)s changed"),
                 _("Invitation of %(email)s removed")) % {
        "email": record.email, "role": record.get_role_display()}


def _narrative_what(record) -> str:
    return _verb(record.history_type,
                 _("Progress report narrative for %(year)s written"),
                 _("Progress report narrative for %(year)s changed"),
                 _("Progress report narrative for %(year)s removed")) % {"year": record.year}


def _agreement_what(record) -> str:
    return _verb(record.history_type,
                 _("Agreement %(reference)s loaded"),
                 _("Agreement %(reference)s changed"),
                 _("Agreement %(reference)s removed")) % {"reference": record.reference}


def _fund_what(record) -> str:
    return _verb(record.history_type,
                 _("Fund %(number)s set up: %(amount)s USD"),
                 _("Fund %(number)s changed"),
                 _("Fund %(number)s removed")) % {
        "number": record.project_number, "amount": format_amount(record.amount)}


def _account_what(record) -> str:
    person = record.display_name or record.username
    if record.history_change_reason == "deactivated":
        return _("Account of %(person)s deactivated") % {"person": person}
    return _verb(record.history_type,
                 _("Account of %(person)s created"),
                 _("Account of %(person)s changed"),
                 _("Account of %(person)s removed")) % {"person": person}


def _accounts(scope: Scope) -> QuerySet:
    # The accounts of the fund's people: created, changed (language, address, name),
    # deactivated. Passwords and sign-in times are not in their history.
    rows = get_user_model().history.filter(
        scope.during_membership(person_field="id", at="history_date")).select_related(
            "history_user")
    return rows.filter(history_user=scope.person) if scope.person else rows


# --- issued reports and explicit audit rows ---------------------------------------------

def _issued(scope: Scope) -> QuerySet | None:
    if scope.fund is None:
        return None
    # The PDF and figures stay in the database: the trail names the report and its hash.
    reports = IssuedReport.objects.filter(fund=scope.fund).select_related("issued_by").only(
        "kind", "year", "version", "sha256", "issued_at", "issued_by", "reason")
    return reports.filter(issued_by=scope.person) if scope.person else reports


def _describe_issued(reports: list[IssuedReport], scope: Scope) -> list[TrailRow]:
    return [TrailRow(
        at=report.issued_at, source="issued", ref=report.pk, kind=K.REPORT,
        who=_who(report.issued_by),
        what=_("%(report)s for %(year)s issued, version %(version)s") % {
            "report": report.get_kind_display(), "year": report.year,
            "version": report.version},
        detail=f"SHA-256 {report.sha256}" + (f" · {report.reason}" if report.reason else ""))
        for report in reports]


# The kind of an explicit audit row, by the first part of its act's name.
EVENT_KINDS = {"ledger": K.POSTING, "year": K.YEAR, "report": K.REPORT,
               "membership": K.MEMBERSHIP, "invitation": K.MEMBERSHIP,
               "document": K.DOCUMENT, "pledges": K.PLEDGE, "letterhead": K.REPORT,
               "publication": K.FUND, "service_account": K.MEMBERSHIP, "webhook": K.ACCOUNT}
# What the trail calls each act recorded by an explicit audit row; others show their
# stored summary.
EVENT_NAMES = {
    "ledger.imported": gettext_lazy("Ledger file imported"),
    "ledger.import_uploaded": gettext_lazy("Ledger file uploaded for import"),
    "ledger.import_confirmed": gettext_lazy("Ledger import confirmed"),
    "year.closed": gettext_lazy("Year closed"),
    "document.attached": gettext_lazy("Document attached"),
    "document.removed": gettext_lazy("Document removed"),
    "pledges.schedule_set": gettext_lazy("Payment schedule recorded"),
    "letterhead.set": gettext_lazy("Letterhead image set"),
    "letterhead.removed": gettext_lazy("Letterhead image removed"),
    "report.acknowledged": gettext_lazy("Receipt of a report acknowledged"),
    "report.returned": gettext_lazy("Report returned for correction"),
    "api_token.created": gettext_lazy("API token made"),
    "api_token.revoked": gettext_lazy("API token revoked"),
    "service_account.created": gettext_lazy("Service account made"),
    "second_factor.enabled": gettext_lazy("Second factor set up"),
    "second_factor.backup_code_used": gettext_lazy("Backup code used"),
    "calendar_feed.created": gettext_lazy("Calendar address made"),
    "calendar_feed.revoked": gettext_lazy("Calendar address revoked"),
    "account.password_changed": gettext_lazy("Password changed"),
    "account.password_reset": gettext_lazy("Password reset by e-mail"),
    "account.signed_out_everywhere": gettext_lazy("Signed out everywhere"),
    "idempotency_keys.purged": gettext_lazy("Old idempotency keys purged"),
    "publication.changed": gettext_lazy("Publication of the fund changed"),
    "webhook.registered": gettext_lazy("Webhook registered"),
    "webhook.removed": gettext_lazy("Webhook removed"),
}


# The acts on a person's own account, which name no fund: in the trail of each fund while
# the person holds a role on it.
ACCOUNT_ACTS = ["account", "second_factor", "api_token", "calendar_feed"]


def _event_kind(action: str) -> str:
    return EVENT_KINDS.get(action.split(".", 1)[0], K.ACCOUNT)


def _events(scope: Scope) -> QuerySet:
    # The fund's own acts, and the account acts of its people (which name no fund).
    fund_kinds = {kind for kind in set(EVENT_KINDS.values()) if kind in scope.kinds}
    prefixes = [prefix for prefix, kind in EVENT_KINDS.items() if kind in fund_kinds]
    condition = Q(agreement_id=scope.agreement.pk) & _starts_with_any(prefixes)
    if K.ACCOUNT in scope.kinds:
        condition |= (Q(agreement=None) & _starts_with_any(ACCOUNT_ACTS)
                      & scope.during_membership(person_field="actor_id", at="at"))
    events = AuditEvent.objects.filter(condition).select_related("actor")
    return events.filter(actor=scope.person) if scope.person else events


def _starts_with_any(prefixes: list[str]) -> Q:
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(action__startswith=prefix + ".")
    return condition


def _describe_events(events: list[AuditEvent], scope: Scope) -> list[TrailRow]:
    return [TrailRow(at=event.at, source="event", ref=event.pk, kind=_event_kind(event.action),
                     who=_who(event.actor), what=str(EVENT_NAMES.get(event.action, event.action)),
                     detail=event.summary) for event in events]


# --- sign-ins (django-axes) -------------------------------------------------------------

def _sign_ins(log_model) -> Callable[[Scope], QuerySet]:
    def records(scope: Scope) -> QuerySet:
        logs = log_model.objects.filter(scope.during_membership(
            person_field="username", at="attempt_time", by_name=True))
        return logs.filter(username=scope.person.get_username()) if scope.person else logs
    return records


def _describe_sign_ins(source: str, kind: str, what) -> Callable[[list, Scope], list[TrailRow]]:
    def describe(logs: list, scope: Scope) -> list[TrailRow]:
        return [TrailRow(at=log.attempt_time, source=source, ref=log.pk, kind=kind,
                         who=scope.names.get(log.username) or log.username,
                         what=str(what) % {"username": log.username},
                         detail=_("from %(address)s") % {
                             "address": shown(log.ip_address)}) for log in logs]
    return describe


SOURCES: tuple[Source, ...] = (
    Source("entry", frozenset({K.POSTING}), _entries, "recorded_at", "pk", _describe_entries),
    Source("event", frozenset({*EVENT_KINDS.values(), K.ACCOUNT}), _events, "at", "pk",
           _describe_events),
    Source("issued", frozenset({K.REPORT}), _issued, "issued_at", "pk", _describe_issued),
    Source("notice", frozenset({K.NOTICE}), _history(Notice, fund_filter=_by_agreement),
           "history_date", "history_id", _history_rows("notice", K.NOTICE, _notice_what)),
    Source("dispute", frozenset({K.NOTICE}),
           _history(ArbitrationRequest, fund_filter=_by_agreement), "history_date",
           "history_id", _history_rows("dispute", K.NOTICE, _dispute_what)),
    Source("correction", frozenset({K.CORRECTION}), _history(
        NoticeCorrection, fund_filter=lambda scope: Q(notice__agreement_id=scope.agreement.pk)),
        "history_date", "history_id",
        _history_rows("correction", K.CORRECTION, _correction_what)),
    Source("revision", frozenset({K.REVISION}), _history(Revision, fund_filter=_by_fund),
           "history_date", "history_id",
           _history_rows("revision", K.REVISION, _revision_what)),
    Source("narrative", frozenset({K.REPORT}), _history(Narrative, fund_filter=_by_fund),
           "history_date", "history_id",
           _history_rows("narrative", K.REPORT, _narrative_what,
                         hidden=frozenset({"updated_at"}))),
    Source("membership", frozenset({K.MEMBERSHIP}),
           _history(Membership, fund_filter=_by_agreement, related=("user",)),
           "history_date", "history_id",
           _history_rows("membership", K.MEMBERSHIP, _membership_what)),
    Source("invitation", frozenset({K.MEMBERSHIP}),
           _history(Invitation, fund_filter=_by_agreement), "history_date", "history_id",
           _history_rows("invitation", K.MEMBERSHIP, _invitation_what,
                         hidden=frozenset({"secret_sha256"}))),
    Source("agreement", frozenset({K.FUND}),
           _history(Agreement, fund_filter=lambda scope: Q(id=scope.agreement.pk)),
           "history_date", "history_id", _history_rows("agreement", K.FUND, _agreement_what)),
    Source("fund", frozenset({K.FUND}),
           _history(Fund, fund_filter=lambda scope: Q(id=scope.fund.pk) if scope.fund else None),
           "history_date", "history_id", _history_rows("fund", K.FUND, _fund_what)),
    Source("user", frozenset({K.ACCOUNT}), _accounts, "history_date", "history_id",
           _history_rows("user", K.ACCOUNT, _account_what,
                         hidden=frozenset({"sessions_epoch", "notification_preferences"}))),
    Source("signin", frozenset({K.SIGN_IN}), _sign_ins(AccessLog), "attempt_time", "pk",
           _describe_sign_ins("signin", K.SIGN_IN, gettext_lazy("Signed in as %(username)s"))),
    Source("signin-failed", frozenset({K.SIGN_IN_FAILED}), _sign_ins(AccessFailureLog),
           "attempt_time", "pk",
           _describe_sign_ins("signin-failed", K.SIGN_IN_FAILED,
                              gettext_lazy("Failed sign-in as %(username)s"))),
)
