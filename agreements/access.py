"""Who may see and do what on which fund: the one permission layer.

Every view, report and API endpoint asks this module. A user sees only the funds they are a
member of, with the capabilities of the role they hold there; a superuser (administrator)
sees every fund and may do everything. A fund a user may not see is answered with 404, so
that its existence is not revealed; a visible fund whose action the role does not allow is
answered with 403.

A request authenticated by an API token is narrowed by the token's scope (`ApiScope`, set on
the user by api.authentication): a token for one fund sees no other (404), and a read-only
token keeps only the capabilities that read (docs/access.md#service-accounts-and-scoped-tokens).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from agreements.models import Agreement, Membership

Role = Membership.Role


class Capability(StrEnum):
    VIEW_FUND = "view_fund"
    RECORD_NOTICE = "record_notice"
    POST_LEDGER = "post_ledger"
    PROPOSE_REVISION = "propose_revision"
    APPROVE_REVISION = "approve_revision"
    ISSUE_FINANCIAL_STATEMENT = "issue_financial_statement"
    ISSUE_REPORT = "issue_report"
    VIEW_DRAFT_REPORTS = "view_draft_reports"
    DOWNLOAD_REPORTS = "download_reports"
    MANAGE_FORUM = "manage_forum"
    APPROVE_TRAVEL_GRANT = "approve_travel_grant"
    VIEW_PERSONAL_DATA = "view_personal_data"
    ANSWER_REPORT = "answer_report"
    # Invite people, change their roles, remove them: the fund's administrators.
    MANAGE_MEMBERS = "manage_members"
    # Read the fund's audit trail (docs/audit-trail.md#who-sees-it): auditors and the fund's
    # administrators.
    VIEW_AUDIT_TRAIL = "view_audit_trail"


C = Capability
CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.DESA_FINANCE: frozenset({
        C.VIEW_FUND, C.RECORD_NOTICE, C.POST_LEDGER, C.PROPOSE_REVISION, C.APPROVE_REVISION,
        C.ISSUE_FINANCIAL_STATEMENT, C.VIEW_DRAFT_REPORTS, C.DOWNLOAD_REPORTS,
        C.APPROVE_TRAVEL_GRANT,
    }),
    Role.DESA_PROGRAMME: frozenset({
        C.VIEW_FUND, C.RECORD_NOTICE, C.PROPOSE_REVISION, C.APPROVE_REVISION, C.ISSUE_REPORT,
        C.VIEW_DRAFT_REPORTS, C.DOWNLOAD_REPORTS, C.MANAGE_FORUM, C.VIEW_PERSONAL_DATA,
        C.APPROVE_TRAVEL_GRANT,
    }),
    Role.GOVERNMENT: frozenset({
        C.VIEW_FUND, C.RECORD_NOTICE, C.DOWNLOAD_REPORTS, C.MANAGE_FORUM,
        C.VIEW_PERSONAL_DATA, C.ANSWER_REPORT,
    }),
    # Auditors read and download; they change nothing and never see personal data.
    Role.AUDITOR: frozenset({C.VIEW_FUND, C.DOWNLOAD_REPORTS, C.VIEW_AUDIT_TRAIL}),
}


# Acts that are a person's (docs/access.md#service-accounts-and-scoped-tokens): the two
# halves of four eyes (a revision proposed, then approved by another officer), issuing and
# so certifying a report, managing people, reading the audit trail. A service account never
# holds them, whatever its role: otherwise whoever made the account would be a second
# pair of eyes for themselves.
PERSONS_ONLY = frozenset({C.PROPOSE_REVISION, C.APPROVE_REVISION, C.ISSUE_FINANCIAL_STATEMENT,
                          C.ISSUE_REPORT, C.MANAGE_MEMBERS, C.VIEW_AUDIT_TRAIL})

# What a read-only token keeps of its owner's capabilities: reading, never acting.
READ_CAPABILITIES = frozenset({C.VIEW_FUND, C.VIEW_DRAFT_REPORTS, C.DOWNLOAD_REPORTS,
                               C.VIEW_PERSONAL_DATA, C.VIEW_AUDIT_TRAIL})


@dataclass(frozen=True)
class ApiScope:
    """The reach of the API token a request came with: one fund's agreement (None: every
    fund of its owner), and whether it only reads."""

    agreement_id: int | None
    read_only: bool


def scope_of(user: AbstractBaseUser | AnonymousUser | None) -> ApiScope | None:
    """The scope of the token this user object came with; None for a session (or a token
    made before scopes), which is not narrowed."""
    return getattr(user, "api_scope", None)


def in_scope(user: AbstractBaseUser | AnonymousUser | None, agreement_id: int) -> bool:
    scope = scope_of(user)
    return scope is None or scope.agreement_id in (None, agreement_id)


def within_scope(user: AbstractBaseUser | AnonymousUser | None, agreement_id: int,
                 held: frozenset[Capability]) -> frozenset[Capability]:
    """`held` on this fund, narrowed to what the request's token may reach: nothing outside
    its fund, only reading if it is read-only. Never more than `held`."""
    if not in_scope(user, agreement_id):
        return frozenset()
    scope = scope_of(user)
    return held & READ_CAPABILITIES if scope is not None and scope.read_only else held


def roles_with(capability: Capability) -> list[str]:
    """The roles whose officers hold this capability on their funds."""
    return [role for role, held in CAPABILITIES.items() if capability in held]


def is_administrator(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_active and user.is_superuser)


def capabilities_for(user: AbstractBaseUser | AnonymousUser, role: str | None,
                     administers: bool = False) -> frozenset[Capability]:
    """What a user holding `role` on a fund may do there (and its members and its audit
    trail, if they are its named administrator); an administrator of the portal may do
    all."""
    if is_administrator(user):
        return frozenset(Capability)
    held = CAPABILITIES.get(role, frozenset()) if role else frozenset()
    if administers and role in (Role.DESA_FINANCE, Role.DESA_PROGRAMME):
        held = held | {Capability.MANAGE_MEMBERS, Capability.VIEW_AUDIT_TRAIL}
    if getattr(user, "is_service_account", False):
        held = held - PERSONS_ONLY
    return held


# The side of the agreement each role's officers act for (docs/lifecycle.md#authority).
SIDE_OF_ROLE = {Role.DESA_FINANCE: "united_nations", Role.DESA_PROGRAMME: "united_nations",
                Role.GOVERNMENT: "government"}
BOTH_SIDES = frozenset({"government", "united_nations"})


def sides_of(user: AbstractBaseUser | AnonymousUser | None,
             agreement: Agreement) -> frozenset[str]:
    """The parties' sides a user acts for on this fund: their role's side; both for an
    administrator (who also loads fund definitions), or for the system itself (`user` None,
    as in the tests of the rules); none for an auditor or a non-member."""
    if user is None or is_administrator(user):
        return BOTH_SIDES
    side = SIDE_OF_ROLE.get(role_in(user, agreement))
    return frozenset({side}) if side else frozenset()


def visible_agreements(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Agreement]:
    """The agreements (funds) the user may see."""
    if not user.is_authenticated or not user.is_active:
        return Agreement.objects.none()
    agreements = (Agreement.objects.all() if is_administrator(user)
                  else Agreement.objects.filter(memberships__user=user).distinct())
    scope = scope_of(user)
    if scope is not None and scope.agreement_id is not None:
        agreements = agreements.filter(pk=scope.agreement_id)
    return agreements


def role_in(user: AbstractBaseUser | AnonymousUser, agreement: Agreement) -> str | None:
    """The role the user holds on this fund, or None."""
    if not user.is_authenticated or not user.is_active or not in_scope(user, agreement.pk):
        return None
    return (
        Membership.objects.filter(user=user, agreement=agreement)
        .values_list("role", flat=True)
        .first()
    )


def capabilities_of(
    user: AbstractBaseUser | AnonymousUser, agreement: Agreement
) -> frozenset[Capability]:
    if is_administrator(user):
        return within_scope(user, agreement.pk, frozenset(Capability))
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    held = Membership.objects.filter(user=user, agreement=agreement).values_list(
        "role", "administers").first()
    return within_scope(user, agreement.pk, capabilities_for(user, *held)) if held \
        else frozenset()


def can(user: AbstractBaseUser | AnonymousUser, agreement: Agreement,
        capability: Capability) -> bool:
    return capability in capabilities_of(user, agreement)
