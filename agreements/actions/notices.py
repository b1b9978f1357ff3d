"""Recording notices and their receipt, and withdrawing a notice sent in error: one function
per act, one transaction each, the change history written inside it. Who may send what, by
which channel, and which side records it: `agreements.authority`."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import attributable
from agreements.access import SIDE_OF_ROLE, sides_of
from agreements.authority import other_side, recording_refusal, sending_refusal
from agreements.dates import portal_today
from agreements.irreversible import require_confirmation
from agreements.lifecycle import (
    TERMINATION_NOTICE_PERIOD,
    Lifecycle,
    NoticeFacts,
    refusal_for_new_notice,
)
from agreements.models import Agreement, Notice, Party
from agreements.status import lifecycle_from
from notifications.mail import members, portal_link, queue_mail
from webhooks.events import NOTICE_RECEIVED, NOTICE_RECORDED, NOTICE_WITHDRAWN, announce_notice


@dataclass(frozen=True)
class NoticeDraft:
    kind: str
    sender: Party
    recipient: Party
    sent_on: date
    received_on: date | None
    delivery: str
    reference: str = ""
    subject: str = ""
    government_agreement: str = ""


def _lifecycle_without(agreement: Agreement, notice: Notice | None = None) -> Lifecycle:
    others = agreement.notices.in_effect().select_related("sender")
    if notice is not None:
        others = others.exclude(pk=notice.pk)
    return lifecycle_from(agreement, others)


def check_notice_facts(*, agreement: Agreement, draft: NoticeDraft, lifecycle: Lifecycle,
                       today: date) -> None:
    """Raise ValidationError, with the rule, if these facts could not be a notice under the
    agreement as it stands (`lifecycle` computed without the notice itself)."""
    party_ids = set(agreement.signatories.values_list("party_id", flat=True))
    if draft.kind not in Notice.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of notice: %(kind)s.")
                               % {"kind": draft.kind}})
    if draft.delivery not in Notice.Delivery.values:
        raise ValidationError({"delivery": _("Unknown delivery method: %(m)s.")
                               % {"m": draft.delivery}})
    for field, party in (("sender", draft.sender), ("recipient", draft.recipient)):
        if party.pk not in party_ids:
            raise ValidationError({field: _("%(party)s is not a party to agreement %(ref)s.")
                                   % {"party": party, "ref": agreement.reference}})
    if draft.sender.pk == draft.recipient.pk:
        raise ValidationError({"recipient": _("A notice goes from one party to the other.")})
    if draft.sender.kind == draft.recipient.kind:
        raise ValidationError({"recipient": _(
            "A notice under the agreement goes between the Government and the United Nations.")})
    refusal = sending_refusal(kind=draft.kind, sender_kind=draft.sender.kind,
                              delivery=draft.delivery,
                              government_agreement=draft.government_agreement,
                              effective_on=draft.received_on or draft.sent_on,
                              in_force_from=lifecycle.in_force_from)
    if refusal:
        raise ValidationError(refusal, code="authority")
    refusal = refusal_for_new_notice(
        lifecycle, NoticeFacts(kind=draft.kind, sent_on=draft.sent_on,
                               received_on=draft.received_on, sender_kind=draft.sender.kind,
                               subject=draft.subject), today=today)
    if refusal:
        raise ValidationError(refusal)


def validate_notice(*, agreement: Agreement, draft: NoticeDraft,
                    acting_user: AbstractBaseUser | None, receipt_evidence: bool = False,
                    today: date | None = None) -> None:
    """Raise ValidationError, with the reason, if the notice cannot be recorded by this
    user."""
    today = today or portal_today()
    if draft.kind in Notice.SINGLE_KINDS:
        earlier = agreement.notices.in_effect().filter(kind=draft.kind).first()
        if earlier is not None:
            raise ValidationError(
                _("A notice of this kind (%(kind)s) was already recorded, sent on %(sent)s; "
                  "the agreement takes one.")
                % {"kind": earlier.get_kind_display(), "sent": earlier.sent_on}
            )
    check_notice_facts(agreement=agreement, draft=draft,
                       lifecycle=_lifecycle_without(agreement), today=today)
    refusal = recording_refusal(sender_kind=draft.sender.kind,
                                recorder_sides=sides_of(acting_user, agreement),
                                with_receipt=draft.received_on is not None,
                                receipt_evidence=receipt_evidence)
    if refusal:
        raise ValidationError(refusal, code="recording_side")


def _consequence(kind: str, received_on: date) -> str | None:
    """What receiving a notice of this kind does that cannot be undone by a single officer."""
    if kind == Notice.Kind.COMPLETION:
        return _("DESA's completion notice, received on %(date)s, makes the agreement expire "
                 "on that date (Art. 6): from then no new commitment may be made and no "
                 "expenditure beyond an earlier commitment, except for an orderly conclusion. "
                 "Only a correction confirmed by a second officer can undo it.") \
            % {"date": received_on}
    if kind == Notice.Kind.TERMINATION:
        ends = received_on + TERMINATION_NOTICE_PERIOD
        return _("A termination notice received on %(date)s ends the agreement on %(end)s, "
                 "60 days later (Art. 9): from then no new commitment may be made and no "
                 "expenditure beyond an earlier commitment, except for an orderly conclusion. "
                 "Only a correction confirmed by a second officer can undo it.") \
            % {"date": received_on, "end": ends}
    return None


@transaction.atomic
def record_notice(
    *,
    agreement: Agreement,
    draft: NoticeDraft,
    acting_user: AbstractBaseUser | None,
    scan: UploadedFile | None = None,
    receipt_scan: UploadedFile | None = None,
    today: date | None = None,
    confirmed: bool = False,
) -> Notice:
    """Record a notice sent or received under the agreement, or refuse it with the reason.

    The agreement row is locked so that two officers recording, say, a termination notice
    at once cannot both pass the "not yet terminated" check.
    """
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    validate_notice(agreement=agreement, draft=draft, acting_user=acting_user,
                    receipt_evidence=bool(receipt_scan), today=today)
    if draft.received_on is not None:
        consequence = _consequence(draft.kind, draft.received_on)
        if consequence:
            require_confirmation(confirmed, consequence)
    recorder = attributable(acting_user)
    notice = Notice(
        agreement=agreement,
        kind=draft.kind,
        sender=draft.sender,
        recipient=draft.recipient,
        sent_on=draft.sent_on,
        received_on=draft.received_on,
        delivery=draft.delivery,
        reference=draft.reference,
        subject=draft.subject,
        government_agreement=draft.government_agreement,
        recorded_by=recorder,
        receipt_recorded_by=recorder if draft.received_on else None,
    )
    if scan:
        notice.scan = scan
    if receipt_scan:
        notice.receipt_scan = receipt_scan
    notice.full_clean(exclude=["agreement", "sender", "recipient", "recorded_by",
                               "receipt_recorded_by", "corrects"])
    notice._history_user = recorder
    notice.save()
    _tell_other_party(notice, acting_user)
    announce_notice(notice, NOTICE_RECORDED)  # webhooks (docs/webhooks.md)
    return notice


def _tell_other_party(notice: Notice, acting_user: AbstractBaseUser | None) -> None:
    """The members acting for the other party hear of a notice recorded (or of its receipt
    recorded): the party other than the recorder's, or, when the system or an administrator
    records it, the party it is addressed to (docs/notifications.md#events)."""
    agreement = notice.agreement
    recorder_sides = sides_of(attributable(acting_user), agreement)
    told = (other_side(next(iter(recorder_sides))) if len(recorder_sides) == 1
            else notice.recipient.kind)
    roles = [role for role, side in SIDE_OF_ROLE.items() if side == told]
    queue_mail(event="notice_recorded", agreement=agreement, topic=f"notice:{notice.pk}",
               recipients=members(agreement, roles, excluding=attributable(acting_user)),
               context={"notice": notice, "agreement": agreement,
                        "link": portal_link(reverse("agreements:agreement",
                                                    args=[agreement.slug]))})


@transaction.atomic
def record_notice_receipt(
    *, notice: Notice, received_on: date, acting_user: AbstractBaseUser | None,
    receipt_scan: UploadedFile | None = None, today: date | None = None,
    confirmed: bool = False,
) -> Notice:
    """Record when a notice already sent was received; this is when it takes effect."""
    notice = Notice.objects.select_for_update().select_related("agreement", "sender").get(
        pk=notice.pk
    )
    agreement = Agreement.objects.select_for_update().get(pk=notice.agreement_id)
    if notice.received_on is not None:
        raise ValidationError(_("This notice was already received on %(date)s.")
                              % {"date": notice.received_on})
    if not notice.in_effect:
        raise ValidationError(_("This notice was withdrawn or corrected; it has no effect."))
    draft = NoticeDraft(kind=notice.kind, sender=notice.sender, recipient=notice.recipient,
                        sent_on=notice.sent_on, received_on=received_on,
                        delivery=notice.delivery, subject=notice.subject,
                        government_agreement=notice.government_agreement)
    check_notice_facts(agreement=agreement, draft=draft,
                       lifecycle=_lifecycle_without(agreement, notice),
                       today=today or portal_today())
    refusal = recording_refusal(sender_kind=notice.sender.kind,
                                recorder_sides=sides_of(acting_user, agreement),
                                with_receipt=True, receipt_evidence=bool(receipt_scan))
    if refusal:
        raise ValidationError(refusal, code="recording_side")
    consequence = _consequence(notice.kind, received_on)
    if consequence:
        require_confirmation(confirmed, consequence)
    notice.received_on = received_on
    notice.receipt_recorded_by = attributable(acting_user)
    fields = ["received_on", "receipt_recorded_by"]
    if receipt_scan:
        notice.receipt_scan = receipt_scan
        notice.full_clean(exclude=["agreement", "sender", "recipient", "recorded_by",
                                   "receipt_recorded_by", "corrects"])
        fields.append("receipt_scan")
    notice._history_user = notice.receipt_recorded_by
    notice.save(update_fields=fields)
    _tell_other_party(notice, acting_user)
    announce_notice(notice, NOTICE_RECEIVED)  # webhooks (docs/webhooks.md)
    return notice


@transaction.atomic
def withdraw_notice(*, notice: Notice, reason: str, acting_user: AbstractBaseUser | None,
                    today: date | None = None) -> Notice:
    """Withdraw a notice sent in error that has not been received: it then has no effect,
    and stays in the register with the reason. Only the side that sent it withdraws it."""
    notice = Notice.objects.select_for_update().select_related("sender").get(pk=notice.pk)
    agreement = Agreement.objects.select_for_update().get(pk=notice.agreement_id)
    if notice.received_on is not None:
        raise ValidationError(_("A notice already received (%(date)s) cannot be withdrawn; "
                                "the other party has it. A notice recorded in error is "
                                "corrected instead.") % {"date": notice.received_on})
    if notice.withdrawn_on is not None:
        raise ValidationError(_("This notice was already withdrawn."))
    if notice.sender.kind not in sides_of(acting_user, agreement):
        raise ValidationError(_("Only the side that sent a notice withdraws it."),
                              code="recording_side")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the notice is withdrawn.")})
    notice.withdrawn_on = today or portal_today()
    notice.withdrawal_reason = reason.strip()
    notice._history_user = attributable(acting_user)
    notice.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    announce_notice(notice, NOTICE_WITHDRAWN)  # webhooks (docs/webhooks.md)
    return notice

