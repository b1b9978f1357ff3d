from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from agreements.access import Capability
from agreements.actions import lifecycle_of
from agreements.dates import portal_today
from budget.amounts import usd
from budget.forms import AssetForm, DispositionForm, TransferForm
from budget.models import CommitmentBalance, Disposition, Entry, FundBalance
from budget.posting import record_disposition, register_asset, transfer_asset
from web.access import fund_access, fund_for
from web.refusals import act_and_return


def closing(request: HttpRequest, slug: str) -> HttpResponse:
    """The end of the project: status, unspent balance, its disposition, the assets."""
    page = fund_access(request, slug)
    fund = page.fund
    today = portal_today()
    lifecycle = lifecycle_of(fund.agreement)
    return render(request, "budget/closing.html", page.context(
        "closing", lifecycle=lifecycle, status=lifecycle.status(today),
        ended=lifecycle.has_ended(today), balance=FundBalance.objects.get(fund=fund),
        open_commitments=CommitmentBalance.objects.filter(commitment__fund=fund,
                                                          open_amount__gt=0).count(),
        dispositions=Disposition.objects.filter(fund=fund).select_related("letter"),
        disposed=Disposition.objects.filter(fund=fund).exclude(kind="held").exists(),
        assets=fund.assets.select_related("transfer_letter", "expenditure"),
        disposition_form=DispositionForm(fund=fund), asset_form=AssetForm(fund=fund),
        transfer_form=TransferForm(fund=fund)))


def _finish(request, slug, form, act) -> HttpResponse:
    return act_and_return(request, form, act, redirect("budget:closing", slug=slug))


@require_POST
def disposition_create(request: HttpRequest, slug: str) -> HttpResponse:
    fund = fund_for(request, slug, Capability.POST_LEDGER)
    form = DispositionForm(request.POST, fund=fund)
    return _finish(request, slug, form, lambda data: record_disposition(
        fund=fund, kind=data["kind"], letter=data["letter"], decided_on=data["decided_on"],
        destination=data["destination"], acting_user=request.user))


@require_POST
def asset_create(request: HttpRequest, slug: str) -> HttpResponse:
    fund = fund_for(request, slug, Capability.POST_LEDGER)
    form = AssetForm(request.POST, fund=fund)

    def act(data):
        paid_by = (Entry.objects.get(fund=fund, sequence=data["expenditure"])
                   if data["expenditure"] else None)
        return register_asset(fund=fund, description=data["description"], tag=data["tag"],
                              cost=usd(data["cost"]), acquired_on=data["acquired_on"],
                              expenditure=paid_by, acting_user=request.user)

    return _finish(request, slug, form, act)


@require_http_methods(["POST"])
def asset_transfer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    fund = fund_for(request, slug, Capability.POST_LEDGER)
    asset = get_object_or_404(fund.assets, pk=pk)
    form = TransferForm(request.POST, fund=fund)
    return _finish(request, slug, form, lambda data: transfer_asset(
        asset=asset, transferred_on=data["transferred_on"], letter=data["letter"],
        acting_user=request.user))
