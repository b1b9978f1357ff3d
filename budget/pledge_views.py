"""The fund's pledges (docs/pledges.md): pledged, received and outstanding for everyone on
the fund, and for its finance officers the payment schedule to record."""

from django.contrib import messages
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from moneyed import Money

from agreements.access import Capability
from budget.forms import InstalmentFormSet, ScheduleReasonForm
from budget.models import USD
from budget.pledges import InstalmentTerms, pledge_position, set_payment_schedule
from web.access import FundAccess, fund_access
from web.refusals import act_on_form


def _page(request: HttpRequest, page: FundAccess, *, formset: BaseFormSet | None = None,
          reason_form: ScheduleReasonForm | None = None) -> HttpResponse:
    position = pledge_position(page.fund)
    if formset is None:
        formset = InstalmentFormSet(prefix="instalment", initial=[
            {"due_on": i.due_on, "amount": i.pledged}
            for i in position.instalments if i.due_on is not None])
    history = page.fund.payment_schedules.select_related("recorded_by").prefetch_related(
        "instalments")
    return render(request, "budget/pledges.html", page.context(
        "budget", position=position, formset=formset,
        reason_form=reason_form or ScheduleReasonForm(), history=history))


@require_http_methods(["GET", "POST"])
def pledges(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "GET":
        return _page(request, fund_access(request, slug))
    page = fund_access(request, slug, Capability.POST_LEDGER)
    formset = InstalmentFormSet(request.POST, prefix="instalment")
    reason_form = ScheduleReasonForm(request.POST)
    if not formset.is_valid():
        reason_form.is_valid()
        return _page(request, page, formset=formset, reason_form=reason_form)
    instalments = [InstalmentTerms(due_on=row["due_on"], amount=Money(row["amount"], USD))
                   for row in formset.cleaned_data if row.get("due_on")]
    schedule = act_on_form(reason_form, lambda data: set_payment_schedule(
        fund=page.fund, instalments=instalments, reason=data["reason"],
        acting_user=request.user))
    if schedule is None:
        return _page(request, page, formset=formset, reason_form=reason_form)
    messages.success(request, _("Payment schedule %(number)s recorded.")
                     % {"number": schedule.number})
    return redirect("budget:pledges", slug=slug)
