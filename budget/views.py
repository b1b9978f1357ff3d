from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from moneyed import Money

from agreements.access import Capability
from agreements.dates import portal_today
from budget import posting
from budget.amounts import usd
from budget.chart import HEIGHT, WIDTH, budget_rows, ledger_totals
from budget.forms import (
    CancellationForm,
    ExpenditureForm,
    LedgerFilterForm,
    ReceiptForm,
    ReversalForm,
    SpendingForm,
)
from budget.layout import annex_b_rows, current_version
from budget.ledger_listing import filtered_totals, ledger_page
from budget.models import Entry, FundBalance
from budget.rates import currency_code
from web.access import FundAccess, fund_access
from web.refusals import act_on_form

ENTRIES_PER_PAGE = 100


def budget_overview(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug)
    version = current_version(page.fund)
    balance = FundBalance.objects.get(fund=page.fund)
    return render(request, "budget/budget_overview.html", page.context(
        "budget", version=version,
        rows=budget_rows(annex_b_rows(version, balance), ledger_totals(page.fund)),
        balance=balance, chart_size=(WIDTH, HEIGHT)))


def ledger(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug)
    form = LedgerFilterForm(request.GET or None, fund=page.fund)
    # The commitment an expenditure liquidates, and what a commitment still holds (a fully
    # liquidated or cancelled one offers no "cancel").
    entries = (Entry.objects.filter(fund=page.fund)
               .select_related("recorded_by", "reverses", "commitment", "open_balance")
               .annotate(is_reversed=Exists(Entry.objects.filter(reverses=OuterRef("pk")))))
    totals, export = None, {}
    if form.is_bound and not form.is_valid():
        entries = entries.none()  # a filter that cannot match (From after To) lists nothing
    elif form.is_valid():
        entries = form.filter(entries)
        data = form.cleaned_data
        # The downloads take the API's names for the same filters.
        export = {name: data[field] for name, field in (
            ("value_date_from", "date_from"), ("value_date_to", "date_to"), ("line", "line"),
            ("kind", "kind"), ("search", "search")) if data[field]}
        if form.has_filter:
            totals = filtered_totals(page.fund, date_from=data["date_from"],
                                     date_to=data["date_to"], line=data["line"],
                                     kind=data["kind"], search=data["search"])
            totals = [(Entry.Kind(kind).label, totals[kind]) for kind in Entry.Kind.values
                      if kind in totals]
    listing = ledger_page(page.fund, entries, before=_sequence(request.GET.get("before")),
                          after=_sequence(request.GET.get("after")), size=ENTRIES_PER_PAGE)
    query = request.GET.copy()
    for cursor in ("before", "after", "page"):
        query.pop(cursor, None)
    return render(request, "budget/ledger.html", page.context(
        "ledger", form=form, listing=listing, totals=totals, query=query.urlencode(),
        api_query=urlencode(export)))


def _sequence(value: str | None) -> int | None:
    """A page cursor from the query string; anything but a small positive number is no
    cursor (the first page)."""
    return (int(value) if value and value.isascii() and value.isdigit() and len(value) < 12
            else None)


def _amount(data: dict) -> Money:
    return Money(data["amount"], currency_code(data["currency"]))


def _posting_page(request: HttpRequest, page: FundAccess, form: Form, title: str,
                  act) -> HttpResponse:
    if request.method == "POST":
        entry = act_on_form(form, act)
        if entry is not None:
            messages.success(request, _("Posted as entry #%(n)s.") % {"n": entry.sequence})
            return redirect("budget:ledger", slug=page.agreement.slug)
    return render(request, "budget/posting_form.html", page.context(
        "ledger", form=form, title=title))


@require_http_methods(["GET", "POST"])
def post_receipt(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    record = {"contribution": posting.record_contribution, "income": posting.record_income}
    if kind not in record:
        raise Http404
    form = ReceiptForm(request.POST or None)
    title = _("Record a contribution") if kind == "contribution" else _("Record income")
    return _posting_page(request, page, form, title, lambda data: record[kind](
        fund=page.fund, amount=_amount(data), value_date=data["value_date"],
        reference=data["reference"], description=data["description"],
        acting_user=request.user))


@require_http_methods(["GET", "POST"])
def post_commitment(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    form = SpendingForm(request.POST or None, fund=page.fund)
    return _posting_page(request, page, form, _("Post a commitment"), lambda data:
                         posting.post_commitment(
                             fund=page.fund, line_code=data["line"], amount=_amount(data),
                             value_date=data["value_date"],
                             cost_element=data["cost_element"] or None, payee=data["payee"],
                             reference=data["reference"], description=data["description"],
                             acting_user=request.user, entered_on=portal_today()))


@require_http_methods(["GET", "POST"])
def post_expenditure(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    form = ExpenditureForm(request.POST or None, fund=page.fund)

    def act(data):
        commitment = None
        if data["commitment"]:
            commitment = Entry.objects.get(fund=page.fund, sequence=data["commitment"])
        return posting.post_expenditure(
            fund=page.fund, line_code=data["line"], amount=_amount(data),
            value_date=data["value_date"], cost_element=data["cost_element"] or None,
            commitment=commitment, payee=data["payee"], reference=data["reference"],
            description=data["description"], orderly_conclusion=data["orderly_conclusion"],
            acting_user=request.user, entered_on=portal_today())

    return _posting_page(request, page, form, _("Post an expenditure"), act)


@require_http_methods(["GET", "POST"])
def cancel_commitment(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    commitment = get_object_or_404(Entry, fund=page.fund, sequence=sequence, kind="commitment")
    form = CancellationForm(request.POST or None)
    return _posting_page(
        request, page, form, _("Cancel commitment #%(n)s") % {"n": sequence},
        lambda data: posting.cancel_commitment(
            commitment=commitment, value_date=data["value_date"],
            amount=usd(data["amount"]) if data["amount"] is not None else None,
            reason=data["reason"], acting_user=request.user))


@require_http_methods(["GET", "POST"])
def reverse_entry(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    entry = get_object_or_404(Entry, fund=page.fund, sequence=sequence)
    # Dated today by default: a correction belongs to the open period
    # (docs/periods.md#posting-dates).
    form = ReversalForm(request.POST or None, initial={"value_date": portal_today()})
    return _posting_page(
        request, page, form, _("Reverse entry #%(n)s") % {"n": sequence},
        lambda data: posting.reverse_entry(entry=entry, value_date=data["value_date"],
                                           reason=data["reason"], acting_user=request.user))
