
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from moneyed import Money

from agreements import access
from agreements.access import Capability
from budget import posting
from budget.amounts import usd
from budget.forms import (
    CancellationForm,
    ExpenditureForm,
    LedgerFilterForm,
    ReceiptForm,
    ReversalForm,
    SpendingForm,
)
from budget.layout import annex_b_rows, current_version
from budget.models import Entry, Fund, FundBalance
from budget.rates import currency_code

ENTRIES_PER_PAGE = 100


def fund_or_404(request: HttpRequest, slug: str,
                capability: Capability = Capability.VIEW_FUND) -> Fund:
    agreement = access.agreement_or_404(request.user, slug, capability)
    fund = Fund.objects.filter(agreement=agreement).select_related("agreement").first()
    if fund is None:
        raise Http404
    return fund


def fund_context(request: HttpRequest, fund: Fund, nav: str, **extra) -> dict:
    return {"agreement": fund.agreement, "fund": fund, "fund_nav": nav,
            "can_post": access.can(request.user, fund.agreement, Capability.POST_LEDGER),
            **extra}


def budget_overview(request: HttpRequest, slug: str) -> HttpResponse:
    fund = fund_or_404(request, slug)
    version = current_version(fund)
    return render(request, "budget/budget_overview.html", fund_context(
        request, fund, "budget", version=version, rows=annex_b_rows(version),
        balance=FundBalance.objects.get(fund=fund)))


def ledger(request: HttpRequest, slug: str) -> HttpResponse:
    fund = fund_or_404(request, slug)
    form = LedgerFilterForm(request.GET or None, fund=fund)
    entries = (Entry.objects.filter(fund=fund).select_related("recorded_by", "reverses")
               .annotate(is_reversed=Exists(Entry.objects.filter(reverses=OuterRef("pk")))))
    if form.is_valid():
        entries = form.filter(entries)
    page = Paginator(entries.order_by("-sequence"), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "budget/ledger.html", fund_context(
        request, fund, "ledger", form=form, page=page, query=query.urlencode()))


def _amount(data: dict) -> Money:
    return Money(data["amount"], currency_code(data["currency"]))


def show_refusal(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def act_and_return(request: HttpRequest, form: Form, act, back: HttpResponse) -> HttpResponse:
    """For the small forms posted from a page: do the act, or put its refusal (and any form
    error) in the page's messages; either way, back to the page."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Recorded."))
            return back
    for error in [*form.non_field_errors(), *(e for f in form for e in f.errors)]:
        messages.error(request, error)
    return back


def _posting_page(request: HttpRequest, fund: Fund, form: Form, title: str, act) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            entry = act(form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Posted as entry #%(n)s.") % {"n": entry.sequence})
            return redirect("budget:ledger", slug=fund.agreement.slug)
    return render(request, "budget/posting_form.html", fund_context(
        request, fund, "ledger", form=form, title=title))


@require_http_methods(["GET", "POST"])
def post_receipt(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    fund = fund_or_404(request, slug, Capability.POST_LEDGER)
    record = {"contribution": posting.record_contribution, "income": posting.record_income}
    if kind not in record:
        raise Http404
    form = ReceiptForm(request.POST or None)
    title = _("Record a contribution") if kind == "contribution" else _("Record income")
    return _posting_page(request, fund, form, title, lambda data: record[kind](
        fund=fund, amount=_amount(data), value_date=data["value_date"],
        reference=data["reference"], description=data["description"], acting_user=request.user))


@require_http_methods(["GET", "POST"])
def post_commitment(request: HttpRequest, slug: str) -> HttpResponse:
    fund = fund_or_404(request, slug, Capability.POST_LEDGER)
    form = SpendingForm(request.POST or None, fund=fund)
    return _posting_page(request, fund, form, _("Post a commitment"), lambda data:
                         posting.post_commitment(
                             fund=fund, line_code=data["line"], amount=_amount(data),
                             value_date=data["value_date"],
                             cost_element=data["cost_element"] or None, payee=data["payee"],
                             reference=data["reference"], description=data["description"],
                             acting_user=request.user, entered_on=timezone.localdate()))


@require_http_methods(["GET", "POST"])
def post_expenditure(request: HttpRequest, slug: str) -> HttpResponse:
    fund = fund_or_404(request, slug, Capability.POST_LEDGER)
    form = ExpenditureForm(request.POST or None, fund=fund)

    def act(data):
        commitment = None
        if data["commitment"]:
            commitment = Entry.objects.get(fund=fund, sequence=data["commitment"])
        return posting.post_expenditure(
            fund=fund, line_code=data["line"], amount=_amount(data),
            value_date=data["value_date"], cost_element=data["cost_element"] or None,
            commitment=commitment, payee=data["payee"], reference=data["reference"],
            description=data["description"], orderly_conclusion=data["orderly_conclusion"],
            acting_user=request.user, entered_on=timezone.localdate())

    return _posting_page(request, fund, form, _("Post an expenditure"), act)


@require_http_methods(["GET", "POST"])
def cancel_commitment(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    fund = fund_or_404(request, slug, Capability.POST_LEDGER)
    commitment = get_object_or_404(Entry, fund=fund, sequence=sequence, kind="commitment")
    form = CancellationForm(request.POST or None)
    return _posting_page(
        request, fund, form, _("Cancel commitment #%(n)s") % {"n": sequence},
        lambda data: posting.cancel_commitment(
            commitment=commitment, value_date=data["value_date"],
            amount=usd(data["amount"]) if data["amount"] is not None else None,
            reason=data["reason"], acting_user=request.user))


@require_http_methods(["GET", "POST"])
def reverse_entry(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    fund = fund_or_404(request, slug, Capability.POST_LEDGER)
    entry = get_object_or_404(Entry, fund=fund, sequence=sequence)
    # Dated today by default (RULINGS 12): a correction belongs to the open period.
    form = ReversalForm(request.POST or None, initial={"value_date": timezone.localdate()})
    return _posting_page(
        request, fund, form, _("Reverse entry #%(n)s") % {"n": sequence},
        lambda data: posting.reverse_entry(entry=entry, value_date=data["value_date"],
                                           reason=data["reason"], acting_user=request.user))


