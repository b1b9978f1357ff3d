"""What in the ledger is at odds with an agreement's lifecycle: the postings and dispositions
that the rules after the end of the agreement would refuse if they were entered now
(docs/lifecycle.md#after-the-end). A correction of a notice lists them for the officers; the
ledger itself is never changed by a correction."""

from dataclasses import dataclass

from django.db.models import F, Q

from agreements.lifecycle import Lifecycle
from budget.models import Disposition, Entry, Fund

SHOWN = 200


@dataclass(frozen=True)
class AtOdds:
    entries: list[Entry]
    dispositions: list[Disposition]

    def __bool__(self) -> bool:
        return bool(self.entries or self.dispositions)


def at_odds_with(fund: Fund, lifecycle: Lifecycle) -> AtOdds:
    """Commitments dated from the end, expenditures from the end that liquidate no earlier
    commitment and carry no orderly conclusion, and dispositions of the unspent balance
    decided before the end (or with no end at all)."""
    if lifecycle.ends_on is None:
        return AtOdds(entries=[], dispositions=list(fund.dispositions.all()))
    # An expenditure beyond what its commitment had open is, for that part, a new
    # obligation; entries already reversed are settled.
    entries = (Entry.objects.filter(fund=fund, value_date__gte=lifecycle.ends_on,
                                    reverses__isnull=True, reversal__isnull=True)
               .filter(Q(kind=Entry.Kind.COMMITMENT)
                       | Q(kind=Entry.Kind.EXPENDITURE, orderly_conclusion="",
                           amount__gt=F("released")))
               .order_by("sequence")[:SHOWN])
    return AtOdds(entries=list(entries), dispositions=list(
        fund.dispositions.filter(decided_on__lt=lifecycle.ends_on)))
