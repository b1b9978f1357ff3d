from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agreements import access
from agreements.access import Capability
from agreements.actions import (
    NoticeDraft,
    lifecycle_of,
    record_notice,
    record_notice_receipt,
    withdraw_notice,
)
from agreements.forms import NoticeForm, ReceiptForm
from agreements.models import Membership, Party
from agreements.texts import render_text

LANGUAGES = {"en": "English", "kk": "Қазақша"}


def fund_list(request: HttpRequest) -> HttpResponse:
    agreements = access.visible_agreements(request.user).order_by("reference")
    roles = dict(
        Membership.objects.filter(user=request.user).values_list("agreement_id", "role")
    )
    rows = [
        {"agreement": a, "role": Membership.Role(roles[a.pk]).label if a.pk in roles
         else _("Administrator"),
         "status": lifecycle_of(a).status(timezone.localdate()).label}
        for a in agreements
    ]
    return render(request, "agreements/fund_list.html", {"rows": rows})


def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = access.agreement_or_404(request.user, slug)
    today = timezone.localdate()
    lifecycle = lifecycle_of(agreement)
    context = {
        "agreement": agreement,
        "fund_nav": "agreement",
        "lifecycle": lifecycle,
        "status": lifecycle.status(today),
        "termination_pending": lifecycle.termination_pending(today),
        "today": today,
        "signatories": agreement.signatories.select_related("party"),
        "notices": agreement.notices.select_related("sender", "recipient"),
        "can_record_notice": access.can(request.user, agreement, Capability.RECORD_NOTICE),
        "role": access.role_in(request.user, agreement),
    }
    return render(request, "agreements/agreement_detail.html", context)


def agreement_text(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    agreement = access.agreement_or_404(request.user, slug)
    if language not in LANGUAGES:
        raise Http404
    text = agreement.text_en if language == "en" else agreement.text_kk
    if not text:
        raise Http404
    return render(request, "agreements/agreement_text.html", {
        "agreement": agreement, "fund_nav": "agreement", "language": language,
        "languages": LANGUAGES, "body": render_text(text),
    })


@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = access.agreement_or_404(request.user, slug, Capability.RECORD_NOTICE)
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
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                form.add_error(None, error.messages)
        else:
            return redirect(agreement)
    return render(request, "agreements/notice_form.html", {
        "agreement": agreement, "fund_nav": "agreement", "form": form,
    })


@require_http_methods(["GET", "POST"])
def notice_receipt(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record when a notice that was sent reached the other party: it takes effect then."""
    agreement = access.agreement_or_404(request.user, slug, Capability.RECORD_NOTICE)
    notice = get_object_or_404(agreement.notices.select_related("sender", "recipient"), pk=pk)
    if notice.received_on is not None:
        return redirect(agreement)
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_notice_receipt(notice=notice, received_on=form.cleaned_data["received_on"],
                                  acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect(agreement)
    return render(request, "agreements/notice_receipt.html", {
        "agreement": agreement, "fund_nav": "agreement", "form": form, "notice": notice,
    })


@require_http_methods(["POST"])
def notice_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agreement = access.agreement_or_404(request.user, slug, Capability.RECORD_NOTICE)
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
    agreement = access.agreement_or_404(request.user, slug)
    notice = get_object_or_404(agreement.notices, pk=pk)
    if not notice.scan or not notice.scan.storage.exists(notice.scan.name):
        raise Http404
    return FileResponse(notice.scan.open("rb"), as_attachment=True,
                        filename=notice.scan.name.rsplit("/", 1)[-1])
