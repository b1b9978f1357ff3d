"""Benchmark: the cost of one posting with 1,000 and with 1,000,000 entries in the fund.

Run by `make bench` against a throwaway PostgreSQL. Each big ledger is built in bulk (COPY),
with consistent running totals, and checked by verify_ledger before the timing
(docs/testing.md#benchmarks).
"""

import io
import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustfund.settings")
# Production-like settings (DEBUG off); the key only signs nothing here.
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "b" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("API_THROTTLE", "false")

import django  # noqa: E402

django.setup()

import yaml  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from budget.amounts import usd  # noqa: E402
from budget.charges import to_cents  # noqa: E402
from budget.definition import load_fund  # noqa: E402
from budget.models import Entry, Fund, FundBalance, LineBalance  # noqa: E402
from budget.posting import post_expenditure  # noqa: E402
from budget.verification import ledger_differences  # noqa: E402

SEED = ROOT / "funds" / "int-14-x46-a"
SPEND = Decimal("10.00")  # each bulk expenditure: 10.00 travel on 3201, PSC 1.30 on 5601
SAMPLES = 50


def bench_fund(tag: str, work: Path) -> Fund:
    """A copy of the seed fund with room for a million postings."""
    definition = yaml.safe_load((SEED / "fund.yaml").read_text())
    definition["fund"].update(project_number=f"BENCH/{tag}", slug=f"bench-{tag.lower()}",
                              amount="20000000000.00")
    lines = definition["budget"]["groups"][1]["lines"]
    lines[0]["amount"] = str(Decimal("20000000000.00") - Decimal("442478.00") + Decimal(
        "273000.00") - Decimal("57522.00"))
    definition["agreement"]["notices"] = []
    for name in definition["agreement"]["texts"].values():  # the texts, in every language
        (work / name).write_bytes((SEED / name).read_bytes())
    path = work / f"{tag}.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True))
    return Fund.objects.get(agreement=load_fund(path, acting_user=None).agreement)


FIRST_DAY = date(2014, 9, 1)  # value dates of a filled ledger run from here ...
LAST_DAY = date(2016, 12, 31)  # ... to here, non-decreasing with the sequence


def fill_day(pair: int, pairs: int) -> date:
    """The value date of the `pair`-th (expenditure, PSC) pair of `pairs`: spread evenly over
    FIRST_DAY .. LAST_DAY, so that a date filter and the yearly statements are meaningful."""
    span = (LAST_DAY - FIRST_DAY).days
    return FIRST_DAY + timedelta(days=(pair - 1) * span // max(pairs - 1, 1))


def fill(fund: Fund, entries: int) -> None:
    """Exactly `entries` entries: 1 contribution, then (expenditure, PSC) pairs dated from
    FIRST_DAY to LAST_DAY (and, for an even count, the year's interest last), straight into
    the table by COPY; then the monthly totals (budget_ledgertotal) and the running balances
    that match them."""
    pairs = (entries - 1) // 2
    interest = Decimal("100.00") if entries > 1 and entries % 2 == 0 else Decimal("0.00")
    contribution = Decimal("15000000000.00")
    columns = ("fund_id", "sequence", "kind", "line_code", "value_date", "amount",
               "cost_element", "payee", "reference", "description", "recorded_at",
               "original_currency", "released", "released_reserve", "orderly_conclusion")
    now = "2026-01-01 00:00:00+00"

    def rows():
        yield (fund.pk, 1, "contribution", "", FIRST_DAY.isoformat(), str(contribution), "",
               "", "", "", now, "", "0", "0", "")
        sequence = 1
        psc_charged = Decimal("0.00")
        for i in range(1, pairs + 1):
            day = fill_day(i, pairs).isoformat()
            sequence += 1
            yield (fund.pk, sequence, "expenditure", "3201", day, str(SPEND), "travel", "", "",
                   "", now, "", "0", "0", "")
            psc = to_cents(fund.psc_rate * SPEND * i) - psc_charged
            psc_charged += psc
            sequence += 1
            yield (fund.pk, sequence, "psc", "5601", day, str(psc), "", "", "", "", now, "",
                   "0", "0", "")
        if interest:
            yield (fund.pk, sequence + 1, "income", "", LAST_DAY.isoformat(), str(interest), "",
                   "", "", "Interest", now, "", "0", "0", "")

    with connection.cursor() as cursor:
        buffer = io.StringIO()
        for count, row in enumerate(rows(), start=1):
            buffer.write("\t".join(str(value) for value in row) + "\n")
            if count % 200_000 == 0:
                buffer.seek(0)
                cursor.copy_from(buffer, "budget_entry", columns=columns, null="\\N")
                buffer = io.StringIO()
        buffer.seek(0)
        cursor.copy_from(buffer, "budget_entry", columns=columns, null="\\N")
        # The monthly totals of what was just written (no commitments here, so nothing is
        # held: reserve_held stays 0).
        cursor.execute(
            "INSERT INTO budget_ledgertotal (fund_id, month, line_code, kind, amount, released,"
            " released_reserve, reserve_held) SELECT fund_id,"
            " date_trunc('month', value_date)::date, line_code, kind, sum(amount),"
            " sum(released), sum(released_reserve), 0"
            " FROM budget_entry WHERE fund_id = %s GROUP BY 1, 2, 3, 4", [fund.pk])
    spent = SPEND * pairs
    FundBalance.objects.filter(fund=fund).update(
        last_sequence=1 + 2 * pairs + (1 if interest else 0), contributions=contribution,
        income=interest, expenditure=spent, psc_charged=to_cents(fund.psc_rate * spent))
    LineBalance.objects.filter(fund=fund, code="3201").update(spent=spent)
    LineBalance.objects.filter(fund=fund, code="5601").update(
        spent=to_cents(fund.psc_rate * spent))
    analyze()


def analyze() -> None:
    """VACUUM and ANALYZE after a bulk load: the visibility map and the planner's statistics
    as autovacuum would leave them later (and no autovacuum of a million new rows running
    under the timings). Only the table's owner may do this (the runtime role would be
    skipped with a warning), so it goes through the owner's connection where there is one."""
    alias = "owner" if "owner" in connections else "default"
    with connections[alias].cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) budget_entry")
        cursor.execute("VACUUM (ANALYZE) budget_ledgertotal")


