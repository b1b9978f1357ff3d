"""Every write to agreements, notices and memberships: one function per act, one transaction
each, with the change history (django-simple-history) written inside it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import attributable
from agreements.dates import portal_today
from agreements.lifecycle import (
    Lifecycle,
    NoticeFacts,
    compute_lifecycle,
    refusal_for_new_notice,
)
from agreements.models import Agreement, Membership, Notice, Party


def lifecycle_from(agreement: Agreement, notices: Iterable[Notice]) -> Lifecycle:
    """The agreement's lifecycle from these of its notices (with their senders); withdrawn
    notices have no effect."""
    return compute_lifecycle(agreement.signed_on,
                             [facts_of(n) for n in notices if n.withdrawn_on is None])


def lifecycle_of(agreement: Agreement) -> Lifecycle:
    """The agreement's lifecycle from the notices stored now."""
    return lifecycle_from(agreement, agreement.notices.filter(withdrawn_on__isnull=True)
                          .select_related("sender"))


def facts_of(notice: Notice) -> NoticeFacts:
    return NoticeFacts(
        kind=notice.kind,
        sent_on=notice.sent_on,
        received_on=notice.received_on,
        sender_kind=notice.sender.kind,
        subject=notice.subject,
        notice_id=notice.pk,
    )


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


def validate_notice(*, agreement: Agreement, draft: NoticeDraft, today: date | None = None) -> None:
    """Raise ValidationError, with the reason, if the notice cannot be recorded."""
    today = today or portal_today()
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
    if draft.kind in Notice.SINGLE_KINDS:
        earlier = agreement.notices.filter(kind=draft.kind, withdrawn_on__isnull=True).first()
        if earlier is not None:
            raise ValidationError(
                _("A notice of this kind (%(kind)s) was already recorded, sent on %(sent)s; "
                  "the agreement takes one.")
                % {"kind": earlier.get_kind_display(), "sent": earlier.sent_on}
            )
    refusal = refusal_for_new_notice(
        lifecycle_of(agreement),
        NoticeFacts(kind=draft.kind, sent_on=draft.sent_on, received_on=draft.received_on,
                    sender_kind=draft.sender.kind, subject=draft.subject),
        today=today,
    )
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def record_notice(
    *,
    agreement: Agreement,
    draft: NoticeDraft,
    acting_user: AbstractBaseUser | None,
    scan: UploadedFile | None = None,
    today: date | None = None,
) -> Notice:
    """Record a notice sent or received under the agreement, or refuse it with the reason.

    The agreement row is locked so that two officers recording, say, a termination notice
    at once cannot both pass the "not yet terminated" check.
    """
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    validate_notice(agreement=agreement, draft=draft, today=today)
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
        recorded_by=attributable(acting_user),
    )
    if scan:
        notice.scan = scan
    notice.full_clean(exclude=["agreement", "sender", "recipient", "recorded_by"])
    notice._history_user = notice.recorded_by
    notice.save()
    return notice


@transaction.atomic
def record_notice_receipt(
    *, notice: Notice, received_on: date, acting_user: AbstractBaseUser | None,
    today: date | None = None,
) -> Notice:
    """Record when a notice already sent was received; this is when it takes effect."""
    notice = Notice.objects.select_for_update().select_related("agreement", "sender").get(
        pk=notice.pk
    )
    Agreement.objects.select_for_update().get(pk=notice.agreement_id)
    if notice.received_on is not None:
        raise ValidationError(_("This notice was already received on %(date)s.")
                              % {"date": notice.received_on})
    if notice.withdrawn_on is not None:
        raise ValidationError(_("This notice was withdrawn on %(date)s.")
                              % {"date": notice.withdrawn_on})
    others = notice.agreement.notices.exclude(pk=notice.pk).filter(
        withdrawn_on__isnull=True).select_related("sender")
    refusal = refusal_for_new_notice(
        compute_lifecycle(notice.agreement.signed_on, [facts_of(n) for n in others]),
        NoticeFacts(kind=notice.kind, sent_on=notice.sent_on, received_on=received_on,
                    sender_kind=notice.sender.kind, subject=notice.subject),
        today=today or portal_today(),
    )
    if refusal:
        raise ValidationError(refusal)
    notice.received_on = received_on
    notice._history_user = attributable(acting_user)
    notice.save(update_fields=["received_on"])
    return notice


@transaction.atomic
def withdraw_notice(*, notice: Notice, reason: str, acting_user: AbstractBaseUser | None,
                    today: date | None = None) -> Notice:
    """Withdraw a notice sent in error that has not been received: it then has no effect,
    and stays in the register with the reason."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    Agreement.objects.select_for_update().get(pk=notice.agreement_id)
    if notice.received_on is not None:
        raise ValidationError(_("A notice already received (%(date)s) cannot be withdrawn; "
                                "the other party has it.") % {"date": notice.received_on})
    if notice.withdrawn_on is not None:
        raise ValidationError(_("This notice was already withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the notice is withdrawn.")})
    notice.withdrawn_on = today or portal_today()
    notice.withdrawal_reason = reason.strip()
    notice._history_user = attributable(acting_user)
    notice.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    return notice


@transaction.atomic
def grant_membership(
    *, agreement: Agreement, user: AbstractBaseUser, role: str,
    acting_user: AbstractBaseUser | None = None,
) -> Membership:
    """Give a user a role on a fund, or change the role they hold there."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s.") % {"role": role}})
    membership = Membership.objects.select_for_update().filter(
        agreement=agreement, user=user
    ).first() or Membership(agreement=agreement, user=user)
    membership.role = role
    membership._history_user = acting_user
    membership.save()
    return membership


@transaction.atomic
def revoke_membership(*, membership: Membership, acting_user: AbstractBaseUser | None) -> None:
    membership._history_user = acting_user
    membership.delete()
