from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agreements import access
from agreements.access import Capability
from agreements.actions import (
    NoticeDraft,
    lifecycle_from,
    record_notice,
    record_notice_receipt,
    withdraw_notice,
)
from agreements.dates import portal_today
from agreements.forms import NoticeForm, ReceiptForm
from agreements.models import Membership, Notice, Party
from agreements.texts import render_text
from web.access import fund_access
from web.refusals import show_refusal

LANGUAGES = {"en": "English", "kk": "Қазақша"}


def fund_list(request: HttpRequest) -> HttpResponse:
    agreements = access.visible_agreements(request.user).order_by("reference").prefetch_related(
        Prefetch("notices", queryset=Notice.objects.select_related("sender")))
    roles = dict(
        Membership.objects.filter(user=request.user).values_list("agreement_id", "role")
    )
    today = portal_today()
    rows = [
        {"agreement": a, "role": Membership.Role(roles[a.pk]).label if a.pk in roles
         else _("Administrator"),
         "status": lifecycle_from(a, a.notices.all()).status(today).label}
        for a in agreements
    ]
    return render(request, "agreements/fund_list.html", {"rows": rows})


def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug)
    agreement = page.agreement
    today = portal_today()
    notices = list(agreement.notices.select_related("sender", "recipient"))
    lifecycle = lifecycle_from(agreement, notices)
    return render(request, "agreements/agreement_detail.html", page.context(
        "agreement", lifecycle=lifecycle, status=lifecycle.status(today),
        termination_pending=lifecycle.termination_pending(today), today=today,
        signatories=agreement.signatories.select_related("party"), notices=notices))


def agreement_text(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    page = fund_access(request, slug)
    if language not in LANGUAGES:
        raise Http404
    text = page.agreement.text_en if language == "en" else page.agreement.text_kk
    if not text:
        raise Http404
    return render(request, "agreements/agreement_text.html", page.context(
        "agreement", language=language, languages=LANGUAGES, body=render_text(text)))


@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.RECORD_NOTICE)
    agreement = page.agreement
    parties = Party.objects.filter(signatures__agreement=agreement)
    form = NoticeForm(request.POST or None, request.FILES or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = NoticeDraft(
            kind=data["kind"], sender=data["sender"], recipient=data["recipient"],
            sent_on=data["sent_on"], received_on=data["received_on"],
            delivery=data["delivery"], reference=data["reference"], subject=data["subject"],
        )
        try:
            record_notice(agreement=agreement, draft=draft, acting_user=request.user,
                          scan=data["scan"] or None)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect(agreement)
    return render(request, "agreements/notice_form.html", page.context("agreement", form=form))


@require_http_methods(["GET", "POST"])
def notice_receipt(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record when a notice that was sent reached the other party: it takes effect then."""
    page = fund_access(request, slug, Capability.RECORD_NOTICE)
    agreement = page.agreement
    notice = get_object_or_404(agreement.notices.select_related("sender", "recipient"), pk=pk)
    if notice.received_on is not None:
        return redirect(agreement)
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_notice_receipt(notice=notice, received_on=form.cleaned_data["received_on"],
                                  acting_user=request.user)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect(agreement)
    return render(request, "agreements/notice_receipt.html", page.context(
        "agreement", form=form, notice=notice))


@require_http_methods(["POST"])
def notice_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agreement = fund_access(request, slug, Capability.RECORD_NOTICE).agreement
    notice = get_object_or_404(agreement.notices, pk=pk)
    try:
        withdraw_notice(notice=notice, reason=request.POST.get("reason", ""),
                        acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The notice is withdrawn."))
    return redirect(agreement)


def notice_scan(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    agreement = fund_access(request, slug).agreement
    notice = get_object_or_404(agreement.notices, pk=pk)
    if not notice.scan or not notice.scan.storage.exists(notice.scan.name):
        raise Http404
    return FileResponse(notice.scan.open("rb"), as_attachment=True,
                        filename=notice.scan.name.rsplit("/", 1)[-1])
