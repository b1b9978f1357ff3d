"""The writes of the ledger: one function per act, one transaction each.

Every posting locks the fund's balance row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's
IMMEDIATE transactions serialize writers), checks the controls of Art. 3 on the running
balances, writes the entry with the next sequence number and its system charges, and updates
the balances, all or nothing. A refusal names the rule and the figures and writes nothing.
"""

from budget.posting.closing import record_disposition, register_asset, transfer_asset
from budget.posting.controls import PostingRefused, money
from budget.posting.periods import close_year
from budget.posting.receipts import open_ledger, record_contribution, record_income
from budget.posting.spending import (
    cancel_commitment,
    post_commitment,
    post_expenditure,
    reverse_entry,
)

__all__ = [
    "PostingRefused",
    "cancel_commitment",
    "close_year",
    "money",
    "open_ledger",
    "post_commitment",
    "post_expenditure",
    "record_contribution",
    "record_disposition",
    "record_income",
    "register_asset",
    "reverse_entry",
    "transfer_asset",
]
