"""The fund's open commitments as the expenditure form offers them and the API lists them:
each with what it committed, what its expenditures liquidated and its cancellations released,
what is still open, and the reserve and programme support it holds
(docs/ledger-rules.md#holds)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from budget.charges import to_cents
from budget.models import CommitmentBalance, Entry, Fund

ZERO = Decimal("0.00")
Kind = Entry.Kind


def open_commitment_balances(fund: Fund) -> QuerySet[CommitmentBalance]:
    """The fund's commitments with something still open, in sequence order, their entry
    read with them."""
    return (CommitmentBalance.objects.filter(commitment__fund=fund, open_amount__gt=0)
            .select_related("commitment").order_by("commitment__sequence"))


@dataclass(frozen=True)
class OpenCommitment:
    sequence: int
    line_code: str
    value_date: date
    payee: str
    reference: str
    description: str
    cost_element: str
    amount: Decimal
    original: object  # Money | None: the amount in the currency it was committed in
    exchange_rate: Decimal | None
    liquidated: Decimal
    cancelled: Decimal
    open_amount: Decimal
    reserve_held: Decimal
    psc_held: Decimal


def _released_by(kind: str):
    # What the commitment's liquidations of this kind released of it (a reversed
    # expenditure's reversal releases a negative amount: it holds again).
    return Coalesce(Sum("commitment__liquidations__released",
                        filter=Q(commitment__liquidations__kind=kind)),
                    Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2))


def open_commitments(fund: Fund) -> list[OpenCommitment]:
    """Each open commitment: committed = liquidated + cancelled + open. The programme support
    it will carry is the fund's rate on its open amount and reserve, rounded for it alone
    (the fund's own total is rounded once, so the two may differ by cents)."""
    rows = (open_commitment_balances(fund)
            .annotate(liquidated=_released_by(Kind.EXPENDITURE),
                      cancelled=_released_by(Kind.CANCELLATION)))
    found = []
    for row in rows:
        entry = row.commitment
        found.append(OpenCommitment(
            sequence=entry.sequence, line_code=entry.line_code, value_date=entry.value_date,
            payee=entry.payee, reference=entry.reference, description=entry.description,
            cost_element=entry.cost_element, amount=entry.amount, original=entry.original,
            exchange_rate=entry.exchange_rate, liquidated=row.liquidated,
            cancelled=row.cancelled, open_amount=row.open_amount,
            reserve_held=row.reserve_hold,
            psc_held=to_cents(fund.psc_rate * (row.open_amount + row.reserve_hold))))
    return found
