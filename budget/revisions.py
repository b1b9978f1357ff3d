"""Budget revisions: moving money between programme lines with a reason and a reference
letter, proposed by one officer and approved by another (docs/revisions.md)."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.dates import portal_today
from agreements.models import Notice
from budget.amounts import format_amount
from budget.layout import current_version
from budget.models import (
    BudgetGroup,
    BudgetLine,
    BudgetVersion,
    Fund,
    LineBalance,
    Revision,
    RevisionChange,
)
from budget.posting.controls import lock_fund


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


@transaction.atomic
def propose_revision(
    *, fund: Fund, new_amounts: dict[str, Decimal], reason: str, letter: Notice,
    acting_user: AbstractBaseUser, amendment: Notice | None = None,
) -> Revision:
    if not reason.strip():
        raise ValidationError({"reason": _("A revision needs a reason.")})
    if letter.agreement_id != fund.agreement_id:
        raise ValidationError({"letter": _("The letter must be a notice of this agreement.")})
    if amendment is not None and (amendment.agreement_id != fund.agreement_id
                                  or amendment.kind not in (Notice.Kind.AMENDMENT,
                                                            Notice.Kind.LETTER)
                                  or amendment.received_on is None):
        raise ValidationError({"amendment": _(
            "Cite an amendment (Art. 12.1) or an exchange of letters (Annex B, section 4.3) of "
            "this agreement that has been received.")})
    lock_fund(fund)
    changes = _check_amounts(fund, new_amounts, amendment)
    revision = Revision(fund=fund, reason=reason, letter=letter, amendment=amendment,
                        proposed_by=acting_user)
    revision._history_user = acting_user
    revision.save()
    RevisionChange.objects.bulk_create(
        RevisionChange(revision=revision, line_code=line.code, old_amount=line.amount,
                       new_amount=amount) for line, amount in changes)
    return revision


def _pending(revision: Revision, user: AbstractBaseUser) -> Revision:
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != Revision.Status.PROPOSED:
        raise ValidationError(_("This revision was already %(status)s.")
                              % {"status": revision.get_status_display().lower()})
    if revision.proposed_by_id == user.pk:
        raise ValidationError(_("Four eyes: the officer who proposed a revision cannot "
                                "approve or reject it."))
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
    _check_amounts(fund, wanted, revision.amendment)  # still true on today's figures
    version = BudgetVersion.objects.create(
        fund=fund, number=old.number + 1, effective_on=today or portal_today(),
        reason=revision.reason)
    groups = {}
    for group in old.groups.all():
        groups[group.pk] = BudgetGroup.objects.create(
            version=version, order=group.order, title=group.title,
            subtotal_label=group.subtotal_label, cumulative=group.cumulative)
    for line in old.lines.all():
        BudgetLine.objects.create(
            version=version, group=groups.get(line.group_id), order=line.order, code=line.code,
            title=line.title, duration=line.duration, description=line.description,
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
    return revision
