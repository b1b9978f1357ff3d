"""Keeping the ledger's monthly totals (budget.models.LedgerTotal) beside the entries: one
upsert per month, line and kind, adding to what is there, in the posting's transaction."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import connection

from budget.models import LedgerTotal

ZERO = Decimal("0.00")
Key = tuple[date, str, str]  # month, line code, kind
FIGURES = ("amount", "released", "released_reserve", "reserve_held")


def month_of(day: date) -> date:
    return day.replace(day=1)


class TotalsDelta:
    """What a posting or an import adds to the totals, summed per month, line and kind."""

    def __init__(self) -> None:
        self.sums: dict[Key, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])

    def add(self, *, value_date: date, line_code: str, kind: str, amount: Decimal,
            released: Decimal = ZERO, released_reserve: Decimal = ZERO,
            reserve_held: Decimal = ZERO) -> None:
        figures = self.sums[(month_of(value_date), line_code, kind)]
        figures[0] += amount
        figures[1] += released
        figures[2] += released_reserve
        figures[3] += reserve_held

    def save(self, fund_id: int) -> None:
        add_to_totals(fund_id, ((key, figures) for key, figures in self.sums.items()))
        self.sums.clear()


# Rows per statement: SQLite takes at most 32,766 parameters (8 a row).
BATCH = 1000


def add_to_totals(fund_id: int, rows: Iterable[tuple[Key, list[Decimal]]]) -> None:
    rows = list(rows)
    for start in range(0, len(rows), BATCH):
        _upsert(fund_id, rows[start:start + BATCH])


def _upsert(fund_id: int, rows: list[tuple[Key, list[Decimal]]]) -> None:
    table = LedgerTotal._meta.db_table
    columns = ", ".join(FIGURES)
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    updates = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in FIGURES)
    params: list = []
    for (month, line_code, kind), figures in rows:
        params += [fund_id, month, line_code, kind, *figures]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (fund_id, month, line_code, kind, {columns}) "  # noqa: S608
            f"VALUES {placeholders} ON CONFLICT (fund_id, month, line_code, kind) "
            f"DO UPDATE SET {updates}", params)
