"""Benchmark: rendering the four Article 5 reports of the seed fund (document and PDF), and
the budget analysis of a fund with 1,000,000 entries. Run by `make bench`."""

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustfund.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "b" * 50)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from agreements.actions import NoticeDraft, record_notice  # noqa: E402
from agreements.models import Party  # noqa: E402
from bench.ledger_posting import bench_fund, fill  # noqa: E402
from budget.definition import load_fund  # noqa: E402
from reports.documents import report_document  # noqa: E402
from reports.rendering import render_pdf  # noqa: E402

SEED = ROOT / "funds" / "int-14-x46-a"


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    call_command("migrate", verbosity=0)
    # Loading a fund is an administrator's act (budget.definition.load_fund).
    loader = get_user_model().objects.create_superuser(username="bench-loader", password=None)
    fund = load_fund(SEED / "fund.yaml", acting_user=loader).agreement.fund
    user = ["--user", loader.username]
    call_command("import_rates", str(SEED / "rates-2014.csv"), *user, verbosity=0)
    call_command("import_ledger", "INT/14/X46/A", str(SEED / "ledger-2014.csv"), *user,
                 verbosity=0)
    call_command("load_forum", str(SEED / "forum.yaml"), *user, verbosity=0)
    # So that the final report (d) exists: DESA's completion notice, 16 March 2015.
    record_notice(agreement=fund.agreement, acting_user=None, draft=NoticeDraft(
        kind="completion", sender=Party.objects.get(kind="united_nations"),
        recipient=Party.objects.get(kind="government"), sent_on=date(2015, 3, 10),
        received_on=date(2015, 3, 16), delivery="diplomatic",
        government_agreement="Note verbale agreeing to the completion"), confirmed=True)
    rows = []
    for kind in ("progress", "statement", "budget_analysis", "final"):
        seconds_doc, document = timed(lambda kind=kind: report_document(fund, kind, 2014))
        seconds_pdf, pdf = timed(lambda document=document: render_pdf(document, version=1))
        rows.append((f"seed fund, {kind}", seconds_doc, seconds_pdf, len(pdf)))
    with tempfile.TemporaryDirectory() as work:
        big = bench_fund("RPT", Path(work))
        fill(big, 1_000_000)
        seconds_doc, document = timed(lambda: report_document(big, "budget_analysis", 2014))
        seconds_pdf, pdf = timed(lambda: render_pdf(document, version=1))
        rows.append(("1,000,000 entries, budget_analysis", seconds_doc, seconds_pdf, len(pdf)))
    print("\nArticle 5 reports, PostgreSQL 15 (figures from the ledger, then WeasyPrint):")
    print(f"{'report':<38} {'figures (s)':>11} {'PDF (s)':>8} {'PDF bytes':>10}")
    for name, seconds_doc, seconds_pdf, size in rows:
        print(f"{name:<38} {seconds_doc:>11.2f} {seconds_pdf:>8.2f} {size:>10,}")


if __name__ == "__main__":
    main()