def time_postings(fund: Fund) -> tuple[float, float]:
    timings = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        post_expenditure(fund=fund, line_code="1601", amount=usd("123.45"),
                         value_date=date(2014, 9, 2), acting_user=None)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), max(timings)


def time_api_pages(fund: Fund) -> tuple[float, int, int]:
    """Median latency of a 100-entry ledger page deep in the ledger, and the queries a page
    of 10 and of 100 entries costs."""
    from django.contrib.auth import get_user_model
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext
    from knox.models import AuthToken
    from rest_framework.test import APIClient

    user = get_user_model().objects.create_superuser(f"bench-{fund.pk}", password=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    url = f"/api/v1/funds/{fund.agreement.slug}/entries/"
    last = FundBalance.objects.get(fund=fund).last_sequence
    timings = []
    for _ in range(20):
        start = time.perf_counter()
        response = client.get(url, {"after": last - 150, "page_size": 100})
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"the ledger page failed: {response.status_code}")
    queries = []
    for size in (10, 100):
        with CaptureQueriesContext(db) as captured:
            client.get(url, {"after": last - 150, "page_size": size})
        queries.append(len(captured.captured_queries))
    return statistics.median(timings), queries[0], queries[1]


def main() -> None:
    import tempfile

    call_command("migrate", verbosity=0)
    results = []
    with tempfile.TemporaryDirectory() as work:
        for size, tag in [(1_000, "1K"), (1_000_000, "1M")]:
            fund = bench_fund(tag, Path(work))
            start = time.perf_counter()
            fill(fund, size)
            built = time.perf_counter() - start
            start = time.perf_counter()
            differences = ledger_differences(fund)
            verified = time.perf_counter() - start
            if differences:
                raise SystemExit(f"bulk ledger is inconsistent: {differences[:3]}")
            median, worst = time_postings(fund)
            page_ms, queries_10, queries_100 = time_api_pages(fund)
            count = Entry.objects.filter(fund=fund).count()
            results.append((size, count, built, verified, median, worst, page_ms, queries_10,
                            queries_100))
    print("\nOne expenditure posting (with its PSC), PostgreSQL 15, median of "
          f"{SAMPLES}:")
    print(f"{'entries':>10} {'built (s)':>10} {'verify (s)':>11} {'median (ms)':>12} "
          f"{'worst (ms)':>11}")
    for size, _count, built, verified, median, worst, *_api in results:
        print(f"{size:>10,} {built:>10.1f} {verified:>11.1f} {median:>12.2f} {worst:>11.2f}")
    print("\nAPI: a 100-entry ledger page (?after=, cursor), median of 20; queries per page:")
    print(f"{'entries':>10} {'page (ms)':>10} {'queries, 10/page':>17} {'queries, 100/page':>18}")
    for size, *_rest, page_ms, queries_10, queries_100 in results:
        print(f"{size:>10,} {page_ms:>10.1f} {queries_10:>17} {queries_100:>18}")


if __name__ == "__main__":
    main()
