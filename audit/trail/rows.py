"""What one line of a fund's audit trail says, and how a changed record's before and after
are read from its change history (docs/audit-trail.md#what-a-line-says)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.amounts import format_amount


class TrailKind(models.TextChoices):
    """The kinds of act a reader filters the trail by."""

    POSTING = "posting", gettext_lazy("Ledger postings and imports")
    YEAR = "year", gettext_lazy("Years closed")
    NOTICE = "notice", gettext_lazy("Notices and disputes")
    CORRECTION = "correction", gettext_lazy("Corrections of notices")
    REVISION = "revision", gettext_lazy("Budget revisions")
    PLEDGE = "pledge", gettext_lazy("Payment schedules")
    DOCUMENT = "document", gettext_lazy("Documents on entries and revisions")
    REPORT = "report", gettext_lazy("Reports issued and answered")
    MEMBERSHIP = "membership", gettext_lazy("People and roles")
    FUND = "fund", gettext_lazy("The fund's definition")
    ACCOUNT = "account", gettext_lazy("Accounts, passwords, second factor, tokens")
    SIGN_IN = "sign_in", gettext_lazy("Sign-ins")
    SIGN_IN_FAILED = "sign_in_failed", gettext_lazy("Failed sign-ins")


@dataclass(frozen=True)
class Change:
    """One field of a record, before and after an act changed it."""

    field: str
    before: str
    after: str


@dataclass
class TrailRow:
    at: datetime
    # The record source and its row, which order acts of the same instant and make the cursor.
    source: str
    ref: int
    kind: str
    who: str
    what: str
    changes: list[Change] = field(default_factory=list)
    # The client address of a sign-in, the SHA-256 of an issued report, the stored summary of
    # an audit row: what an auditor may want beside the act itself.
    detail: str = ""

    @property
    def key(self) -> tuple[datetime, str, int]:
        return (self.at, self.source, self.ref)

    @property
    def kind_label(self) -> str:
        return str(TrailKind(self.kind).label)


def shown(value: Any, model_field: models.Field | None = None,
          users: dict[int, str] | None = None) -> str:
    """A field's value as the trail prints it: choices by their label, amounts in the
    reader's format, dates as ISO dates, times in the reader's time zone, a person by name
    (others records by number), nothing as a dash."""
    if value is None or value == "":
        return "—"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if model_field is not None and model_field.is_relation:
        if model_field.related_model is get_user_model() and users and value in users:
            return users[value]
        return f"#{value}"
    return str(value)


def changes_between(newer, older, *, hidden: frozenset[str] = frozenset(),
                    users: dict[int, str] | None = None) -> list[Change]:
    """The fields a change-history row altered, compared with the record's row before it."""
    if older is None:
        return []
    changed = []
    for delta in newer.diff_against(older).changes:
        if delta.field in hidden:
            continue
        model_field = newer.instance_type._meta.get_field(delta.field)
        changed.append(Change(field=str(model_field.verbose_name),
                              before=shown(delta.old, model_field, users),
                              after=shown(delta.new, model_field, users)))
    return changed


def attach_changes(rows_with_history: list[tuple[TrailRow, Any]], *,
                   hidden: frozenset[str] = frozenset(),
                   users: dict[int, str] | None = None) -> None:
    """Before/after for the changed records among `rows_with_history` (pairs of a trail row
    and its change-history row, all of one model): one query for their predecessors."""
    changed = [(row, record) for row, record in rows_with_history if record.history_type == "~"]
    if not changed:
        return
    history_model = type(changed[0][1])
    ids = {record.id for _row, record in changed}
    newest = max(record.history_id for _row, record in changed)
    earlier: dict[int, list] = {}
    for record in (history_model.objects.filter(id__in=ids, history_id__lt=newest)
                   .order_by("id", "-history_id")):
        earlier.setdefault(record.id, []).append(record)
    for row, record in changed:
        before = next((older for older in earlier.get(record.id, [])
                       if older.history_id < record.history_id), None)
        row.changes = changes_between(record, before, hidden=hidden, users=users)
