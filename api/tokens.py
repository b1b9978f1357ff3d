"""API tokens (django-rest-knox: stored hashed, with an expiry), each with its scope (one fund
or all of its owner's funds; read only, or read and post), made and revoked through these
acts, each with its audit row. A person makes tokens for themself; a fund's administrator
also for the fund's service accounts (docs/access.md#service-accounts-and-scoped-tokens)."""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from accounts.models import User
from agreements import access
from agreements.access import Capability
from agreements.models import Agreement, Membership
from api.models import TokenScope, TokenUse
from audit.actions import record_event
from budget.models import Fund

MAX_DAYS = 365
Access = TokenScope.Access


def _check_within_acting_scope(acting_user: AbstractBaseUser | None, fund: Fund | None,
                               level: str) -> None:
    """A request made with a token makes tokens within that token's reach only: never for
    another fund, never to post if it may only read."""
    scope = access.scope_of(acting_user)
    if scope is None:
        return
    if scope.agreement_id is not None and (fund is None
                                           or fund.agreement_id != scope.agreement_id):
        raise ValidationError({"fund": _("A token for one fund makes tokens for that fund "
                                         "only.")})
    if scope.read_only and level != Access.READ_ONLY:
        raise PermissionDenied


def _check_owner(owner: AbstractBaseUser, fund: Fund | None,
                 acting_user: AbstractBaseUser | None) -> None:
    """A person makes their own tokens, for a fund they see; a service account's are made
    by an administrator of the fund the token is for, which the account is a member of."""
    if acting_user is None:
        return  # the system itself (commands, tests of the rules)
    if getattr(acting_user, "is_service_account", False):
        raise PermissionDenied  # a system's tokens are made for it by a person
    if owner.pk == acting_user.pk:
        if fund is not None and not access.can(acting_user, fund.agreement,
                                               Capability.VIEW_FUND):
            raise ValidationError({"fund": _("You have no fund with this identifier.")})
        return
    if not getattr(owner, "is_service_account", False):
        raise PermissionDenied  # nobody makes tokens in another person's name
    if fund is None:
        raise ValidationError({"fund": _("A service account's token is for one fund.")})
    if not access.can(acting_user, fund.agreement, Capability.MANAGE_MEMBERS):
        raise PermissionDenied
    if not Membership.objects.filter(agreement=fund.agreement_id, user=owner).exists():
        raise ValidationError({"owner": _("%(account)s has no role on %(fund)s.") % {
            "account": owner, "fund": fund.project_number}})


@transaction.atomic
def create_api_token(*, owner: AbstractBaseUser, days: int,
                     acting_user: AbstractBaseUser | None, fund: Fund | None = None,
                     level: str = Access.READ_AND_POST,
                     made_with_token_expiring: datetime | None = None
                     ) -> tuple[AuthToken, str]:
    """A token for `owner`, valid `days` days, reaching `fund` (None: all of the owner's
    funds) to read, or to read and post; returns it with its secret, which is shown once
    and stored only hashed. Asked for with another token (`made_with_token_expiring`: when
    that one expires), it may not outlive it: a stolen token cannot renew itself."""
    errors = {}
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = _("A token is valid for 1 to %(max)s days.") % {"max": MAX_DAYS}
    elif (made_with_token_expiring is not None
          and timezone.now() + timedelta(days=days) > made_with_token_expiring):
        errors["days"] = _("A token made with a token cannot outlive it: the token you use "
                           "expires on %(day)s. Sign in to the portal to make a longer one.") % {
            "day": made_with_token_expiring.date().isoformat()}
    if level not in Access.values:
        errors["access"] = _("The access is read_only or read_and_post.")
    if errors:
        raise ValidationError(errors)
    if getattr(owner, "is_service_account", False) and not owner.is_active:
        raise ValidationError({"owner": _("This service account is deactivated.")})
    _check_within_acting_scope(acting_user, fund, level)
    _check_owner(owner, fund, acting_user)
    token, secret = AuthToken.objects.create(user=owner, expiry=timedelta(days=days))
    TokenScope.objects.create(token=token, fund=fund, access=level)
    reach = fund.project_number if fund is not None else "all funds"
    record_event(action="api_token.created", acting_user=acting_user,
                 # The key (the start of the secret) stays in the details, off the trail.
                 summary=f"API token for {owner.get_username()}, {days} days, {reach}, "
                         f"{Access(level).label}",
                 details={"token_key": token.token_key, "owner": owner.get_username(),
                          "expiry": token.expiry.isoformat(),
                          "fund": fund.project_number if fund is not None else None,
                          "access": level})
    return token, secret


