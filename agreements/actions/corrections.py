"""Correcting a notice recorded in error, four eyes: one officer proposes the correction and
names the error, another confirms it (docs/lifecycle.md#corrections). Confirmed, the original
stays in the register marked corrected, the corrected notice is recorded in its place, and
the lifecycle follows from the notices then in effect. What was posted meanwhile stays in the
ledger; the fund's pages list what the correction puts at odds with the agreement."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import attributable
from agreements.access import sides_of
from agreements.actions.notices import NoticeDraft, _lifecycle_without, check_notice_facts
from agreements.authority import correction_confirmer_refusal
from agreements.dates import portal_today
from agreements.irreversible import require_confirmation
from agreements.lifecycle import NoticeFacts, compute_lifecycle
from agreements.models import Agreement, Notice, NoticeCorrection
from agreements.status import facts_of, lifecycle_after, lifecycle_of
from webhooks.events import NOTICE_CORRECTED, announce_notice

FACTS = ("kind", "sender", "recipient", "sent_on", "received_on", "delivery", "reference",
         "subject", "government_agreement")


def draft_of(notice: Notice) -> NoticeDraft:
    """The facts a notice was recorded with, as a draft to correct."""
    return NoticeDraft(**{name: getattr(notice, name) for name in FACTS})


def _check_the_rest(notice: Notice, draft: NoticeDraft | None) -> None:
    """The notices that stay in effect must still hold once this one is corrected: DESA
    notifies completion only once the agreement is in force (Art. 6)."""
    others = notice.agreement.notices.in_effect().exclude(pk=notice.pk).select_related(
        "sender")
    facts = [facts_of(other) for other in others]
    if draft is not None:
        facts.append(NoticeFacts(kind=draft.kind, sent_on=draft.sent_on,
                                 received_on=draft.received_on, sender_kind=draft.sender.kind))
    in_force_from = compute_lifecycle(notice.agreement.signed_on, facts).in_force_from
    for other in others.filter(kind=Notice.Kind.COMPLETION):
        effective = other.received_on or other.sent_on
        if in_force_from is None or effective < in_force_from:
            raise ValidationError(_(
                "The completion notice sent on %(sent)s needs the agreement in force before "
                "it (Art. 6); correct that notice first.") % {"sent": other.sent_on})


def _check_correction(notice: Notice, draft: NoticeDraft | None, today: date) -> None:
    _check_the_rest(notice, draft)
    if draft is None:
        return
    if draft == draft_of(notice):
        raise ValidationError(_("The correction changes nothing: give the facts as they "
                                "should have been recorded."))
    agreement = notice.agreement
    if draft.kind in Notice.SINGLE_KINDS:
        other = (agreement.notices.in_effect().filter(kind=draft.kind).exclude(pk=notice.pk)
                 .first())
        if other is not None:
            raise ValidationError(_("A notice of this kind (%(kind)s) is already in effect, "
                                    "sent on %(sent)s; the agreement takes one.")
                                  % {"kind": other.get_kind_display(), "sent": other.sent_on})
    check_notice_facts(agreement=agreement, draft=draft,
                       lifecycle=_lifecycle_without(agreement, notice), today=today)


@transaction.atomic
def propose_notice_correction(
    *, notice: Notice, error: str, draft: NoticeDraft | None,
    acting_user: AbstractBaseUser, today: date | None = None,
) -> NoticeCorrection:
    """Propose to correct a notice: `draft` holds the facts as they should have been
    recorded, or None when no such notice was given at all."""
    agreement = Agreement.objects.select_for_update().get(pk=notice.agreement_id)
    notice = Notice.objects.select_related("agreement", "sender").get(pk=notice.pk)
    if not sides_of(acting_user, agreement):
        raise ValidationError(_("Only officers of the parties propose corrections of notices."))
    _refuse_service_account(acting_user)
    if not notice.in_effect:
        raise ValidationError(_("This notice was withdrawn or already corrected."))
    if notice.corrections.filter(status=NoticeCorrection.Status.PROPOSED).exists():
        raise ValidationError(_("A correction of this notice is already awaiting "
                                "confirmation."))
    if not error.strip():
        raise ValidationError({"error": _("Say what was recorded in error.")})
    _check_correction(notice, draft, today or portal_today())
    facts = draft or draft_of(notice)
    correction = NoticeCorrection(
        notice=notice, error=error.strip(), void=draft is None,
        **{name: getattr(facts, name) for name in FACTS},
        proposed_by=acting_user)
    correction._history_user = attributable(acting_user)
    correction.save()
    return correction


def _refuse_service_account(acting_user: AbstractBaseUser) -> None:
    # Four eyes are two people's: a system's account is neither pair (whoever made it would
    # otherwise confirm their own correction through it).
    if getattr(acting_user, "is_service_account", False):
        raise ValidationError(_("A correction of a notice is proposed and confirmed by "
                                "officers in person (four eyes), not by a service account."),
                              code="four_eyes")


def _pending(correction: NoticeCorrection, acting_user: AbstractBaseUser) -> NoticeCorrection:
    _refuse_service_account(acting_user)
    correction = NoticeCorrection.objects.select_for_update().select_related(
        "notice__agreement", "notice__sender").get(pk=correction.pk)
    if correction.status != NoticeCorrection.Status.PROPOSED:
        raise ValidationError(_("This correction was already %(status)s.")
                              % {"status": correction.get_status_display().lower()})
    if correction.proposed_by_id == acting_user.pk:
        raise ValidationError(_("Four eyes: the officer who proposed a correction cannot "
                                "confirm or reject it."), code="four_eyes")
    return correction


@transaction.atomic
def confirm_notice_correction(*, correction: NoticeCorrection, acting_user: AbstractBaseUser,
                              today: date | None = None,
                              confirmed: bool = False) -> Notice | None:
    """Confirm a proposed correction: the original is marked corrected and the corrected
    notice recorded in its place (none for a notice that was never given). A correction that
    moves the end of the agreement says so and asks to be confirmed."""
    Agreement.objects.select_for_update().get(pk=correction.notice.agreement_id)
    correction = _pending(correction, acting_user)
    original = correction.notice
    refusal = correction_confirmer_refusal(
        sender_kind=original.sender.kind,
        confirmer_sides=sides_of(acting_user, original.agreement),
        receipt_date_only=correction.receipt_date_only)
    if refusal:
        raise ValidationError(refusal, code="recording_side")
    today = today or portal_today()
    draft = None if correction.void else NoticeDraft(
        **{name: getattr(correction, name) for name in FACTS})
    _check_correction(original, draft, today)  # the register may have changed since
    before, after = lifecycle_of(original.agreement).ends_on, lifecycle_after(correction).ends_on
    if before != after:
        require_confirmation(confirmed, _(
            "Confirming this correction moves the end of the agreement from %(before)s to "
            "%(after)s: the rules after the end apply from the new date, and what the ledger "
            "holds meanwhile stays as it is.") % {"before": before or _("no end"),
                                                  "after": after or _("no end")})
    confirmer = attributable(acting_user)
    original.corrected_on = today
    original._history_user = confirmer
    original.save(update_fields=["corrected_on"])
    replacement = None
    if draft is not None:
        replacement = Notice(agreement=original.agreement, corrects=original,
                             scan=original.scan, receipt_scan=original.receipt_scan,
                             recorded_by=correction.proposed_by,
                             receipt_recorded_by=correction.proposed_by
                             if draft.received_on else None,
                             **{name: getattr(draft, name) for name in FACTS})
        replacement._history_user = confirmer
        replacement.save()
    correction.status = NoticeCorrection.Status.CONFIRMED
    correction.decided_by = confirmer
    correction.decided_at = timezone.now()
    correction.replacement = replacement
    correction._history_user = confirmer
    correction.save()
    announce_notice(original, NOTICE_CORRECTED)  # webhooks (docs/webhooks.md)
    return replacement


@transaction.atomic
def reject_notice_correction(*, correction: NoticeCorrection, acting_user: AbstractBaseUser,
                             note: str) -> NoticeCorrection:
    correction = _pending(correction, acting_user)
    if not sides_of(acting_user, correction.notice.agreement):
        raise ValidationError(_("Only officers of the parties decide on corrections."))
    if not note.strip():
        raise ValidationError({"note": _("Say why the correction is rejected.")})
    correction.status = NoticeCorrection.Status.REJECTED
    correction.decided_by = acting_user
    correction.decided_at = timezone.now()
    correction.decision_note = note.strip()
    correction._history_user = attributable(acting_user)
    correction.save()
    return correction
