"""Closing a project: the Art. 10 disposition of the unspent balance and the Art. 1.4 transfer
of assets."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from moneyed import Money

from agreements.actions import lifecycle_of
from agreements.dates import portal_today
from agreements.irreversible import require_confirmation
from agreements.models import Notice
from budget.amounts import format_amount
from budget.models import Asset, CommitmentBalance, Disposition, Entry, Fund
from budget.posting.controls import check_period, lock_fund, usd_of, write_entry
from budget.posting.facts import FundFacts


def _letter_of(fund: Fund, letter: Notice) -> Notice:
    """Only a letter or amendment received and in effect counts
    (docs/lifecycle.md#authority-documents)."""
    if letter is None or not Notice.objects.authority_documents().filter(
            pk=letter.pk, agreement_id=fund.agreement_id).exists():
        raise ValidationError({"letter": _(
            "Cite a letter or an amendment of this agreement that was received and has not "
            "been withdrawn or corrected.")})
    return letter


@transaction.atomic
def record_disposition(
    *, fund: Fund, kind: str, letter: Notice, decided_on: date, destination: str = "",
    acting_user: AbstractBaseUser | None, confirmed: bool = False,
) -> Disposition:
    """What becomes of the funds unused at the end of the project, after DESA has consulted
    the Government (Art. 10; docs/lifecycle.md#disposition). Its amount is the cash balance
    then; the reserve, already charged as expenditure, stays with the UN (Art. 2.3)."""
    balance = lock_fund(fund)
    if kind not in Disposition.Kind.values:
        raise ValidationError({"kind": _("Unknown disposition: %(kind)s.") % {"kind": kind}})
    lifecycle = lifecycle_of(fund.agreement)
    if not lifecycle.has_ended(decided_on):
        raise ValidationError(_("The unspent balance is disposed of once the agreement has "
                                "expired or terminated; on %(date)s it is %(status)s.")
                              % {"date": decided_on,
                                 "status": lifecycle.status(decided_on).label})
    if Disposition.objects.filter(fund=fund).exclude(kind=Disposition.Kind.HELD).exists():
        raise ValidationError(_("The unspent balance of this fund was already returned or "
                                "moved."))
    open_count = CommitmentBalance.objects.filter(commitment__fund=fund,
                                                  open_amount__gt=0).count()
    if open_count:
        raise ValidationError(_("%(n)s commitment(s) are still open: liquidate or cancel them "
                                "before the balance is disposed of.") % {"n": open_count})
    if decided_on > portal_today():
        raise ValidationError({"decided_on": _("The decision cannot be dated in the future.")})
    check_period(FundFacts(fund), decided_on)
    letter = _letter_of(fund, letter)
    amount = balance.cash
    if kind == Disposition.Kind.HELD:
        consequence = _("Recording that the unspent balance of %(amount)s is held in the "
                        "account pending further consultation cannot be undone; it may later "
                        "be followed by its return or move.")
    else:
        consequence = _("Recording that the unspent balance of %(amount)s is %(kind)s posts "
                        "a refund or transfer out of %(amount)s, leaving nothing in the fund; "
                        "it cannot be undone (Art. 10).")
    require_confirmation(confirmed, consequence % {
        "amount": format_amount(amount), "kind": Disposition.Kind(kind).label.lower()})
    refund = None
    if kind != Disposition.Kind.HELD and amount > 0:
        refund = write_entry(balance, kind=Entry.Kind.REFUND, value_date=decided_on,
                             amount=amount, reference=letter.reference,
                             description=destination or Disposition.Kind(kind).label,
                             recorded_by=acting_user)
        balance.refunds += amount
        balance.save()
    disposition = Disposition(fund=fund, kind=kind, amount=amount, decided_on=decided_on,
                              letter=letter, destination=destination, refund=refund,
                              recorded_by=acting_user)
    disposition._history_user = acting_user
    disposition.save()
    return disposition


@transaction.atomic
def register_asset(
    *, fund: Fund, description: str, cost: Money, acquired_on: date, tag: str = "",
    expenditure: Entry | None = None, acting_user: AbstractBaseUser | None,
) -> Asset:
    if not description.strip():
        raise ValidationError({"description": _("Describe the asset.")})
    if acquired_on > portal_today():
        raise ValidationError({"acquired_on": _("An asset cannot be acquired in the future.")})
    if acquired_on < fund.agreement.signed_on:
        raise ValidationError({"acquired_on": _(
            "An asset paid from the fund is acquired after the agreement was signed "
            "(%(date)s).") % {"date": fund.agreement.signed_on}})
    cost = usd_of(cost, acquired_on, FundFacts(fund)).usd
    if expenditure is not None and (expenditure.fund_id != fund.pk
                                    or expenditure.kind != Entry.Kind.EXPENDITURE):
        raise ValidationError({"expenditure": _("Cite an expenditure of this fund.")})
    if expenditure is not None and cost > expenditure.amount:
        raise ValidationError({"cost": _("The asset cannot cost more (%(cost)s) than the "
                                         "expenditure that paid it (%(paid)s).")
                               % {"cost": format_amount(cost),
                                  "paid": format_amount(expenditure.amount)}})
    asset = Asset(fund=fund, description=description, tag=tag, cost=cost,
                  acquired_on=acquired_on, expenditure=expenditure)
    asset._history_user = acting_user
    asset.save()
    return asset


@transaction.atomic
def transfer_asset(*, asset: Asset, transferred_on: date, letter: Notice,
                   acting_user: AbstractBaseUser | None) -> Asset:
    """Hand an asset over to the Government (Art. 1.4), with the letter that records it."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if asset.transferred_on is not None:
        raise ValidationError(_("This asset was already transferred on %(date)s.")
                              % {"date": asset.transferred_on})
    if transferred_on > portal_today():
        raise ValidationError({"transferred_on": _("A transfer cannot be dated in the "
                                                   "future.")})
    if transferred_on < asset.acquired_on:
        raise ValidationError({"transferred_on": _("An asset cannot be transferred before it "
                                                   "was acquired.")})
    asset.transfer_letter = _letter_of(asset.fund, letter)
    asset.transferred_on = transferred_on
    asset._history_user = acting_user
    asset.save()
    return asset