@transaction.atomic
def revoke_api_token(*, token: AuthToken, acting_user: AbstractBaseUser | None) -> None:
    """Revoke `token`: its owner's, a service account's by an administrator of its fund, or
    anyone's by the portal's administrator (deactivating an account revokes them all)."""
    if (acting_user is not None and not access.is_administrator(acting_user)
            and not tokens_visible_to(acting_user).filter(pk=token.pk).exists()):
        raise PermissionDenied
    record_event(action="api_token.revoked", acting_user=acting_user,
                 summary=f"API token of {token.user.get_username()}",
                 details={"token_key": token.token_key, "owner": token.user.get_username()})
    TokenUse.objects.filter(token_key=token.token_key).delete()
    token.delete()  # its scope with it


def _listed(tokens: QuerySet[AuthToken]) -> QuerySet[AuthToken]:
    """Tokens not yet expired (knox deletes expired ones only when they are next
    presented), each with its scope and `last_used_at` (None: never used)."""
    return (tokens.filter(Q(expiry=None) | Q(expiry__gt=timezone.now()))
            .select_related("user", "scope__fund__agreement")
            .annotate(last_used_at=Subquery(TokenUse.objects.filter(
                token_key=OuterRef("token_key")).values("last_used_at")[:1]))
            .order_by("-created"))


def own_tokens(user: AbstractBaseUser) -> QuerySet[AuthToken]:
    return _listed(AuthToken.objects.filter(user=user))


def administered_agreements(user: AbstractBaseUser) -> QuerySet[Agreement]:
    """The funds whose service accounts' tokens this user manages: the ones they administer
    (all, for the portal's administrator), within their request's scope."""
    agreements = access.visible_agreements(user)
    if not access.is_administrator(user):
        agreements = agreements.filter(pk__in=Membership.objects.filter(
            user=user, administers=True).values("agreement"))
    return agreements


def service_account_tokens(user: AbstractBaseUser,
                           agreement: Agreement | None = None) -> QuerySet[AuthToken]:
    """The tokens of service accounts, for a fund the user administers (or `agreement`)."""
    agreements = administered_agreements(user)
    if agreement is not None:
        agreements = agreements.filter(pk=agreement.pk)
    return _listed(AuthToken.objects.filter(user__is_service_account=True,
                                            scope__fund__agreement__in=agreements))


def tokens_visible_to(user: AbstractBaseUser) -> QuerySet[AuthToken]:
    """What the user may list and revoke: their own tokens and their service accounts';
    through a token for one fund, only the tokens for that fund."""
    mine = AuthToken.objects.filter(user=user)
    scope = access.scope_of(user)
    if scope is not None and scope.agreement_id is not None:
        mine = mine.filter(scope__fund__agreement=scope.agreement_id)
    accounts = service_account_tokens(user).values("pk")
    return _listed(AuthToken.objects.filter(Q(pk__in=mine.values("pk")) | Q(pk__in=accounts)))


def service_accounts_of(agreement: Agreement) -> QuerySet[User]:
    return (User.objects.filter(is_service_account=True, fund_memberships__agreement=agreement)
            .order_by("display_name"))
