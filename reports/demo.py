"""The demo's issued reports (`make run` only): the 2014 financial statement, recorded by a
DESA finance officer, and the 2014 budget analysis, issued by a programme officer, so that
the auditor has something to download and verify. Idempotent."""

from django.contrib.auth import get_user_model

from agreements.dates import portal_today
from budget.models import Fund
from reports.issuing import issue_report
from reports.models import IssuedReport, ReportKind

DEMO_YEAR = 2014


def issue_demo_reports(*, fund: Fund) -> list[IssuedReport]:
    if portal_today().year <= DEMO_YEAR:
        return []
    users = get_user_model().objects
    issued = []
    for kind, username in ((ReportKind.STATEMENT, "finance1"),
                           (ReportKind.BUDGET_ANALYSIS, "programme1")):
        if not IssuedReport.objects.filter(fund=fund, kind=kind, year=DEMO_YEAR).exists():
            issued.append(issue_report(fund=fund, kind=kind, year=DEMO_YEAR,
                                       acting_user=users.get(username=username), confirmed=True))
    return issued
