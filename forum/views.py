import csv

from django.contrib import messages
from django.db.models import Sum
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreements.access import Capability
from agreements.dates import portal_today
from budget.amounts import usd
from budget.models import CommitmentBalance, Entry
from budget.spreadsheets import formula_safe
from forum import progress
from forum.actions import (
    approve_travel_grant,
    attach_evidence,
    pay_travel_grant,
    record_visa,
    schedule_meeting,
    update_activity,
)
from forum.forms import (
    ActivityForm,
    BoardDayForm,
    EvidenceForm,
    GrantForm,
    GrantPaymentForm,
    MeetingForm,
    ParticipantImportForm,
    VisaForm,
)
from forum.models import Activity, Evidence, Forum
from forum.participant_import import ImportRefused, import_participants
from forum.visas import default_day, visa_board
from web.access import fund_access, fund_for
from web.refusals import act_and_return
from web.timezones import show_times_in


def forum_or_404(request: HttpRequest, slug: str,
                 capability: Capability = Capability.VIEW_FUND) -> Forum:
    fund = fund_for(request, slug, capability)
    forum = Forum.objects.filter(fund=fund).first()
    if forum is None:
        raise Http404
    forum.fund = fund
    # Times on the forum's pages and forms are the host city's.
    show_times_in(forum.time_zone)
    return forum


def forum_context(request: HttpRequest, forum: Forum, **extra) -> dict:
    page = fund_access(request, forum.fund.agreement.slug)
    return page.context("forum", forum=forum, **extra)


def forum_home(request: HttpRequest, slug: str) -> HttpResponse:
    return _forum_home(request, forum_or_404(request, slug))


def _forum_home(request: HttpRequest, forum: Forum, *, failed_activity: int | None = None,
                **forms: Form) -> HttpResponse:
    """The forum's page; a form that was refused is shown as it was typed, with its errors."""
    return render(request, "forum/forum_home.html", forum_context(
        request, forum, meetings=forum.meetings.all(),
        activities=progress.activities(forum.fund), objective=progress.objective(forum.fund),
        indicators=progress.indicators(forum.fund),
        meeting_form=forms.get("meeting_form") or MeetingForm(),
        activity_form=ActivityForm(), evidence_form=EvidenceForm(),
        failed_activity=failed_activity,
        failed_activity_form=forms.get("activity_form"),
        failed_evidence_form=forms.get("evidence_form")))


def _back_home(request: HttpRequest, forum: Forum, form: Form, act, name: str,
               **extra) -> HttpResponse:
    return act_and_return(
        request, form, act, back=redirect("forum:home", slug=forum.fund.agreement.slug),
        page=lambda bound: _forum_home(request, forum, **{name: bound}, **extra),
        context=forum_context(request, forum))


@require_POST
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_or_404(request, slug, Capability.MANAGE_FORUM)
    return _back_home(request, forum, MeetingForm(request.POST), lambda data: schedule_meeting(
        forum=forum, acting_user=request.user, **data), "meeting_form")


