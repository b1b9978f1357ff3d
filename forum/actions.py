"""Every write of the forum app: one function per act, one transaction each. Travel grants
go through the ledger's posting service, with all its controls."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from moneyed import Money

from agreements.dates import portal_today
from budget.amounts import format_amount
from budget.models import CommitmentBalance, Entry, Fund
from budget.posting import post_commitment, post_expenditure
from budget.posting.controls import lock_fund, usd_of
from forum.models import Activity, Evidence, Forum, Meeting, Participant, TravelGrant

GRANT_LINE = "3201"
GRANT_CATEGORIES = (Participant.Category.STATE, Participant.Category.EXPERT)


def _saved(instance, user: AbstractBaseUser | None):
    instance.full_clean()
    instance._history_user = user
    instance.save()
    return instance


@transaction.atomic
def schedule_meeting(*, forum: Forum, kind: str, title: str, starts_at: datetime,
                     ends_at: datetime, premises: str,
                     acting_user: AbstractBaseUser | None,
                     titles: dict[str, str] | None = None) -> Meeting:
    """A plenary, seminar or workshop on the premises the Government provides (Annex A 1)."""
    local = ZoneInfo(forum.time_zone)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at, local)
    if timezone.is_naive(ends_at):
        ends_at = timezone.make_aware(ends_at, local)
    first, last = (timezone.localtime(starts_at, local).date(),
                   timezone.localtime(ends_at, local).date())
    if first < forum.opens_on or last > forum.closes_on:
        raise ValidationError(_("A meeting of the forum is held between %(opens)s and "
                                "%(closes)s.") % {"opens": forum.opens_on,
                                                  "closes": forum.closes_on})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A meeting ends after it starts.")})
    return _saved(Meeting(forum=forum, kind=kind, title=title, titles=titles or {},
                          starts_at=starts_at, ends_at=ends_at, premises=premises),
                  acting_user)


@transaction.atomic
def register_participant(*, forum: Forum, acting_user: AbstractBaseUser | None,
                         **fields) -> Participant:
    participant = Participant(forum=forum, **fields)
    _check_visa_dates(participant)
    return _saved(participant, acting_user)


def _check_visa_dates(participant: Participant) -> None:
    today = portal_today()
    for field in ("visa_applied_on", "visa_issued_on", "exit_permit_issued_on",
                  "date_of_birth"):
        value = getattr(participant, field)
        if value is not None and value > today:
            raise ValidationError({field: _("This date cannot be in the future.")})
    if participant.date_of_birth is not None and participant.date_of_birth.year < 1900:
        raise ValidationError({"date_of_birth": _("A date of birth is after 1900.")})
    if participant.visa_issued_on and not participant.visa_applied_on:
        raise ValidationError({"visa_issued_on": _("A visa is issued after it is applied for; "
                                                   "give the application date.")})
    if (participant.visa_issued_on and participant.visa_applied_on
            and participant.visa_issued_on < participant.visa_applied_on):
        raise ValidationError({"visa_issued_on": _(
            "The visa cannot be issued (%(issued)s) before it was applied for (%(applied)s).")
            % {"issued": participant.visa_issued_on, "applied": participant.visa_applied_on}})
    if (participant.visa_applied_on or participant.visa_issued_on) and not \
            participant.needs_visa:
        participant.needs_visa = True
    if participant.exit_permit_issued_on and not participant.needs_exit_permit:
        participant.needs_exit_permit = True


@transaction.atomic
def record_visa(*, participant: Participant, applied_on: date | None = None,
                issued_on: date | None = None, exit_permit_issued_on: date | None = None,
                acting_user: AbstractBaseUser | None) -> Participant:
    """Record a visa application or issue, or an exit permit (Annex A, art. 3)."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    today = portal_today()
    for label, value in ((_("application"), applied_on), (_("issue"), issued_on),
                         (_("exit permit"), exit_permit_issued_on)):
        if value is not None and value > today:
            raise ValidationError(_("The date of the %(what)s cannot be in the future.")
                                  % {"what": label})
    if applied_on is not None:
        participant.visa_applied_on = applied_on
    if issued_on is not None:
        participant.visa_issued_on = issued_on
    if exit_permit_issued_on is not None:
        participant.exit_permit_issued_on = exit_permit_issued_on
    _check_visa_dates(participant)
    return _saved(participant, acting_user)


