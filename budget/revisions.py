"""Budget revisions: moving money between programme lines with a reason and a reference
letter, proposed by one officer and approved by another (docs/revisions.md)."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.access import Capability, roles_with
from agreements.dates import portal_today
from agreements.models import Notice
from budget.amounts import format_amount
from budget.layout import current_version
from budget.models import (
    BudgetGroup,
    BudgetLine,
    BudgetVersion,
    ClosedYear,
    Fund,
    LineBalance,
    Revision,
    RevisionChange,
)
from budget.posting.controls import lock_fund
from notifications.mail import members, portal_link, queue_mail


def _check_amounts(fund: Fund, new_amounts: dict[str, Decimal], amendment: Notice | None
                   ) -> list[tuple[BudgetLine, Decimal]]:
    version = current_version(fund)
    lines = {line.code: line for line in version.lines.all()}
    changes = []
    for code, amount in sorted(new_amounts.items()):
        line = lines.get(code)
        if line is None:
            raise ValidationError(_("There is no budget line %(code)s.") % {"code": code})
        if line.is_programme_support:
            raise ValidationError(_("Line %(code)s is programme support: it follows the rate, "
                                    "not revisions.") % {"code": code})
        if not isinstance(amount, Decimal) or amount < 0 or amount != amount.quantize(
                Decimal("0.01")):
            raise ValidationError(_("Line %(code)s: an amount is zero or more, in cents.")
                                  % {"code": code})
        if amount != line.amount:
            changes.append((line, amount))
    if not changes:
        raise ValidationError(_("The revision changes no line."))
    balances = {b.code: b for b in LineBalance.objects.filter(fund=fund)}
    for line, amount in changes:
        used = balances[line.code].spent + balances[line.code].held
        if amount < used:
            raise ValidationError(
                _("Line %(code)s has %(used)s spent and committed; it cannot be revised to "
                  "%(amount)s.") % {"code": line.code, "used": format_amount(used),
                                                   "amount": format_amount(amount)})
    delta = sum((amount - line.amount for line, amount in changes), Decimal("0.00"))
    if delta and amendment is None:
        raise ValidationError(
            _("The revision changes the programme total by %(delta)s; a revision that does "
              "not cite an amendment (Art. 12.1) keeps the total.")
            % {"delta": format_amount(delta)})
    return changes


def _authority(fund: Fund, notice: Notice | None, field: str) -> None:
    """A revision cites only a letter or amendment of this agreement that was received and is
    still in effect (docs/lifecycle.md#authority-documents)."""
    if notice is None:
        return
    if not Notice.objects.authority_documents().filter(pk=notice.pk,
                                                       agreement_id=fund.agreement_id).exists():
        raise ValidationError({field: _(
            "Cite a letter or an amendment of this agreement that was received and has not "
            "been withdrawn or corrected (Annex B, section 4.3; Art. 12.1).")})


def _check_effective_date(fund: Fund, effective_on: date, letter: Notice,
                          amendment: Notice | None, today: date) -> None:
    """A revision takes effect from a date on or after the letter that authorises it, not in
    a closed year, not before the budget version in force, not in the future
    (docs/revisions.md#effective-dates)."""
    for notice in (letter, amendment):
        if notice is not None and effective_on < notice.received_on:
            raise ValidationError({"effective_on": _(
                "A revision cannot take effect (%(date)s) before the letter that authorises "
                "it was received (%(received)s).")
                % {"date": effective_on, "received": notice.received_on}})
    if effective_on > today:
        raise ValidationError({"effective_on": _("A revision cannot take effect in the "
                                                 "future.")})
    if ClosedYear.objects.filter(fund=fund, year=effective_on.year).exists():
        raise ValidationError({"effective_on": _(
            "%(year)s is closed: a revision cannot take effect in a closed year.")
            % {"year": effective_on.year}})
    current = current_version(fund)
    if effective_on < current.effective_on:
        raise ValidationError({"effective_on": _(
            "Version %(n)s of the budget is in force from %(date)s; a revision takes effect "
            "on or after it.") % {"n": current.number, "date": current.effective_on}})


@transaction.atomic
def propose_revision(
    *, fund: Fund, new_amounts: dict[str, Decimal], reason: str, letter: Notice,
    acting_user: AbstractBaseUser, amendment: Notice | None = None,
    effective_on: date | None = None, today: date | None = None,
) -> Revision:
    """Propose new amounts for programme lines, taking effect from `effective_on` (by default
    the date the authorising letter was received)."""
    if not reason.strip():
        raise ValidationError({"reason": _("A revision needs a reason.")})
    _authority(fund, letter, "letter")
    _authority(fund, amendment, "amendment")
    lock_fund(fund)
    effective_on = effective_on or letter.received_on
    _check_effective_date(fund, effective_on, letter, amendment, today or portal_today())
    changes = _check_amounts(fund, new_amounts, amendment)
    revision = Revision(fund=fund, reason=reason, letter=letter, amendment=amendment,
                        effective_on=effective_on, proposed_by=acting_user)
    revision._history_user = acting_user
    revision.save()
    RevisionChange.objects.bulk_create(
        RevisionChange(revision=revision, line_code=line.code, old_amount=line.amount,
                       new_amount=amount) for line, amount in changes)
    # The officers who may approve it; never the proposer (four eyes).
    _tell(revision, "revision_proposed", members(
        fund.agreement, roles_with(Capability.APPROVE_REVISION), excluding=acting_user))
    return revision


def _tell(revision: Revision, event: str, recipients) -> None:
    """Mail about this revision, written in the act's transaction (docs/notifications.md)."""
    agreement = revision.fund.agreement
    queue_mail(event=event, recipients=recipients, agreement=agreement,
               topic=f"revision:{revision.pk}",
               context={"revision": revision, "agreement": agreement,
                        "changes": list(revision.changes.all()),
                        "link": portal_link(reverse("budget:revision",
                                                    args=[agreement.slug, revision.pk]))})


def _pending(revision: Revision, user: AbstractBaseUser) -> Revision:
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != Revision.Status.PROPOSED:
        raise ValidationError(_("This revision was already %(status)s.")
                              % {"status": revision.get_status_display().lower()})
    if revision.proposed_by_id == user.pk:
        raise ValidationError(_("Four eyes: the officer who proposed a revision cannot "
                                "approve or reject it."), code="four_eyes")
    return revision


@transaction.atomic
def approve_revision(*, revision: Revision, acting_user: AbstractBaseUser,
                     today: date | None = None) -> BudgetVersion:
    """Approve a proposed revision: a new budget version, and the lines' budgets with it."""
    fund = revision.fund
    lock_fund(fund)
    revision = _pending(revision, acting_user)
    old = current_version(fund)
    current = {line.code: line.amount for line in old.lines.all()}
    changes = list(revision.changes.all())
    stale = [c.line_code for c in changes if current.get(c.line_code) != c.old_amount]
    if stale:
        raise ValidationError(_("The budget changed since this revision was proposed (line "
                                "%(lines)s): reject it and propose it again on the current "
                                "budget.") % {"lines": ", ".join(stale)})
    wanted = {change.line_code: change.new_amount for change in changes}
    # Still true on today's figures and registers: the letter not withdrawn or corrected
    # since, the year not closed, no version in force from a later date.
    _authority(fund, revision.letter, "letter")
    _authority(fund, revision.amendment, "amendment")
    _check_effective_date(fund, revision.effective_on, revision.letter, revision.amendment,
                          today or portal_today())
    _check_amounts(fund, wanted, revision.amendment)
    version = BudgetVersion.objects.create(
        fund=fund, number=old.number + 1, effective_on=revision.effective_on,
        reason=revision.reason)
    groups = {}
    for group in old.groups.all():
        groups[group.pk] = BudgetGroup.objects.create(
            version=version, order=group.order, title=group.title, titles=group.titles,
            subtotal_label=group.subtotal_label, cumulative=group.cumulative)
    for line in old.lines.all():
        BudgetLine.objects.create(
            version=version, group=groups.get(line.group_id), order=line.order, code=line.code,
            title=line.title, titles=line.titles, duration=line.duration,
            description=line.description,
            amount=wanted.get(line.code, line.amount),
            is_programme_support=line.is_programme_support,
            default_cost_element=line.default_cost_element)
    for code, amount in wanted.items():
        LineBalance.objects.filter(fund=fund, code=code).update(budget=amount)
    revision.status = Revision.Status.APPROVED
    revision.decided_by = acting_user
    revision.decided_at = timezone.now()
    revision.version = version
    revision._history_user = acting_user
    revision.save()
    _tell(revision, "revision_decided", _proposer(revision))
    return version


@transaction.atomic
def reject_revision(*, revision: Revision, acting_user: AbstractBaseUser, note: str) -> Revision:
    revision = _pending(revision, acting_user)
    if not note.strip():
        raise ValidationError({"note": _("Say why the revision is rejected.")})
    revision.status = Revision.Status.REJECTED
    revision.decided_by = acting_user
    revision.decided_at = timezone.now()
    revision.decision_note = note
    revision._history_user = acting_user
    revision.save()
    _tell(revision, "revision_decided", _proposer(revision))
    return revision


def _proposer(revision: Revision) -> list:
    """The proposer, while still an officer of the fund who may propose."""
    return list(members(revision.fund.agreement, roles_with(Capability.PROPOSE_REVISION))
                .filter(pk=revision.proposed_by_id))
