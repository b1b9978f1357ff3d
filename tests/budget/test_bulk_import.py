"""The bulk import posts exactly what posting the same rows one by one posts: the same
entries, charges, balances, monthly totals, and the same refusals (docs/ledger-rules.md#imports).

The one-by-one path below is the reference: every row through the interactive posting
service (budget.posting), each in its own savepoint, found by reference in the database as
it stands after the rows before it."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from moneyed import Money

from budget.import_files import ImportRefused, describe
from budget.ledger_import import import_ledger, ledger_rows
from budget.ledger_import.rows import LedgerRow, missing_reference, reversal_matches
from budget.models import CommitmentBalance, Entry, FundBalance, LedgerTotal, LineBalance
from budget.posting import (
    cancel_commitment,
    post_commitment,
    post_expenditure,
    record_contribution,
    record_income,
    reverse_entry,
)
from tests.conftest import load_seed_files

COLUMNS = ["value_date", "kind", "line", "amount", "currency", "cost_element", "payee",
           "reference", "description", "commitment", "reverses"]
REFERENCES = ["R1", "R2", "R3", "R4", "R5"]

days = st.dates(min_value=date(2014, 8, 1), max_value=date(2015, 1, 31)).map(date.isoformat)
# Amounts from a small pool, so that reversals match the entry they name and lines fill up;
# now and then one from anywhere, or one no control allows.
amounts = st.one_of(
    st.sampled_from(["100.00", "250.50", "1999.99", "5000.00", "18000.00"]),
    st.decimals(min_value=D("0.01"), max_value=D("9000"), places=2).map(str),
    st.sampled_from(["0", "60000.00", "-5"]))
lines = st.one_of(st.sampled_from(["1101", "1150", "1601", "3201", "5201", "5301"]),
                  st.sampled_from(["5601", "9999"]))
references = st.sampled_from(REFERENCES)
elements = st.sampled_from(["", "", "salary_or_fee", "travel", "other"])


def rows_of(kind: str, **fields) -> st.SearchStrategy[dict]:
    blank = dict.fromkeys(COLUMNS, st.just(""))
    return st.fixed_dictionaries({**blank, "kind": st.just(kind), "value_date": days,
                                  "amount": amounts, **fields})


row = st.one_of(
    rows_of("contribution", amount=st.sampled_from(["50000.00", "100000.00", "1000.00"]),
            reference=references),
    rows_of("income", reference=references),
    rows_of("commitment", line=lines, reference=references, cost_element=elements,
            currency=st.sampled_from(["USD", "USD", "USD", "KZT"])),
    rows_of("expenditure", line=lines, reference=references, cost_element=elements,
            commitment=st.one_of(st.just(""), references)),
    rows_of("cancellation", commitment=references, description=st.just("No longer needed")),
    rows_of("reversal", reverses=references, line=st.one_of(st.just(""), lines),
            description=st.sampled_from(["", "Duplicate"])),
)


@st.composite
def commitment_and_payment(draw) -> list[dict]:
    """A commitment and a payment against it, on the same line: liquidations release its
    hold (and a salary's reserve hold) in part or whole."""
    commitment = draw(rows_of("commitment", line=lines, reference=references,
                              cost_element=elements))
    paid_on = date.fromisoformat(commitment["value_date"]) + timedelta(
        days=draw(st.integers(0, 45)))
    payment = draw(rows_of("expenditure", line=st.just(commitment["line"]),
                           value_date=st.just(paid_on.isoformat()), reference=references,
                           commitment=st.just(commitment["reference"])))
    return [commitment, payment]


files = st.lists(st.one_of(row.map(lambda r: [r]), commitment_and_payment(),
                           commitment_and_payment()), min_size=1,
                 max_size=20).map(lambda groups: [r for group in groups for r in group])


def csv_file(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def entry_by_reference(fund, reference: str, kinds: list[str], column: str) -> Entry:
    entry = (Entry.objects.filter(fund=fund, reference=reference, kind__in=kinds,
                                  reverses__isnull=True).order_by("-sequence").first()
             if reference else None)
    if entry is None:
        raise missing_reference(column, reference, kinds)
    return entry


def post_one(fund, row: LedgerRow, user) -> None:
    common = {"fund": fund, "value_date": row.value_date, "acting_user": user}
    if row.kind == "contribution":
        record_contribution(amount=row.amount, reference=row.reference,
                            description=row.description, **common)
    elif row.kind == "income":
        record_income(amount=row.amount, reference=row.reference,
                      description=row.description, **common)
    elif row.kind == "commitment":
        post_commitment(line_code=row.line, amount=row.amount,
                        cost_element=row.cost_element or None, payee=row.payee,
                        reference=row.reference, description=row.description, **common)
    elif row.kind == "expenditure":
        commitment = (entry_by_reference(fund, row.commitment, ["commitment"], "commitment")
                      if row.commitment else None)
        post_expenditure(line_code=row.line, amount=row.amount,
                         cost_element=row.cost_element or None, commitment=commitment,
                         payee=row.payee, reference=row.reference,
                         description=row.description,
                         orderly_conclusion=row.orderly_conclusion, **common)
    elif row.kind == "cancellation":
        commitment = entry_by_reference(fund, row.commitment, ["commitment"], "commitment")
        cancel_commitment(commitment=commitment, value_date=row.value_date, amount=row.amount,
                          reason=row.description, acting_user=user)
    else:
        entry = entry_by_reference(fund, row.reverses,
                                   ["contribution", "income", "expenditure"], "reverses")
        reversal_matches(row, amount=entry.original.amount if entry.original is not None
                         else entry.amount, line_code=entry.line_code,
                         reference=entry.reference)
        reverse_entry(entry=entry, value_date=row.value_date,
                      reason=row.description or "Reversal", acting_user=user)


def post_one_by_one(fund, content: bytes, user) -> list[str]:
    errors = []
    for parsed in ledger_rows(content):
        if isinstance(parsed, str):
            errors.append(parsed)
            continue
        try:
            with transaction.atomic():
                post_one(fund, parsed, user)
        except ValidationError as error:
            errors.append(f"row {parsed.number}: {describe(error)}")
    return errors


def ledger_state(fund) -> dict:
    return {
        "entries": list(Entry.objects.filter(fund=fund).order_by("sequence").values_list(
            "sequence", "kind", "line_code", "value_date", "amount", "cost_element",
            "commitment__sequence", "reverses__sequence", "caused_by__sequence", "released",
            "released_reserve", "orderly_conclusion", "payee", "reference", "description",
            "original", "original_currency", "exchange_rate", "recorded_by__username")),
        "fund": FundBalance.objects.filter(fund=fund).values().get(),
        "lines": list(LineBalance.objects.filter(fund=fund).order_by("code").values(
            "code", "budget", "held", "spent")),
        "open": list(CommitmentBalance.objects.filter(commitment__fund=fund).order_by(
            "commitment__sequence").values_list("commitment__sequence", "open_amount",
                                                "reserve_hold")),
        "totals": list(LedgerTotal.objects.filter(fund=fund).order_by(
            "month", "line_code", "kind").values_list(
            "month", "line_code", "kind", "amount", "released", "released_reserve",
            "reserve_held")),
    }


@pytest.fixture
def funded(seed, loader):
    """The seed fund with its KZT rates, 300,000 received and one commitment (R1 on 3201)
    and one expenditure (R2 on 1601) already posted, for the file to name."""
    load_seed_files(ledger=False, forum=False)
    fund = seed.fund
    record_contribution(fund=fund, amount=Money("300000.00", "USD"),
                        value_date=date(2014, 8, 14), reference="C0", acting_user=loader)
    post_commitment(fund=fund, line_code="3201", amount=Money("20000.00", "USD"),
                    value_date=date(2014, 8, 20), reference="R1", acting_user=loader)
    post_expenditure(fund=fund, line_code="1601", amount=Money("1500.00", "USD"),
                     value_date=date(2014, 8, 25), reference="R2", acting_user=loader)
    return fund


def refused_rows(errors: list[str]) -> set[int]:
    return {int(error.split(":")[0].removeprefix("row ")) for error in errors}


@pytest.mark.django_db
@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=files)
def test_bulk_import_posts_what_posting_one_by_one_posts(funded, loader, rows):
    """A file with refused rows is refused whole with the same messages as posting its rows
    one by one gives; the same file without those rows (a refused row changes nothing, so
    the rows after it fare the same) imports to exactly the state the one-by-one path
    reached."""
    content = csv_file(rows)
    with transaction.atomic():
        one_by_one_errors = post_one_by_one(funded, content, loader)
        one_by_one = ledger_state(funded)
        transaction.set_rollback(True)
    before = ledger_state(funded)
    with transaction.atomic():
        try:
            import_ledger(fund=funded, content=content, acting_user=loader)
            bulk_errors = []
        except ImportRefused as refusal:
            bulk_errors = refusal.errors
            assert ledger_state(funded) == before, "a refused import wrote something"
        bulk = ledger_state(funded)
        transaction.set_rollback(True)
    assert bulk_errors == one_by_one_errors
    # Spreadsheet row numbers: the header is row 1.
    accepted = [r for number, r in enumerate(rows, start=2)
                if number not in refused_rows(one_by_one_errors)]
    event(f"{len(accepted)} of {len(rows)} rows accepted")
    if bulk_errors and accepted:
        with transaction.atomic():
            import_ledger(fund=funded, content=csv_file(accepted), acting_user=loader)
            bulk = ledger_state(funded)
            transaction.set_rollback(True)
    assert bulk == one_by_one


@pytest.mark.django_db
def test_an_import_refused_at_its_last_row_writes_nothing(funded, loader):
    lines = ["2014-09-01,contribution,,1000.00,USD,,,C9,,,"] + [
        f"2014-09-{day:02d},expenditure,3201,100.00,USD,,,P{day},,R1," for day in range(2, 29)]
    # The last row overspends 5301 (budget 6,478.00): 7,000 and its charges do not fit.
    lines.append("2014-09-29,expenditure,5301,7000.00,USD,,,P99,,,")
    content = ("\n".join([",".join(COLUMNS), *lines]) + "\n").encode()
    before = ledger_state(funded)
    with pytest.raises(ImportRefused) as refusal:
        import_ledger(fund=funded, content=content, acting_user=loader)
    assert len(refusal.value.errors) == 1
    assert refusal.value.errors[0].startswith("row 30: Line 5301 has 6,478.00 available")
    assert ledger_state(funded) == before


@pytest.mark.django_db
def test_an_import_links_payments_to_commitments_of_the_same_file_and_before(funded, loader):
    content = (",".join(COLUMNS) + "\n"
               "2014-09-02,commitment,1150,2000.00,USD,,Expert,K1,,,\n"
               "2014-09-30,expenditure,1150,2000.00,USD,,Expert,P1,,K1,\n"
               "2014-10-01,expenditure,3201,5000.00,USD,,Hotel,P2,,R1,\n"
               "2014-10-02,reversal,,1500.00,USD,,,,Duplicate,,R2\n").encode()
    result = import_ledger(fund=funded, content=content, acting_user=loader)
    # 4 entries before (R2's PSC: 13% of 1,500 = 195.00); then the commitment; the 1150
    # payment with its 1% reserve (20.00) and PSC (13% of 1,500 + 2,020 = 457.60, less 195.00
    # charged: 262.60); the 3201 payment (13% of 8,520 = 1,107.60, less 457.60: 650.00); the
    # reversal of R2 (1601 bears no reserve) and its PSC (13% of 7,020 = 912.60: -195.00).
    assert result.rows == 4 and result.entries == 8
    entries = {e.sequence: e for e in Entry.objects.filter(fund=funded, sequence__gt=4)}
    assert sorted(entries) == list(range(5, 13))
    assert entries[6].commitment.reference == "K1" and entries[6].released == D("2000.00")
    assert (entries[7].kind, entries[7].amount, entries[7].caused_by_id) == (
        "reserve", D("20.00"), entries[6].pk)
    assert (entries[8].kind, entries[8].amount) == ("psc", D("262.60"))
    assert entries[9].commitment.reference == "R1" and entries[9].released == D("5000.00")
    assert (entries[10].kind, entries[10].amount) == ("psc", D("650.00"))
    assert entries[11].reverses.reference == "R2" and entries[11].amount == D("-1500.00")
    assert (entries[12].kind, entries[12].amount) == ("psc", D("-195.00"))
    assert CommitmentBalance.objects.get(commitment__reference="R1").open_amount == \
        D("15000.00")
    assert CommitmentBalance.objects.get(commitment__reference="K1").open_amount == D("0.00")