@transaction.atomic
def approve_travel_grant(*, participant: Participant, amount: Money, approved_on: date,
                         acting_user: AbstractBaseUser | None,
                         entered_on: date | None = None) -> TravelGrant:
    """A travel grant for a participant from a developing Member State: a commitment on line
    3201, refused like any commitment when the line or the cash cannot carry it."""
    # The participant's row first: two officers approving at once wait for each other.
    participant = Participant.objects.select_for_update().select_related(
        "country", "forum__fund").get(pk=participant.pk)
    if participant.category not in GRANT_CATEGORIES:
        raise ValidationError(_("Travel grants on line 3201 are for representatives of States "
                                "and invited experts, not for %(category)s.")
                              % {"category": participant.get_category_display()})
    if not participant.country.developing:
        raise ValidationError(_("%(country)s is not marked as a developing Member State; "
                                "travel grants on line 3201 are for participants from "
                                "developing Member States.") % {"country": participant.country})
    if TravelGrant.objects.filter(participant=participant).exists():
        raise ValidationError(_("%(name)s already has a travel grant.")
                              % {"name": participant.name})
    usd = usd_of(amount, approved_on).usd
    commitment = post_commitment(
        fund=participant.forum.fund, line_code=GRANT_LINE, amount=amount,
        value_date=approved_on, cost_element=Entry.CostElement.TRAVEL,
        payee=participant.name, reference=f"TG-{participant.pk}",
        description=_("Travel grant: %(name)s (%(country)s)")
        % {"name": participant.name, "country": participant.country},
        acting_user=acting_user, entered_on=entered_on)
    grant = TravelGrant(participant=participant, amount=usd, approved_on=approved_on,
                        commitment=commitment, approved_by=acting_user)
    grant._history_user = acting_user
    grant.save()
    return grant


@transaction.atomic
def pay_travel_grant(*, grant: TravelGrant, amount: Money, paid_on: date,
                     reference: str = "", acting_user: AbstractBaseUser | None,
                     entered_on: date | None = None) -> Entry:
    """Pay the ticket or allowance: an expenditure that liquidates the grant's commitment."""
    # Under the fund's lock, so that two payments at once cannot both see the same balance.
    lock_fund(grant.commitment.fund)
    open_amount = CommitmentBalance.objects.get(commitment=grant.commitment).open_amount
    usd = usd_of(amount, paid_on).usd
    if usd > open_amount:
        raise ValidationError(_("The grant has %(open)s left to pay; %(amount)s is more.")
                              % {"open": format_amount(open_amount),
                                 "amount": format_amount(usd)})
    return post_expenditure(
        fund=grant.commitment.fund, line_code=GRANT_LINE, amount=amount, value_date=paid_on,
        cost_element=Entry.CostElement.TRAVEL, commitment=grant.commitment,
        payee=grant.participant.name, reference=reference or f"TG-{grant.participant_id}",
        description=_("Travel grant payment"), acting_user=acting_user, entered_on=entered_on)


@transaction.atomic
def define_activity(*, fund: Fund, number: int, title: str, coordinator: str,
                    status: str = Activity.Status.PLANNED, starts_on: date | None = None,
                    ends_on: date | None = None,
                    acting_user: AbstractBaseUser | None,
                    titles: dict[str, str] | None = None) -> Activity:
    """One of the project's activities (Annex B, section 3), as the project document lists
    it: loaded with the forum's definition."""
    if Activity.objects.filter(fund=fund, number=number).exists():
        raise ValidationError({"number": _("Activity %(n)s is already defined.")
                               % {"n": number}})
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("An activity ends after it starts.")})
    return _saved(Activity(fund=fund, number=number, title=title, titles=titles or {},
                           coordinator=coordinator, status=status, starts_on=starts_on,
                           ends_on=ends_on), acting_user)


@transaction.atomic
def update_activity(*, activity: Activity, status: str, starts_on: date | None,
                    ends_on: date | None, acting_user: AbstractBaseUser | None) -> Activity:
    """Record an activity's progress (Annex B activities 1-8)."""
    if status not in Activity.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("An activity ends after it starts.")})
    if status == Activity.Status.COMPLETED and not ends_on:
        raise ValidationError({"ends_on": _("A completed activity has an end date.")})
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    activity.status, activity.starts_on, activity.ends_on = status, starts_on, ends_on
    return _saved(activity, acting_user)


@transaction.atomic
def attach_evidence(*, activity: Activity, title: str, document,
                    acting_user: AbstractBaseUser | None) -> Evidence:
    """A document that shows an activity was carried out (the means of verification)."""
    return _saved(Evidence(activity=activity, title=title, document=document), acting_user)
