"""Benchmark: the paths through a fund's history at 1,000,000 entries, each figure set against
PostgreSQL doing the same work in the same run. Run by `make bench`; nothing here is a test.

Method
- Ledgers are built by bench.ledger_posting.fill (one contribution, then expenditure and PSC
  pairs dated 2014-09-01 .. 2016-12-31, by COPY, with the monthly totals and running
  balances that match; then VACUUM ANALYZE as the owner, so no autovacuum runs under the
  timings) on copies of the seed fund, and checked by ledger_differences before any timing.
  The 1k and 1M funds enter into force (9 January 2015) and get DESA's completion notice
  (received 16 January 2017), so that the final report exists; postings timed on them are
  dated 2016-12-31, inside their life.
- Every figure is the median of 5 runs (of N samples where stated), printed as
  `name  value  baseline  ratio  target  ok/NOT MET`, then as a table for the README. Pages
  compared with each other are timed in rounds (one GET of each per round).
  1. import_ledger of 10,000 and of 100,000 CSV rows (a contribution, then commitments and
     expenditures on six lines, some liquidating the commitments), each into a fresh fund:
     rows/s, and the ratio to a COPY of the same entry rows (those the import wrote, PSC and
     reserve included) into budget_entry of another fund, commit included; linearity is the
     time per row at 100k over the time per row at 10k. The import's progress reports split
     its time into reading, checking, writing and the rest.
  2. GET /api/v1/funds/<slug>/entries.csv of the 1M fund through an APIClient (knox token),
     consumed chunk by chunk, in a child process (`--export-only`): its peak resident memory
     is reset (/proc/self/clear_refs) after a 10-row warm-up export, and the peak during the
     export (VmHWM, what ru_maxrss then reports) less the resident memory before it is the
     export's memory. Baseline: `psql \\copy (SELECT the same columns ... ORDER BY sequence)
     TO '/dev/null' CSV`, timed as a subprocess (psql's start included).
  3. The report pages (statement 2015, budget analysis 2016, final, calendar) of the 1M fund
     against the same pages of the 1k fund (django.test.Client, a superuser).
  4. The ledger page of the 1M fund: page 5,000 (`?before=`), a one-month date filter, and
     a search of the payee, reference and description that finds 20 entries (posted for it)
     and one that finds none, against the first page.
  5. ledger_differences at 1M against one GROUP BY query; then the worst latency of
     post_expenditure calls made while it runs, in a thread (as the issue asks: the GIL is
     shared) and in another process (`--verify-only`, with a manage.py command's settings),
     against the worst of 100 postings made with nothing else running.
  6. 200 expenditures POSTed one after another through the API (APIClient) on a 1k fund,
     against a pgbench script writing the same rows under the same lock on another fund;
     and the CPU time of the Python process per API posting (time.process_time: the client
     and the server are the same process).
  7. The audit trail page of the 1M fund (its first page, and a page a quarter of the
     postings back, by its cursor) against the first page of the 1k fund.
"""

import argparse
import csv
import io
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustfund.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "b" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("API_THROTTLE", "false")
# The pages are timed as a signed-in superuser's, whose second factor and session clock are
# not what is measured (a whole run outlasts the idle timeout).
os.environ.setdefault("MFA_REQUIRED", "false")
os.environ.setdefault("SESSION_IDLE_TIMEOUT", str(24 * 60))
# Pages are rendered without `collectstatic`: static URLs unhashed (no manifest to read).
os.environ.setdefault("STATIC_MANIFEST", "false")

import django  # noqa: E402

django.setup()
# WhiteNoise warns once that there is no collected static folder; pages are timed without.
warnings.filterwarnings("ignore", message="No directory at")

import dj_database_url  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from knox.models import AuthToken  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from agreements.actions import NoticeDraft, record_notice  # noqa: E402
from agreements.models import Party  # noqa: E402
from bench.ledger_posting import FIRST_DAY, LAST_DAY, analyze, bench_fund, fill  # noqa: E402
from budget.amounts import usd  # noqa: E402
from budget.ledger_import import import_ledger  # noqa: E402
from budget.models import Entry, Fund, FundBalance  # noqa: E402
from budget.posting import post_expenditure  # noqa: E402
from budget.verification import ledger_differences  # noqa: E402
from reports.documents import report_document  # noqa: E402

RUNS = 5
POSTED_ON = date(2016, 12, 31)  # value date of every posting timed here
COMPLETION_SENT, COMPLETION_RECEIVED = date(2017, 1, 10), date(2017, 1, 16)
FINAL_YEAR = COMPLETION_RECEIVED.year
PAGE = 100  # entries on a ledger page
API_POSTINGS = 200
NORMAL_POSTINGS = 100  # postings with nothing else running, against those during a verify
EXPORT_COLUMNS = ("sequence", "kind", "line_code", "value_date", "amount", "cost_element",
                  "payee", "reference", "description", "recorded_at")
PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")


# -- results ----------------------------------------------------------------------------------

@dataclass
class Figure:
    name: str
    value: str
    baseline: str
    ratio: float | None
    target: str
    ok: bool | None  # None: no target to meet

    @property
    def verdict(self) -> str:
        return "-" if self.ok is None else ("ok" if self.ok else "NOT MET")

    @property
    def ratio_text(self) -> str:
        return "-" if self.ratio is None else f"{self.ratio:.2f}x"


FIGURES: list[Figure] = []
NOTES: list[str] = []


def record(name: str, value: str, baseline: str = "-", ratio: float | None = None,
           target: str = "-", ok: bool | None = None) -> None:
    figure = Figure(name, value, baseline, ratio, target, ok)
    FIGURES.append(figure)
    print(f"  {name:<44} {value:>22} {baseline:>26} {figure.ratio_text:>8} {target:>14} "
          f"{figure.verdict}", flush=True)


def note(text: str) -> None:
    NOTES.append(text)
    print(f"  note: {text}", flush=True)


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


# -- funds ------------------------------------------------------------------------------------

def filled_fund(tag: str, work: Path, entries: int) -> Fund:
    fund = bench_fund(tag, work)
    if entries:
        fill(fund, entries)
    return fund


def check_consistent(fund: Fund, what: str) -> None:
    differences = ledger_differences(fund)
    if differences:
        raise SystemExit(f"{what}: the ledger is inconsistent: {differences[:3]}")


def record_completion(fund: Fund) -> None:
    """The seed's entry into force (9 January 2015), then DESA's completion notice, so that
    the final report (d) exists; the fund expires on COMPLETION_RECEIVED, after the last
    filled value date."""
    un = Party.objects.filter(kind="united_nations").first()
    government = Party.objects.filter(kind="government").first()
    record_notice(agreement=fund.agreement, acting_user=None, confirmed=True, draft=NoticeDraft(
        kind="domestic_procedures", sender=government, recipient=un,
        sent_on=date(2014, 12, 29), received_on=date(2015, 1, 9), delivery="diplomatic"))
    record_notice(agreement=fund.agreement, acting_user=None, confirmed=True, draft=NoticeDraft(
        kind="completion", sender=un, recipient=government, sent_on=COMPLETION_SENT,
        received_on=COMPLETION_RECEIVED, delivery="diplomatic",
        government_agreement="Note verbale agreeing to the completion"))


def settle() -> None:
    """VACUUM (ANALYZE) the ledger's tables as their owner, so that no autovacuum of rows
    just written runs under the next timings (2 cores)."""
    analyze()


def superuser():
    user, _created = get_user_model().objects.get_or_create(
        username="bench-history", defaults={"is_superuser": True, "is_staff": True})
    return user


def api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    return client


def database() -> dict:
    return dj_database_url.parse(os.environ["DATABASE_URL"])


