"""Parties, agreements, their notices, disputes, and who is a member of which fund.

An agreement's status and key dates are never stored: `agreements.lifecycle` computes them
from the signature date and the notices in effect.
"""

from agreements.models.disputes import ArbitrationRequest
from agreements.models.membership import Invitation, Membership
from agreements.models.notices import (
    MAX_SCAN_BYTES,
    Notice,
    NoticeCorrection,
    NoticeQuerySet,
    validate_scan,
)
from agreements.models.parties import Agreement, Party, Signatory

__all__ = [
    "MAX_SCAN_BYTES",
    "Agreement",
    "ArbitrationRequest",
    "Invitation",
    "Membership",
    "Notice",
    "NoticeCorrection",
    "NoticeQuerySet",
    "Party",
    "Signatory",
    "validate_scan",
]
