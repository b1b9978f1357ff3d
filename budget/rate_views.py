"""The UN operational rates of exchange (docs/ledger-rules.md#rates): every recorded rate,
and for the fund's finance officers a rate typed in or the month's CSV uploaded. Rates serve
every fund; the page sits under a fund so that who may record them is that fund's
`post_ledger` (the one permission layer)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreements.access import Capability
from budget.forms import RateFileForm, RateForm
from budget.import_files import ImportRefused
from budget.models import ExchangeRate
from budget.rates import import_exchange_rates, record_exchange_rate
from web.access import FundAccess, fund_access
from web.refusals import act_on_form

RATES_SHOWN = 200


def _rates_page(request: HttpRequest, page: FundAccess, *, form: RateForm | None = None,
                file_form: RateFileForm | None = None,
                file_errors: list[str] | None = None) -> HttpResponse:
    rates = ExchangeRate.objects.select_related("recorded_by").order_by(
        "-valid_from", "currency")[:RATES_SHOWN]
    return render(request, "budget/rates.html", page.context(
        "ledger", rates=rates, form=form or RateForm(), file_form=file_form or RateFileForm(),
        file_errors=file_errors or []))


@require_http_methods(["GET", "POST"])
def rates(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "GET":
        return _rates_page(request, fund_access(request, slug))
    page = fund_access(request, slug, Capability.POST_LEDGER)
    form = RateForm(request.POST)
    rate = act_on_form(form, lambda data: record_exchange_rate(
        currency=data["currency"], valid_from=data["valid_from"],
        units_per_usd=data["units_per_usd"], acting_user=request.user, new_only=True))
    if rate is None:
        return _rates_page(request, page, form=form)
    messages.success(request, _("Recorded: %(rate)s %(currency)s per US dollar from "
                                "%(date)s.") % {"rate": rate.units_per_usd,
                                                "currency": rate.currency,
                                                "date": rate.valid_from.isoformat()})
    return redirect("budget:rates", slug=slug)


@require_POST
def rates_import(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    file_form = RateFileForm(request.POST, request.FILES)
    if not file_form.is_valid():
        return _rates_page(request, page, file_form=file_form)
    upload = file_form.cleaned_data["rates_file"]
    try:
        created = import_exchange_rates(content=upload.read(), file_name=upload.name,
                                        acting_user=request.user)
    except ImportRefused as refusal:
        return _rates_page(request, page, file_form=file_form, file_errors=refusal.errors)
    messages.success(request, _("%(count)s new rate(s) recorded; rates already recorded "
                                "were kept.") % {"count": created})
    return redirect("budget:rates", slug=slug)