def psql_args() -> list[str]:
    db = database()
    return ["-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "-d", db["NAME"]]


# -- 1. import --------------------------------------------------------------------------------

def import_file(rows: int) -> bytes:
    """A ledger CSV of `rows` rows, value dates non-decreasing from FIRST_DAY to LAST_DAY: a
    contribution, then blocks of ten rows: a commitment on 3201 liquidated by two payments,
    a payment on 1601, a consultant's commitment on 1150 (salary: reserve held) and its
    payment, payments on 1101 (salary: reserve charged), 5201, 5301 and 3201. Small amounts on
    the small lines keep 100,000 rows within the seed's line budgets."""
    span = (LAST_DAY - FIRST_DAY).days
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["value_date", "kind", "line", "amount", "currency", "cost_element",
                     "payee", "reference", "description", "commitment"])

    def day(row: int) -> str:
        return (FIRST_DAY + timedelta(days=row * span // max(rows - 1, 1))).isoformat()

    writer.writerow([day(0), "contribution", "", "5000000000.00", "USD", "",
                     "Government of the Republic of Kazakhstan", "KZ-0000000",
                     "Contribution under Art. 1.1", ""])
    row = 1
    while row < rows:
        n = row
        block = [
            ("commitment", "3201", "100.00", "", f"Carrier {n % 97}", f"PO-{n:07d}",
             "Participants' tickets", ""),
            ("expenditure", "3201", "60.00", "", f"Carrier {n % 97}", f"INV-{n + 1:07d}",
             "Tickets, first invoice", f"PO-{n:07d}"),
            ("expenditure", "3201", "40.00", "", f"Carrier {n % 97}", f"INV-{n + 2:07d}",
             "Tickets, final invoice", f"PO-{n:07d}"),
            ("expenditure", "1601", "0.25", "travel", "DESA staff", f"TA-{n + 3:07d}",
             "Terminal expenses", ""),
            ("commitment", "1150", "0.50", "", f"Expert {n % 13}", f"SSA-{n + 4:07d}",
             "Consultant fee", ""),
            ("expenditure", "1150", "0.50", "", f"Expert {n % 13}", f"FEE-{n + 5:07d}",
             "Fee on delivery", f"SSA-{n + 4:07d}"),
            ("expenditure", "1101", "0.30", "salary_or_fee", "Project Coordinator",
             f"PAY-{n + 6:07d}", "Salary adjustment", ""),
            ("expenditure", "5201", "0.10", "other", "Printer", f"PR-{n + 7:07d}",
             "Printing", ""),
            ("expenditure", "5301", "0.05", "other", "Courier service", f"CR-{n + 8:07d}",
             "Courier", ""),
            ("expenditure", "3201", "25.00", "travel", "Participant", f"TG-{n + 9:07d}",
             "Travel grant", ""),
        ]
        for kind, line, amount, element, payee, reference, description, commitment in block:
            if row == rows:
                break
            writer.writerow([day(row), kind, line, amount, "USD", element, payee, reference,
                             description, commitment])
            row += 1
    return out.getvalue().encode()


COPY_COLUMNS = ("fund_id", "sequence", "kind", "line_code", "value_date", "amount",
                "cost_element", "commitment_id", "caused_by_id", "released", "released_reserve",
                "orderly_conclusion", "payee", "reference", "description", "original",
                "original_currency", "exchange_rate", "recorded_at", "recorded_by_id")


def copy_like(source: Fund, target: Fund, offset: int) -> float:
    """Seconds to COPY the source fund's entries (as rows of the target fund, sequences
    shifted by `offset`) into budget_entry, commit included; the rows are read first."""
    columns = ", ".join(COPY_COLUMNS)
    select = ", ".join([str(int(target.pk)), f"sequence + {int(offset)}", *COPY_COLUMNS[2:]])
    buffer = io.StringIO()
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY (SELECT {select} FROM budget_entry "  # noqa: S608
                           f"WHERE fund_id = {int(source.pk)} ORDER BY sequence) TO STDOUT",
                           buffer)
    buffer.seek(0)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.copy_expert(f"COPY budget_entry ({columns}) FROM STDIN", buffer)
    return time.perf_counter() - start


class Phases:
    """When import_ledger reported its progress ("check" every 1,000 rows, "write" every
    COPY batch): enough to split its time into reading the file, checking the rows, writing
    the entries and the rest (balances, totals, commit)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.marks: dict[str, list[float]] = {}

    def __call__(self, stage: str, done: int, of: int) -> None:
        self.marks.setdefault(stage, []).append(time.perf_counter())

    def split(self, end: float) -> str:
        check, write = self.marks.get("check", []), self.marks.get("write", [])
        if len(check) < 2 or not write:
            return "(no progress reported)"
        per_report = (check[-1] - check[0]) / (len(check) - 1)
        checking_from = check[0] - per_report  # the first report came after 1,000 rows
        parts = {"read": checking_from - self.start, "check": check[-1] - checking_from,
                 "write": write[-1] - check[-1], "rest+commit": end - write[-1]}
        return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in parts.items())


def bench_import(work: Path, sizes: tuple[int, ...]) -> None:
    print("\n1. import_ledger, a fresh fund each run, vs COPY of the same entry rows",
          flush=True)
    copy_target = filled_fund("HCOPY", work, 0)
    offset = 0
    per_row, copy_per_row = {}, {}
    for size in sizes:
        content = import_file(size)
        imports, copies, entries, phases = [], [], set(), []
        for run in range(1, RUNS + 1):
            fund = filled_fund(f"HI{size // 1000}K{run}", work, 0)
            progress = Phases()
            import_ledger(fund=fund, content=content, file_name="x.csv", acting_user=None,
                          progress=progress)
            end = time.perf_counter()
            imports.append(end - progress.start)
            phases.append((end - progress.start, progress.split(end)))
            count = Entry.objects.filter(fund=fund).count()
            entries.add(count)
            if run == 1:
                check_consistent(fund, f"import of {size:,} rows")
            copies.append(copy_like(fund, copy_target, offset))
            offset += count
        seconds, copy_seconds = statistics.median(imports), statistics.median(copies)
        rate = size / seconds
        per_row[size], copy_per_row[size] = seconds / size, copy_seconds / max(entries)
        written = "/".join(f"{n:,}" for n in sorted(entries))
        record(f"import {size:,} rows ({written} entries)", f"{rate:,.0f} rows/s",
               f"{seconds:.2f} s", None, ">= 5,000 rows/s", rate >= 5000)
        record(f"import {size:,} rows vs COPY", f"{seconds:.2f} s",
               f"{copy_seconds:.3f} s COPY", seconds / copy_seconds, "<= 15x",
               seconds / copy_seconds <= 15)
        median_run = sorted(phases)[len(phases) // 2]
        print(f"    median run, {median_run[0]:.2f} s: {median_run[1]}", flush=True)
    if len(sizes) == 2:
        small, big = sizes
        ratio = per_row[big] / per_row[small]
        record(f"import time per row, {big:,} vs {small:,}", f"{per_row[big] * 1e6:.0f} us/row",
               f"{per_row[small] * 1e6:.0f} us/row", ratio, "~1x (<=1.2x)", ratio <= 1.2)
        ratio = copy_per_row[big] / copy_per_row[small]
        record(f"COPY time per entry, {big:,} vs {small:,} rows",
               f"{copy_per_row[big] * 1e6:.0f} us/entry", f"{copy_per_row[small] * 1e6:.0f} "
               "us/entry", ratio)


# -- 2. CSV export ----------------------------------------------------------------------------

def memory_kib(field: str) -> int:
    """VmRSS (resident now) or VmHWM (peak resident since the last reset) of this process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


def export_only(slug: str, username: str) -> None:
    """Child process: one export of the fund's entries.csv, consumed chunk by chunk; prints
    a JSON line with its time and size, the resident memory before it (after a 10-row
    warm-up export) and the peak during it: the peak is reset first (/proc/self/clear_refs),
    so it is the export's own, as getrusage's ru_maxrss then reports it too."""
    client = api_client(get_user_model().objects.get(username=username))
    url = f"/api/v1/funds/{slug}/entries.csv"
    last = FundBalance.objects.get(fund__agreement__slug=slug).last_sequence
    for _chunk in client.get(url, {"after": max(last - 10, 0)}).streaming_content:
        pass  # warm-up: the code paths loaded, ten rows
    Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to VmRSS
    before = memory_kib("VmRSS")
    start = time.perf_counter()
    response = client.get(url)
    size = lines = 0
    tail = b""
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
        tail = (tail + chunk)[-300:]
    seconds = time.perf_counter() - start
    print(json.dumps({"status": response.status_code, "seconds": seconds, "bytes": size,
                      "lines": lines, "last_line": tail.decode(errors="replace").splitlines()[-1]
                      if tail else "", "rss_before_kib": before,
                      "peak_kib": memory_kib("VmHWM"),
                      "ru_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def psql_copy_seconds(fund: Fund) -> float:
    query = (f"SELECT {', '.join(EXPORT_COLUMNS)} FROM budget_entry "  # noqa: S608
             f"WHERE fund_id = {int(fund.pk)} ORDER BY sequence")
    command = [f"{PG_BIN}/psql", "-X", "-q", *psql_args(), "-v", "ON_ERROR_STOP=1",
               "-c", f"\\copy ({query}) TO '/dev/null' CSV HEADER"]
    start = time.perf_counter()
    subprocess.run(command, check=True)  # noqa: S603
    return time.perf_counter() - start


def bench_export(fund: Fund, entries: int, user) -> None:
    print(f"\n2. entries.csv of the {entries:,}-entry fund (child process) vs psql \\copy",
          flush=True)
    runs = []
    for _ in range(RUNS):
        output = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--export-only", fund.agreement.slug, user.username],
            check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    if any(run["status"] != 200 for run in runs):
        raise SystemExit(f"entries.csv failed: {[run['status'] for run in runs]}")
    seconds = statistics.median(run["seconds"] for run in runs)
    baseline = median_seconds(lambda: psql_copy_seconds(fund))
    record(f"entries.csv, {entries:,} entries", f"{seconds:.2f} s",
           f"{baseline:.2f} s psql \\copy", seconds / baseline, "<= 2x", seconds / baseline <= 2)
    count = Entry.objects.filter(fund=fund).count()
    run = runs[0]
    trailer = re.fullmatch(r"#end,(\d+)\s*", run["last_line"])
    data_rows = run["lines"] - 1 - (1 if trailer else 0)
    said = f", #end,{int(trailer[1]):,}" if trailer else ", no #end"
    record("entries.csv complete", f"{data_rows:,} rows{said}", f"{count:,} entries", None,
           "all, #end,N", data_rows == count and trailer is not None
           and int(trailer[1]) == count)
    if trailer is None:
        note(f"entries.csv has no '#end,<N>' trailer (last line: {run['last_line'][:60]!r})")
    growth = max(run["peak_kib"] - run["rss_before_kib"] for run in runs) / 1024
    peak = max(run["peak_kib"] for run in runs) / 1024
    record("entries.csv peak memory (RSS growth)", f"{growth:,.0f} MB",
           f"peak RSS {peak:,.0f} MB", None, "<= 150 MB", growth <= 150)


# -- 3. report pages --------------------------------------------------------------------------

def pages_seconds(client: Client, pages: list[tuple[str, Callable[[str], bool] | None]]
                  ) -> list[float]:
    """Median of RUNS GETs of each (url, check) after one warm-up each, taken in rounds (one
    GET of each page per round), so that a drift of the machine's speed touches them alike.
    A page must answer 200 (and pass its check) on the warm-up."""
    for url, check in pages:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code}")
        if check is not None and not check(response.content.decode()):
            raise SystemExit(f"GET {url}: the page is not what was expected")
    timings: list[list[float]] = [[] for _ in pages]
    for _ in range(RUNS):
        for (url, _check), samples in zip(pages, timings, strict=True):
            start = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - start)
    return [statistics.median(samples) for samples in timings]


REPORTS = (("statement", 2015), ("budget_analysis", 2016), ("final", FINAL_YEAR))


def bench_reports(small: Fund, big: Fund, entries: int, client: Client) -> None:
    print(f"\n3. report pages at {entries:,} vs 1,000 entries", flush=True)
    pages = [(f"{kind} {year}", f"reports/{kind}/{year}/", kind, year) for kind, year in REPORTS]
    pages.append(("reports calendar", "reports/", None, None))
    for label, path, kind, year in pages:
        if kind is not None:
            for fund in (big, small):
                report_document(fund, kind, year)  # refused (ValidationError) => no figures
        at_big, at_small = pages_seconds(client, [
            (f"/funds/{fund.agreement.slug}/{path}", None) for fund in (big, small)])
        ratio = at_big / at_small
        record(f"{label} page", ms(at_big), f"{ms(at_small)} at 1k", ratio, "<= 1.2x",
               ratio <= 1.2)


# -- 4. ledger page ---------------------------------------------------------------------------

def sequences_shown(html: str) -> set[int]:
    """The sequence numbers in the first cell of the ledger's rows (digits only: the page
    may group thousands)."""
    return {int(re.sub(r"\D", "", cell)) for cell in re.findall(
        r"<tr>\s*<td[^>]*>\s*([\d,.\s\u00a0\u202f]+?)\s*</td>", html) if re.search(r"\d", cell)}


def bench_ledger_page(fund: Fund, entries: int, client: Client) -> None:
    last = FundBalance.objects.get(fund=fund).last_sequence
    deep = min(5000, entries // PAGE // 2)
    before = last + 1 - (deep - 1) * PAGE
    print(f"\n4. ledger page of the {entries:,}-entry fund: page {deep:,} and a date filter vs "
          "the first page", flush=True)
    url = f"/funds/{fund.agreement.slug}/ledger/"
    deep_html = client.get(url, {"before": before}).content.decode()
    if before - 1 in sequences_shown(deep_html):
        deep_page, deep_label = f"{url}?before={before}", f"?before={before:,}"
    else:
        shown = sequences_shown(deep_html)
        note(f"ledger ?before={before} did not show entry #{before - 1} (it showed "
             f"#{max(shown, default=0)}..#{min(shown, default=0)}): keyset pagination not in "
             f"place; timing the OFFSET page ?page={deep} instead")
        deep_page, deep_label = f"{url}?page={deep}", "old ?page=, OFFSET"
    month = ("2015-03-01", "2015-03-31")
    newest = Entry.objects.filter(fund=fund, value_date__range=month).aggregate(
        Max("sequence"))["sequence__max"]
    # 20 payments to one payee among the million (the fill writes no text): a search finds
    # them through the trigram indexes, and one that finds nothing reads nothing.
    found = [post_expenditure(fund=fund, line_code="1601", amount=usd("1.00"),
                              value_date=POSTED_ON, payee=f"Bench Printing House {n}",
                              acting_user=None).sequence for n in range(20)]
    first, deep_seconds, filtered, searched, nothing = pages_seconds(client, [
        (url, lambda html: found[-1] in sequences_shown(html)),
        (deep_page, lambda html: before - 1 in sequences_shown(html)),
        (f"{url}?date_from={month[0]}&date_to={month[1]}",
         lambda html: newest in sequences_shown(html)),
        (f"{url}?search=printing+house", lambda html: set(found) <= sequences_shown(html)),
        (f"{url}?search=zqxw", lambda html: "No entries." in html)])
    for label, seconds in ((f"ledger page {deep:,} ({deep_label})", deep_seconds),
                           ("ledger, value dates March 2015", filtered),
                           ("ledger, search finding 20 entries", searched),
                           ("ledger, search finding none", nothing)):
        record(label, ms(seconds), f"{ms(first)} first", seconds / first, "<= 1.2x",
               seconds / first <= 1.2)


# -- 7. audit trail page -------------------------------------------------------------------

def bench_audit_trail(small: Fund, big: Fund, entries: int, client: Client) -> None:
    """The audit trail's first page and a page far back (its cursor taken from the 1M fund's
    postings) of the 1M fund against the first page of the 1k fund: one indexed query per
    source, whatever the ledger's size (docs/audit-trail.md#filters-pages-and-downloads)."""
    from audit.trail import format_cursor

    print(f"\n7. audit trail of the {entries:,}-entry fund vs the 1,000-entry fund", flush=True)
    at, pk, sequence = (Entry.objects.filter(fund=big, caused_by=None)
                        .order_by("-recorded_at", "-id")
                        .values_list("recorded_at", "id", "sequence")[entries // 4])
    cursor = format_cursor((at, "entry", pk))
    big_url, small_url = (f"/funds/{fund.agreement.slug}/audit/" for fund in (big, small))
    first, deep, at_small = pages_seconds(client, [
        (big_url, lambda html: "Ledger postings" in html),
        # The page continues with the posting recorded just before the cursor's.
        (f"{big_url}?{urlencode({'before': cursor})}",
         lambda html: f" #{sequence - 1} of " in html and f" #{sequence} of " not in html),
        (small_url, lambda html: "Ledger postings" in html)])
    for label, seconds in (("audit trail, first page", first),
                           (f"audit trail, page at entry {entries // 4:,} back", deep)):
        record(label, ms(seconds), f"{ms(at_small)} at 1k", seconds / at_small, "<= 1.2x",
               seconds / at_small <= 1.2)


# -- 5. verify_ledger -------------------------------------------------------------------------

def post_one(fund: Fund) -> None:
    post_expenditure(fund=fund, line_code="1601", amount=usd("1.00"), value_date=POSTED_ON,
                     acting_user=None)


def postings_while(fund: Fund, running: Callable[[], bool]) -> tuple[list[float], list[str]]:
    """Post expenditures one after another while `running()`; their latencies and refusals."""
    latencies, refusals = [], []
    while running():
        start = time.perf_counter()
        try:
            post_one(fund)
        except Exception as error:  # a refused posting is a result here
            refusals.append(f"{type(error).__name__}: {str(error).strip()[:80]}")
        latencies.append(time.perf_counter() - start)
    return latencies, refusals


def verify_only(slug: str) -> None:
    """Child process (manage.py command settings): ledger_differences of the fund, saying
    'started' on stdout just before it begins."""
    fund = Fund.objects.get(agreement__slug=slug)
    print("started", flush=True)
    start = time.perf_counter()
    differences = ledger_differences(fund)
    print(json.dumps({"seconds": time.perf_counter() - start, "differences": differences[:3]}))


def in_thread(fund: Fund) -> tuple[list[float], list[str], dict]:
    outcome: dict = {}
    started = threading.Event()

    def verify() -> None:
        try:
            started.set()
            begin = time.perf_counter()
            outcome["differences"] = ledger_differences(fund)
            outcome["seconds"] = time.perf_counter() - begin
        except Exception as error:  # reported, not raised, from the thread
            outcome["error"] = repr(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=verify)
    thread.start()
    started.wait()
    latencies, refusals = postings_while(fund, thread.is_alive)
    thread.join()
    return latencies, refusals, outcome


def in_process(fund: Fund) -> tuple[list[float], list[str], dict]:
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, __file__, "--verify-only", fund.agreement.slug],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "TRUSTFUND_COMMAND": "1"})
    if child.stdout.readline().strip() != "started":
        raise SystemExit("the verify process did not start")
    latencies, refusals = postings_while(fund, lambda: child.poll() is None)
    outcome = json.loads(child.stdout.read().strip().splitlines()[-1])
    child.wait()
    return latencies, refusals, outcome


def bench_verify(fund: Fund, entries: int) -> None:
    print(f"\n5. ledger_differences at {entries:,} entries vs one GROUP BY", flush=True)

    def verify() -> None:
        if differences := ledger_differences(fund):
            raise SystemExit(f"ledger_differences found: {differences[:3]}")

    def group_by() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT kind, line_code, sum(amount) FROM budget_entry "
                           "WHERE fund_id = %s GROUP BY kind, line_code", [fund.pk])
            cursor.fetchall()

    seconds, baseline = median_seconds(verify), median_seconds(group_by)
    record(f"verify_ledger, {entries:,} entries", f"{seconds:.2f} s",
           f"{baseline:.3f} s GROUP BY", seconds / baseline, "<= 3x", seconds / baseline <= 3)


def bench_postings_during_verify(fund: Fund, entries: int) -> None:
    print(f"\n5b. postings while ledger_differences runs at {entries:,} entries", flush=True)
    settle()
    for _ in range(3):
        post_one(fund)  # warm-up
    normal = []
    for _ in range(NORMAL_POSTINGS):
        start = time.perf_counter()
        post_one(fund)
        normal.append(time.perf_counter() - start)
    worst_normal = max(normal)
    for how, run in (("thread", in_thread), ("process", in_process)):
        latencies, refusals, outcome = run(fund)
        if outcome.get("error") or outcome.get("differences"):
            note(f"ledger_differences in a {how} beside postings gave "
                 f"{outcome.get('error') or outcome.get('differences')}")
        worst = max(latencies, default=0.0)
        ratio = worst / worst_normal
        record(f"worst posting during verify ({how})",
               f"{ms(worst)}, {len(latencies)} posts",
               f"{ms(worst_normal)} worst of {NORMAL_POSTINGS}",
               ratio, "~1x (<=2x)", ratio <= 2 and not refusals)
        if refusals:
            note(f"postings during verify ({how}): {len(refusals)} of {len(latencies)} failed, "
                 f"e.g. {refusals[0]}")
        print(f"    verify in the {how} took {outcome.get('seconds', 0):.2f} s; postings median "
              f"{ms(statistics.median(latencies)) if latencies else '-'}, normal median "
              f"{ms(statistics.median(normal))}", flush=True)
    check_consistent(fund, "after postings during verify")


# -- 6. API posting throughput ----------------------------------------------------------------

PGBENCH_SCRIPT = """\
\\set fund {fund}
BEGIN;
SELECT last_sequence FROM budget_fundbalance WHERE fund_id = :fund FOR UPDATE;
UPDATE budget_fundbalance SET last_sequence = last_sequence + 2,
  expenditure = expenditure + 1.00, psc_charged = psc_charged + 0.13
  WHERE fund_id = :fund RETURNING last_sequence AS seq \\gset
UPDATE budget_linebalance SET spent = spent + 1.00 WHERE fund_id = :fund AND code = '1601';
UPDATE budget_linebalance SET spent = spent + 0.13 WHERE fund_id = :fund AND code = '5601';
INSERT INTO budget_entry (fund_id, sequence, kind, line_code, value_date, amount,
  cost_element, payee, reference, description, recorded_at, released, released_reserve,
  orderly_conclusion)
  VALUES (:fund, :seq - 1, 'expenditure', '1601', '{day}', 1.00, 'travel', '', '', '',
  now(), 0, 0, '') RETURNING id AS expenditure_id \\gset
INSERT INTO budget_entry (fund_id, sequence, kind, line_code, value_date, amount,
  cost_element, payee, reference, description, recorded_at, released, released_reserve,
  orderly_conclusion, caused_by_id)
  VALUES (:fund, :seq, 'psc', '5601', '{day}', 0.13, '', '', '',
  'Programme support cost, Art. 2.2', now(), 0, 0, '', :expenditure_id);
INSERT INTO budget_ledgertotal (fund_id, month, line_code, kind, amount, released,
  released_reserve, reserve_held)
  VALUES (:fund, '{month}', '1601', 'expenditure', 1.00, 0, 0, 0),
         (:fund, '{month}', '5601', 'psc', 0.13, 0, 0, 0)
  ON CONFLICT (fund_id, month, line_code, kind) DO UPDATE SET
  amount = budget_ledgertotal.amount + excluded.amount,
  released = budget_ledgertotal.released + excluded.released,
  released_reserve = budget_ledgertotal.released_reserve + excluded.released_reserve,
  reserve_held = budget_ledgertotal.reserve_held + excluded.reserve_held;
COMMIT;
"""


def pgbench_tps(fund: Fund, work: Path) -> float:
    script = work / "posting.sql"
    script.write_text(PGBENCH_SCRIPT.format(fund=int(fund.pk), day=POSTED_ON.isoformat(),
                                            month=POSTED_ON.replace(day=1).isoformat()))
    db = database()
    output = subprocess.run(  # noqa: S603
        [f"{PG_BIN}/pgbench", "-n", "-f", str(script), "-t", str(API_POSTINGS), "-c", "1",
         "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], db["NAME"]],
        check=True, capture_output=True, text=True).stdout
    found = re.search(r"tps = ([\d.]+) \(without initial connection time\)", output)
    if found is None:
        raise SystemExit(f"pgbench said: {output}")
    return float(found[1])


def bench_api_postings(fund: Fund, floor_fund: Fund, user, work: Path) -> None:
    print(f"\n6. {API_POSTINGS} expenditures POSTed through the API vs a pgbench script",
          flush=True)
    client = api_client(user)
    url = f"/api/v1/funds/{fund.agreement.slug}/expenditures/"
    body = {"line": "1601", "amount": "1.00", "value_date": POSTED_ON.isoformat(),
            "payee": "DESA staff", "reference": "TA-API", "description": "Terminal expenses"}
    rates, cpu = [], []
    for _ in range(RUNS):
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(API_POSTINGS):
            response = client.post(url, body, format="json")
            if response.status_code != 201:
                raise SystemExit(f"POST {url}: {response.status_code} {response.content[:300]}")
        rates.append(API_POSTINGS / (time.perf_counter() - start))
        cpu.append((time.process_time() - cpu_start) / API_POSTINGS)
    check_consistent(fund, "after the API postings")
    rate = statistics.median(rates)
    floor = statistics.median(pgbench_tps(floor_fund, work) for _ in range(RUNS))
    record(f"API postings, {API_POSTINGS} in a row", f"{rate:,.0f} postings/s",
           f"{floor:,.0f} tx/s pgbench", floor / rate, "<= 3x", floor / rate <= 3)
    record("API posting, CPU of the Python process", ms(statistics.median(cpu)),
           f"{ms(1 / rate)} wall")


# -- the run ----------------------------------------------------------------------------------

def summary() -> None:
    print("\nSummary (median of 5 each; ratio = the portal / PostgreSQL or 1M / 1k, "
          "or as named):")
    print(f"{'name':<44} {'value':>22} {'baseline':>26} {'ratio':>8} {'target':>14} result")
    for f in FIGURES:
        print(f"{f.name:<44} {f.value:>22} {f.baseline:>26} {f.ratio_text:>8} {f.target:>14} "
              f"{f.verdict}")
    print("\nAs a README table:\n")
    print("| path | value | baseline | ratio | target | |")
    print("|---|---:|---:|---:|---:|---|")
    for f in FIGURES:
        value, baseline = (text.replace("|", "/") for text in (f.value, f.baseline))
        print(f"| {f.name} | {value} | {baseline} | {f.ratio_text} | {f.target} | "
              f"{f.verdict} |")
    for text in NOTES:
        print(f"- {text}")


def main(big_entries: int, import_sizes: tuple[int, ...]) -> None:
    load = os.getloadavg()
    call_command("migrate", verbosity=0)
    user = superuser()
    client = Client()
    client.force_login(user)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        small = filled_fund("H1K", work, 1_000)
        start = time.perf_counter()
        big = filled_fund("H1M", work, big_entries)
        print(f"built the {big_entries:,}-entry fund in {time.perf_counter() - start:.1f} s",
              flush=True)
        for fund in (small, big):
            record_completion(fund)
        check_consistent(small, "1k fund")
        bench_verify(big, big_entries)  # every run checks the ledger before the others time
        bench_export(big, big_entries, user)
        bench_ledger_page(big, big_entries, client)
        bench_reports(small, big, big_entries, client)
        bench_audit_trail(small, big, big_entries, client)
        bench_postings_during_verify(big, big_entries)  # adds entries: after the others
        settle()
        bench_import(work, import_sizes)
        api_fund, floor_fund = (filled_fund(tag, work, 1_000) for tag in ("HAPI", "HPGB"))
        settle()
        bench_api_postings(api_fund, floor_fund, user, work)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    summary()
    print(f"\nLoad average (1 min) at the start {load[0]:.2f}, at the end "
          f"{os.getloadavg()[0]:.2f}, on {os.cpu_count()} cores: anything else running on the "
          "machine slows the portal and PostgreSQL alike, but not always the same runs.")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--export-only", nargs=2, metavar=("SLUG", "USER"),
                        help="(child process) one export of the fund's entries.csv")
    parser.add_argument("--verify-only", metavar="SLUG",
                        help="(child process) ledger_differences of the fund")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes, to try the script (not for figures)")
    args = parser.parse_args()
    if args.export_only:
        export_only(*args.export_only)
    elif args.verify_only:
        verify_only(args.verify_only)
    elif args.quick:
        main(20_001, (1_000, 5_000))
    else:
        main(1_000_000, (10_000, 100_000))
