from budget.models.fund import USD, BudgetGroup, BudgetLine, BudgetVersion, Fund
from budget.models.ledger import (
    ClosedYear,
    CommitmentBalance,
    Entry,
    FundBalance,
    LineBalance,
)

__all__ = [
    "USD", "BudgetGroup", "BudgetLine", "BudgetVersion", "ClosedYear", "CommitmentBalance",
    "Entry", "Fund", "FundBalance", "LineBalance",
]
