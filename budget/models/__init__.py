from budget.models.fund import (
    USD,
    BudgetGroup,
    BudgetLine,
    BudgetVersion,
    Fund,
    Revision,
    RevisionChange,
)
from budget.models.ledger import (
    ClosedYear,
    CommitmentBalance,
    Entry,
    FundBalance,
    LedgerImport,
    LineBalance,
)
from budget.models.rates import ExchangeRate

__all__ = [
    "USD", "BudgetGroup", "BudgetLine", "BudgetVersion", "ClosedYear", "CommitmentBalance",
    "Entry", "ExchangeRate", "Fund", "FundBalance", "LedgerImport", "LineBalance", "Revision",
    "RevisionChange",
]
