"""Every write to agreements, notices, disputes and memberships: one function per act, a
keyword-only `acting_user`, one transaction each, with the change history
(django-simple-history) written inside it."""

from agreements.actions.corrections import (
    confirm_notice_correction,
    draft_of,
    propose_notice_correction,
    reject_notice_correction,
)
from agreements.actions.disputes import (
    record_arbitration_appointment,
    record_arbitration_request,
)
from agreements.actions.membership import (
    accept_invitation,
    change_member_role,
    find_invitation,
    grant_membership,
    invite_member,
    remove_member,
    revoke_membership,
    withdraw_invitation,
)
from agreements.actions.notices import (
    NoticeDraft,
    check_notice_facts,
    record_notice,
    record_notice_receipt,
    validate_notice,
    withdraw_notice,
)
from agreements.status import facts_of, lifecycle_from, lifecycle_of

__all__ = [
    "NoticeDraft",
    "accept_invitation",
    "change_member_role",
    "check_notice_facts",
    "confirm_notice_correction",
    "draft_of",
    "facts_of",
    "find_invitation",
    "grant_membership",
    "invite_member",
    "lifecycle_from",
    "lifecycle_of",
    "propose_notice_correction",
    "record_arbitration_appointment",
    "record_arbitration_request",
    "record_notice",
    "record_notice_receipt",
    "reject_notice_correction",
    "remove_member",
    "revoke_membership",
    "validate_notice",
    "withdraw_invitation",
    "withdraw_notice",
]
