from budget.models.closing import Asset, Disposition
from budget.models.fund import (
    USD,
    BudgetGroup,
    BudgetLine,
    BudgetVersion,
    Fund,
    Revision,
    RevisionChange,
)
from budget.models.imports import LedgerImportJob
from budget.models.ledger import (
    ClosedYear,
    CommitmentBalance,
    Entry,
    FundBalance,
    LedgerImport,
    LedgerTotal,
    LineBalance,
)
from budget.models.pledges import Instalment, PaymentSchedule
from budget.models.rates import ExchangeRate

__all__ = [
    "USD",
    "Asset",
    "BudgetGroup",
    "BudgetLine",
    "BudgetVersion",
    "ClosedYear",
    "CommitmentBalance",
    "Disposition",
    "Entry",
    "ExchangeRate",
    "Fund",
    "FundBalance",
    "Instalment",
    "LedgerImport",
    "LedgerImportJob",
    "LedgerTotal",
    "LineBalance",
    "PaymentSchedule",
    "Revision",
    "RevisionChange",
]
