"""An agreement's lifecycle as it stands, from the notices in effect (the rules themselves are
pure functions in `agreements.lifecycle`)."""

from collections.abc import Iterable

from agreements.lifecycle import Lifecycle, NoticeFacts, compute_lifecycle
from agreements.models import Agreement, Notice


def facts_of(notice: Notice) -> NoticeFacts:
    return NoticeFacts(
        kind=notice.kind,
        sent_on=notice.sent_on,
        received_on=notice.received_on,
        sender_kind=notice.sender.kind,
        subject=notice.subject,
        notice_id=notice.pk,
    )


def lifecycle_from(agreement: Agreement, notices: Iterable[Notice]) -> Lifecycle:
    """The agreement's lifecycle from these of its notices (with their senders); notices
    withdrawn or corrected away have no effect."""
    return compute_lifecycle(agreement.signed_on,
                             [facts_of(n) for n in notices if n.in_effect])


def lifecycle_of(agreement: Agreement) -> Lifecycle:
    """The agreement's lifecycle from the notices stored now."""
    return lifecycle_from(agreement, agreement.notices.in_effect().select_related("sender"))


def lifecycle_after(correction) -> Lifecycle:
    """The lifecycle the agreement would have once this correction of a notice is confirmed:
    the other notices in effect, and the corrected facts instead of the original's."""
    original = correction.notice
    others = [facts_of(n) for n in original.agreement.notices.in_effect()
              .exclude(pk=original.pk).select_related("sender")]
    if not correction.void:
        others.append(NoticeFacts(kind=correction.kind, sent_on=correction.sent_on,
                                  received_on=correction.received_on,
                                  sender_kind=correction.sender.kind,
                                  subject=correction.subject))
    return compute_lifecycle(original.agreement.signed_on, others)
