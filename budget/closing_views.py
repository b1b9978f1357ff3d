from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agreements.access import Capability
from agreements.actions import lifecycle_of
from agreements.dates import portal_today
from budget.amounts import usd
from budget.forms import AssetForm, DispositionForm, TransferForm
from budget.models import CommitmentBalance, Disposition, Entry, FundBalance
from budget.posting import record_disposition, register_asset, transfer_asset
from web.access import FundAccess, fund_access
from web.refusals import act_and_return, confirmed


def closing(request: HttpRequest, slug: str) -> HttpResponse:
    """The end of the project: status, unspent balance, its disposition, the assets."""
    return _closing_page(request, fund_access(request, slug))


def _closing_page(request: HttpRequest, page: FundAccess, *, failed_asset: int | None = None,
                  **forms: Form) -> HttpResponse:
    """The closing page; a form that was refused is shown as it was typed, with its
    errors."""
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
        disposition_form=forms.get("disposition_form") or DispositionForm(fund=fund),
        asset_form=forms.get("asset_form") or AssetForm(fund=fund),
        transfer_form=TransferForm(fund=fund), failed_transfer=forms.get("transfer_form"),
        failed_asset=failed_asset))


def _finish(request: HttpRequest, page: FundAccess, form: Form, act, name: str,
            **extra) -> HttpResponse:
    return act_and_return(
        request, form, act, back=redirect("budget:closing", slug=page.agreement.slug),
        page=lambda bound: _closing_page(request, page, **{name: bound}, **extra),
        context=page.context("closing"))


@require_POST
def disposition_create(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    form = DispositionForm(request.POST, fund=page.fund)
    return _finish(request, page, form, lambda data: record_disposition(
        fund=page.fund, kind=data["kind"], letter=data["letter"],
        decided_on=data["decided_on"], destination=data["destination"],
        acting_user=request.user, confirmed=confirmed(request)), "disposition_form")


@require_POST
def asset_create(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    form = AssetForm(request.POST, fund=page.fund)

    def act(data):
        paid_by = (Entry.objects.get(fund=page.fund, sequence=data["expenditure"])
                   if data["expenditure"] else None)
        return register_asset(fund=page.fund, description=data["description"],
                              tag=data["tag"], cost=usd(data["cost"]),
                              acquired_on=data["acquired_on"], expenditure=paid_by,
                              acting_user=request.user)

    return _finish(request, page, form, act, "asset_form")


@require_POST
def asset_transfer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    asset = get_object_or_404(page.fund.assets, pk=pk)
    form = TransferForm(request.POST, fund=page.fund)
    return _finish(request, page, form, lambda data: transfer_asset(
        asset=asset, transferred_on=data["transferred_on"], letter=data["letter"],
        acting_user=request.user), "transfer_form", failed_asset=asset.pk)
