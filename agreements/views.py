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
    record_arbitration_appointment,
    record_arbitration_request,
    record_notice,
    record_notice_receipt,
    withdraw_notice,
)
from agreements.dates import portal_today
from agreements.disputes import dispute_events
from agreements.forms import AppointmentForm, ArbitrationRequestForm, NoticeForm, ReceiptForm
from agreements.models import Membership, Notice, NoticeCorrection, Party
from agreements.texts import render_text
from budget.pledges import pledge_position
from web.access import fund_access
from web.refusals import act_on_form, confirmed

LANGUAGES = {"en": "English", "kk": "Қазақша", "ru": "Русский"}


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
    return _agreement_page(request, fund_access(request, slug))


def _agreement_page(request: HttpRequest, page, **forms) -> HttpResponse:
    agreement = page.agreement
    today = portal_today()
    notices = list(agreement.notices.select_related("sender", "recipient", "corrects"))
    lifecycle = lifecycle_from(agreement, notices)
    disputes = list(agreement.arbitration_requests.select_related("requested_by"))
    events = sorted([*lifecycle.events, *(event for dispute in disputes
                                          for event in dispute_events(
                                              subject=dispute.subject,
                                              requested_on=dispute.requested_on,
                                              government_on=dispute.government_arbitrator_on,
                                              united_nations_on=dispute.united_nations_arbitrator_on,
                                              chair_on=dispute.chair_on))],
                    key=lambda event: event.on)
    corrections = list(NoticeCorrection.objects.filter(
        notice__agreement=agreement, status=NoticeCorrection.Status.PROPOSED)
        .select_related("notice", "proposed_by"))
    parties = Party.objects.filter(signatures__agreement=agreement)
    return render(request, "agreements/agreement_detail.html", page.context(
        "agreement", lifecycle=lifecycle, status=lifecycle.status(today),
        termination_pending=lifecycle.termination_pending(today), today=today,
        events=events, signatories=agreement.signatories.select_related("party"),
        notices=notices, disputes=disputes, corrections=corrections,
        arbitration_form=forms.get("arbitration_form")
        or ArbitrationRequestForm(parties=parties),
        appointment_form=forms.get("appointment_form"), blank_appointment_form=AppointmentForm(),
        failed_dispute=forms.get("failed_dispute"),
        # What the Government pledged (Art. 1.1) against what it has paid in.
        pledges=pledge_position(page.fund) if page.has_fund else None))


def agreement_text(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    page = fund_access(request, slug)
    if language not in LANGUAGES:
        raise Http404
    text = getattr(page.agreement, f"text_{language}")
    if not text:
        raise Http404
    return render(request, "agreements/agreement_text.html", page.context(
        "agreement", language=language, body=render_text(text),
        languages={code: name for code, name in LANGUAGES.items()
                   if getattr(page.agreement, f"text_{code}")}))


@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.RECORD_NOTICE)
    agreement = page.agreement
    parties = Party.objects.filter(signatures__agreement=agreement)
    form = NoticeForm(request.POST or None, request.FILES or None, parties=parties)

    def record(data: dict) -> Notice:
        draft = NoticeDraft(
            kind=data["kind"], sender=data["sender"], recipient=data["recipient"],
            sent_on=data["sent_on"], received_on=data["received_on"],
            delivery=data["delivery"], reference=data["reference"], subject=data["subject"],
            government_agreement=data["government_agreement"],
        )
        return record_notice(agreement=agreement, draft=draft, acting_user=request.user,
                             scan=data["scan"] or None,
                             receipt_scan=data["receipt_scan"] or None,
                             confirmed=confirmed(request))

    if request.method == "POST" and act_on_form(form, record) is not None:
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
    form = ReceiptForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and act_on_form(form, lambda data: record_notice_receipt(
            notice=notice, received_on=data["received_on"], acting_user=request.user,
            receipt_scan=data["receipt_scan"] or None,
            confirmed=confirmed(request))) is not None:
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


def notice_scan(request: HttpRequest, slug: str, pk: int,
                which: str = "scan") -> FileResponse:
    """The scan of a notice, or of the evidence of its receipt."""
    agreement = fund_access(request, slug).agreement
    notice = get_object_or_404(agreement.notices, pk=pk)
    scan = notice.receipt_scan if which == "receipt" else notice.scan
    if not scan or not scan.storage.exists(scan.name):
        raise Http404
    return FileResponse(scan.open("rb"), as_attachment=True,
                        filename=scan.name.rsplit("/", 1)[-1])


@require_http_methods(["POST"])
def arbitration_request(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a request for arbitration (Art. 8); the timeline then shows its deadlines."""
    page = fund_access(request, slug, Capability.RECORD_NOTICE)
    parties = Party.objects.filter(signatures__agreement=page.agreement)
    form = ArbitrationRequestForm(request.POST, parties=parties)
    if act_on_form(form, lambda data: record_arbitration_request(
            agreement=page.agreement, acting_user=request.user, **data)) is not None:
        messages.success(request, _("The request for arbitration is recorded."))
        return redirect(page.agreement)
    return _agreement_page(request, page, arbitration_form=form)


@require_http_methods(["POST"])
def arbitration_appointment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.RECORD_NOTICE)
    dispute = get_object_or_404(page.agreement.arbitration_requests, pk=pk)
    form = AppointmentForm(request.POST)
    if act_on_form(form, lambda data: record_arbitration_appointment(
            request=dispute, acting_user=request.user, **data)) is not None:
        messages.success(request, _("The appointment is recorded."))
        return redirect(page.agreement)
    return _agreement_page(request, page, appointment_form=form, failed_dispute=dispute.pk)