@require_POST
def activity_update(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    forum = forum_or_404(request, slug, Capability.MANAGE_FORUM)
    activity = get_object_or_404(Activity, fund=forum.fund, number=number)
    return _back_home(request, forum, ActivityForm(request.POST), lambda data: update_activity(
        activity=activity, acting_user=request.user, **data), "activity_form",
        failed_activity=number)


@require_POST
def evidence_create(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    forum = forum_or_404(request, slug, Capability.MANAGE_FORUM)
    activity = get_object_or_404(Activity, fund=forum.fund, number=number)
    return _back_home(request, forum, EvidenceForm(request.POST, request.FILES), lambda data:
                      attach_evidence(activity=activity, acting_user=request.user, **data),
                      "evidence_form", failed_activity=number)


def evidence_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    forum = forum_or_404(request, slug)
    evidence = get_object_or_404(Evidence, activity__fund=forum.fund, pk=pk)
    if not evidence.document or not evidence.document.storage.exists(evidence.document.name):
        raise Http404
    return FileResponse(evidence.document.open("rb"), as_attachment=True,
                        filename=evidence.document.name.rsplit("/", 1)[-1])


def participants(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_or_404(request, slug)
    people = list(forum.participants.select_related("country", "travel_grant"))
    paid = dict(Entry.objects.filter(fund=forum.fund, kind="expenditure",
                                     commitment__isnull=False)
                .values("commitment_id").annotate(total=Sum("amount"))
                .values_list("commitment_id", "total"))
    for person in people:
        grant = getattr(person, "travel_grant", None)
        person.grant_paid = paid.get(grant.commitment_id) if grant else None
    return render(request, "forum/participants.html", forum_context(
        request, forum, participants=people,
        personal=fund_access(request, slug).can(Capability.VIEW_PERSONAL_DATA)))


def participants_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The participant list as CSV; passport numbers and dates of birth only for those who
    organise the forum."""
    forum = forum_or_404(request, slug)
    personal = fund_access(request, slug).can(Capability.VIEW_PERSONAL_DATA)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="participants.csv"'
    writer = csv.writer(response)
    columns = ["name", "country", "organisation", "function", "category", "attended"]
    writer.writerow(columns + (["passport_number", "date_of_birth"] if personal else []))
    for p in forum.participants.select_related("country"):
        row = [p.name, p.country.code, p.organisation, p.function, p.category, p.attended]
        row += [p.passport_number, p.date_of_birth or ""] if personal else []
        writer.writerow([formula_safe(cell) for cell in row])
    return response


@require_http_methods(["GET"])
def participant_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    forum = forum_or_404(request, slug)
    return _participant_page(request, forum, pk)


def _participant_page(request: HttpRequest, forum: Forum, pk: int,
                      **forms: Form) -> HttpResponse:
    """A participant's page; a form that was refused is shown as typed, with its errors."""
    participant = get_object_or_404(forum.participants.select_related("country"), pk=pk)
    grant = getattr(participant, "travel_grant", None)
    open_amount = (CommitmentBalance.objects.get(commitment=grant.commitment).open_amount
                   if grant else None)
    return render(request, "forum/participant_detail.html", forum_context(
        request, forum, participant=participant, grant=grant, open_amount=open_amount,
        personal=fund_access(request, forum.fund.agreement.slug).can(
            Capability.VIEW_PERSONAL_DATA),
        visa_form=forms.get("visa_form") or VisaForm(),
        grant_form=forms.get("grant_form") or GrantForm(),
        payment_form=forms.get("payment_form") or GrantPaymentForm()))


def _back_to_participant(request: HttpRequest, forum: Forum, pk: int, form: Form, act,
                         name: str) -> HttpResponse:
    return act_and_return(
        request, form, act,
        back=redirect("forum:participant", slug=forum.fund.agreement.slug, pk=pk),
        page=lambda bound: _participant_page(request, forum, pk, **{name: bound}),
        context=forum_context(request, forum))


@require_POST
def participant_visa(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    forum = forum_or_404(request, slug, Capability.MANAGE_FORUM)
    participant = get_object_or_404(forum.participants, pk=pk)
    return _back_to_participant(request, forum, pk, VisaForm(request.POST), lambda data:
                                record_visa(participant=participant, acting_user=request.user,
                                            **data), "visa_form")


@require_POST
def participant_grant(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    forum = forum_or_404(request, slug, Capability.APPROVE_TRAVEL_GRANT)
    participant = get_object_or_404(forum.participants, pk=pk)
    return _back_to_participant(request, forum, pk, GrantForm(request.POST), lambda data:
                                approve_travel_grant(
                                    participant=participant, amount=usd(data["amount"]),
                                    approved_on=data["approved_on"], acting_user=request.user,
                                    entered_on=portal_today()), "grant_form")


@require_POST
def participant_payment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    forum = forum_or_404(request, slug, Capability.POST_LEDGER)
    participant = get_object_or_404(forum.participants, pk=pk)
    grant = getattr(participant, "travel_grant", None)
    if grant is None:
        raise Http404
    return _back_to_participant(request, forum, pk, GrantPaymentForm(request.POST), lambda data:
                                pay_travel_grant(
                                    grant=grant, amount=usd(data["amount"]),
                                    paid_on=data["paid_on"], reference=data["reference"],
                                    acting_user=request.user, entered_on=portal_today()),
                                "payment_form")


def visas(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_or_404(request, slug)
    form = BoardDayForm(request.GET or None)
    on = default_day(forum, portal_today())
    if form.is_valid() and form.cleaned_data["on"]:
        on = form.cleaned_data["on"]
    return render(request, "forum/visas.html", forum_context(
        request, forum, form=form, board=visa_board(forum, on)))


@require_http_methods(["GET", "POST"])
def participants_import(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_or_404(request, slug, Capability.MANAGE_FORUM)
    form = ParticipantImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            errors = [_("The file may be at most 5 MB.")]
        else:
            try:
                count = import_participants(forum=forum, file_name=upload.name,
                                            content=upload.read(), acting_user=request.user)
            except ImportRefused as refusal:
                errors = refusal.errors
            else:
                messages.success(request, _("%(n)s participants imported.") % {"n": count})
                return redirect("forum:participants", slug=slug)
    return render(request, "forum/participants_import.html", forum_context(
        request, forum, form=form, errors=errors))
