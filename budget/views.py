from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from agreements import access
from budget.layout import annex_b_rows, current_version
from budget.models import Fund


def budget_overview(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = access.agreement_or_404(request.user, slug)
    fund = Fund.objects.filter(agreement=agreement).first()
    if fund is None:
        raise Http404
    version = current_version(fund)
    return render(request, "budget/budget_overview.html", {
        "agreement": agreement, "fund": fund, "fund_nav": "budget", "version": version,
        "rows": annex_b_rows(version),
    })
