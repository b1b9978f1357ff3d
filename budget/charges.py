"""Programme support cost and reserve arithmetic: pure functions, no database.

Each charge is computed on the cumulative base (Art. 2.2, 2.3;
docs/ledger-rules.md#charges):
    charge = round(rate x base to date) - charged to date
rounded half-up to the cent, so that at every moment the total charged equals the rate times
the base to date, rounded once; no drift however many postings there are. Reversals lower
the base and the same formula unwinds the charge.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_cents(value: Decimal) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money is Decimal, never float")
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def cumulative_charge(*, rate: Decimal, base_to_date: Decimal, charged_to_date: Decimal) -> Decimal:
    """What to charge now so that the total charged is round(rate x base_to_date)."""
    return to_cents(rate * base_to_date) - charged_to_date


@dataclass(frozen=True)
class Charges:
    reserve: Decimal
    psc: Decimal


@dataclass(frozen=True)
class ChargeState:
    """The fund's cumulative charge bases and what has been charged on them."""

    reserve_base: Decimal = Decimal("0.00")
    reserve_charged: Decimal = Decimal("0.00")
    psc_base: Decimal = Decimal("0.00")
    psc_charged: Decimal = Decimal("0.00")


def charges_for_spending(
    state: ChargeState, *, amount: Decimal, bears_reserve: bool, reserve_rate: Decimal,
    psc_rate: Decimal,
) -> tuple[Charges, ChargeState]:
    """The reserve and PSC that an expenditure (or, with a negative amount, its reversal)
    carries, and the state after it. The reserve counts as expenditure and bears PSC."""
    reserve_base = state.reserve_base + (amount if bears_reserve else Decimal("0.00"))
    reserve = cumulative_charge(rate=reserve_rate, base_to_date=reserve_base,
                                charged_to_date=state.reserve_charged)
    psc_base = state.psc_base + amount + reserve
    psc = cumulative_charge(rate=psc_rate, base_to_date=psc_base,
                            charged_to_date=state.psc_charged)
    return Charges(reserve=reserve, psc=psc), ChargeState(
        reserve_base=reserve_base,
        reserve_charged=state.reserve_charged + reserve,
        psc_base=psc_base,
        psc_charged=state.psc_charged + psc,
    )


def largest_fitting(needs: Callable[[Decimal], Decimal], available: Decimal) -> Decimal:
    """The largest amount, in cents, whose need (an amount and the charges and holds that go
    with it, never less for a larger amount) stays within `available`; 0.00 when none does.
    Forty halvings of the cent range of one posting: no database, no drift."""
    low, high = 0, 999_999_999_999  # cents: 0.00 .. 9,999,999,999.99
    if needs(CENT) > available:
        return Decimal("0.00")
    while low < high:
        middle = (low + high + 1) // 2
        if needs(Decimal(middle) * CENT) <= available:
            low = middle
        else:
            high = middle - 1
    return Decimal(low) * CENT
