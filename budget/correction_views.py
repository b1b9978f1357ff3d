"""Correcting a notice recorded in error, on the fund's pages: proposed by one officer,
confirmed by another (agreements.actions.corrections). The pages live with the fund because
they show what the correction puts at odds with the ledger (budget.lifecycle_effects)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agreements.access import Capability
from agreements.actions import (
    NoticeDraft,
    confirm_notice_correction,
    propose_notice_correction,
    reject_notice_correction,
)
from agreements.forms import CorrectionDecisionForm, NoticeCorrectionForm
from agreements.models import NoticeCorrection, Party
from agreements.status import lifecycle_after, lifecycle_of
from budget.lifecycle_effects import at_odds_with
from web.access import fund_access
from web.refusals import act_on_form, confirmed

FACTS = ("kind", "sender", "recipient", "sent_on", "received_on", "delivery", "reference",
         "subject", "government_agreement")


@require_http_methods(["GET", "POST"])
def notice_correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.RECORD_NOTICE)
    notice = get_object_or_404(page.agreement.notices.select_related("sender", "recipient"),
                               pk=pk)
    parties = Party.objects.filter(signatures__agreement=page.agreement)
    form = NoticeCorrectionForm(request.POST or None, parties=parties,
                                initial={name: getattr(notice, name) for name in FACTS})

    def propose(data: dict) -> NoticeCorrection:
        draft = None if data["void"] else NoticeDraft(
            **{name: data[name] for name in FACTS})
        return propose_notice_correction(notice=notice, error=data["error"], draft=draft,
                                         acting_user=request.user)

    if request.method == "POST":
        correction = act_on_form(form, propose)
        if correction is not None:
            messages.success(request, _("Correction proposed; another officer confirms it."))
            return redirect("budget:notice_correction", slug=slug, pk=correction.pk)
    return render(request, "budget/notice_correct.html", page.context(
        "agreement", form=form, notice=notice))


@require_http_methods(["GET", "POST"])
def notice_correction(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug)
    correction = get_object_or_404(
        NoticeCorrection.objects.select_related(
            "notice__sender", "notice__recipient", "sender", "recipient", "proposed_by",
            "decided_by"), notice__agreement=page.agreement, pk=pk)
    form = CorrectionDecisionForm(request.POST or None)
    if request.method == "POST":
        page.require(Capability.RECORD_NOTICE)

        def decide(data: dict):
            if data["decision"] == "confirm":
                confirm_notice_correction(correction=correction, acting_user=request.user,
                                          confirmed=confirmed(request))
                return _("The correction is confirmed; the agreement's dates follow from it.")
            reject_notice_correction(correction=correction, acting_user=request.user,
                                     note=data["note"])
            return _("The correction is rejected.")

        outcome = act_on_form(form, decide)
        if outcome is not None:
            messages.success(request, outcome)
            return redirect(page.agreement)
    now, after = lifecycle_of(page.agreement), lifecycle_after(correction)
    return render(request, "budget/notice_correction.html", page.context(
        "agreement", correction=correction, form=form, now=now, after=after,
        at_odds=at_odds_with(page.fund, after) if after.ends_on != now.ends_on else None,
        may_decide=(correction.status == NoticeCorrection.Status.PROPOSED
                    and page.can(Capability.RECORD_NOTICE)
                    and correction.proposed_by_id != request.user.pk)))
