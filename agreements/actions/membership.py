"""The people of a fund: inviting someone with a role, accepting or withdrawing the
invitation, changing a member's role and removing a member
(docs/access.md#people-of-a-fund). One function per act, one transaction each, with the
change history written inside it; mail through the outbox."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from agreements import access
from agreements.access import Capability
from agreements.models import Agreement, Invitation, Membership
from notifications.mail import portal_link, queue_mail_to_address

Role = Membership.Role
INVITATION_LIFETIME = timedelta(days=7)
DESA_ROLES = (Role.DESA_FINANCE, Role.DESA_PROGRAMME)


def _check_administrator_role(role: str, administers: bool) -> None:
    if administers and role not in DESA_ROLES:
        raise ValidationError({"administers": _(
            "A fund's administrator is one of its DESA finance or programme officers.")})


@transaction.atomic
def grant_membership(
    *, agreement: Agreement, user: AbstractBaseUser, role: str,
    acting_user: AbstractBaseUser | None, administers: bool = False,
) -> Membership:
    """Give a user a role on a fund, or change the role they hold there."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s.") % {"role": role}})
    _check_administrator_role(role, administers)
    membership = Membership.objects.select_for_update().filter(
        agreement=agreement, user=user
    ).first() or Membership(agreement=agreement, user=user)
    membership.role = role
    membership.administers = administers
    membership._history_user = acting_user
    membership.save()
    return membership


@transaction.atomic
def revoke_membership(*, membership: Membership, acting_user: AbstractBaseUser | None) -> None:
    membership._history_user = acting_user
    membership.delete()


def _require_manager(agreement: Agreement, acting_user: AbstractBaseUser) -> None:
    if not access.can(acting_user, agreement, Capability.MANAGE_MEMBERS):
        raise PermissionDenied


def _check_mandate(acting_user: AbstractBaseUser, *, administers: bool,
                   membership: Membership | None = None) -> None:
    """A fund's administrator manages its other members; naming administrators, and
    changing an administrator's or one's own membership, is the portal administrator's."""
    if access.is_administrator(acting_user):
        return
    if administers or (membership is not None and membership.administers):
        raise ValidationError(_("Only the portal's administrator names or changes a fund's "
                                "administrators."))
    if membership is not None and membership.user_id == acting_user.pk:
        raise ValidationError(_("Another administrator changes your own role on the fund."))


def refuse_if_last_finance_officer(leaving: Membership, message: str) -> None:
    """A fund always keeps an active DESA finance officer: someone must post and certify.
    Refuses with `message` (naming %(person)s and %(fund)s) if `leaving` is the last one;
    called with the fund's row locked."""
    # A service account is a system, not an officer: it cannot certify a statement.
    others = (Membership.objects.select_for_update()
              .filter(agreement=leaving.agreement_id, role=Role.DESA_FINANCE,
                      user__is_active=True, user__is_service_account=False)
              .exclude(pk=leaving.pk))
    if leaving.role == Role.DESA_FINANCE and not others.exists():
        raise ValidationError(message % {"person": leaving.user,
                                         "fund": leaving.agreement.reference})


def _keeps_a_finance_officer(leaving: Membership) -> None:
    refuse_if_last_finance_officer(leaving, _(
        "%(person)s is the fund's only DESA finance officer; invite another before changing "
        "or removing this role."))


def lock_funds_of(user: AbstractBaseUser) -> list[Membership]:
    """A person's memberships, their funds' rows locked first in one order (as `_locked`
    does for one fund), so that an act on the person queues behind changes of those funds'
    people rather than deadlocking with them."""
    list(Agreement.objects.select_for_update(of=("self",)).filter(memberships__user=user)
         .order_by("pk").values_list("pk", flat=True))
    return list(Membership.objects.select_related("user", "agreement").filter(user=user)
                .order_by("agreement_id"))


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def invite_member(*, agreement: Agreement, email: str, role: str, language: str,
                  acting_user: AbstractBaseUser, administers: bool = False) -> Invitation:
    """Invite an address to the fund with a role: a mail with a link that works once, for
    seven days, and lets the person choose their password."""
    _require_manager(agreement, acting_user)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s.") % {"role": role}})
    _check_administrator_role(role, administers)
    _check_mandate(acting_user, administers=administers)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("The portal does not speak %(language)s.")
                               % {"language": language}})
    if Membership.objects.annotate(address=Lower("user__email")).filter(
            agreement=agreement, address=email.lower()).exists():
        raise ValidationError({"email": _("%(email)s is already a member of this fund.")
                               % {"email": email}})
    now = timezone.now()
    pending = Invitation.objects.filter(agreement=agreement, email__iexact=email,
                                        accepted_at=None, withdrawn_at=None,
                                        expires_at__gt=now).first()
    if pending is not None:
        raise ValidationError({"email": _("%(email)s was invited on %(day)s; the invitation "
                                          "works until %(until)s.")
                               % {"email": email, "day": pending.invited_at.date(),
                                  "until": pending.expires_at.date()}})
    secret = secrets.token_urlsafe(32)
    invitation = Invitation(agreement=agreement, email=email, role=role, language=language,
                            administers=administers, secret_sha256=_secret_hash(secret),
                            invited_by=acting_user, expires_at=now + INVITATION_LIFETIME)
    invitation._history_user = acting_user
    invitation.save()
    queue_mail_to_address(email, event="invitation", language=language, agreement=agreement,
                          topic=f"invitation:{invitation.pk}", context={
                              "invitation": invitation, "agreement": agreement,
                              "inviter": acting_user,
                              "link": portal_link(reverse("accept_invitation",
                                                          args=[secret]))})
    return invitation


def find_invitation(secret: str) -> Invitation:
    """The invitation of this link, if it can still be accepted; else a ValidationError that
    says why."""
    invitation = (Invitation.objects.select_related("agreement")
                  .filter(secret_sha256=_secret_hash(secret or "")).first()
                  if len(secret or "") <= 100 else None)
    if invitation is None:
        raise ValidationError(_("This invitation link is not known. Ask the fund's "
                                "administrator for a new one."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was already used. Sign in instead."))
    if invitation.withdrawn_at is not None:
        raise ValidationError(_("This invitation was withdrawn and is no longer valid. Ask "
                                "the fund's administrator for a new one."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation expired on %(day)s. Ask the fund's "
                                "administrator for a new one.")
                              % {"day": invitation.expires_at.date()})
    return invitation


@transaction.atomic
def accept_invitation(*, secret: str, username: str, display_name: str,
                      password: str) -> User:
    """The invited person's account, with the role on the fund, and the invitation used."""
    invitation = find_invitation(secret)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was already used. Sign in instead."))
    if invitation.withdrawn_at is not None:  # withdrawn while the form was open
        raise ValidationError(_("This invitation was withdrawn and is no longer valid. Ask "
                                "the fund's administrator for a new one."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken; choose another.")})
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this address exists already; ask the "
                                "fund's administrator to add it to the fund."))
    user = User(username=username, display_name=display_name.strip(),
                email=invitation.email, preferred_language=invitation.language)
    try:
        validate_password(password, user)
    except ValidationError as weak:
        raise ValidationError({"password": weak.messages}) from None
    user.set_password(password)
    user._history_user = None
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Someone took the name or the address in the same moment.
        raise ValidationError({"username": _("This user name is taken; choose "
                                             "another.")}) from None
    grant_membership(agreement=invitation.agreement, user=user, role=invitation.role,
                     administers=invitation.administers, acting_user=user)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation._history_user = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, acting_user: AbstractBaseUser) -> Invitation:
    """Take back an invitation not yet accepted: its link no longer works; the address may
    be invited again."""
    _require_manager(invitation.agreement, acting_user)
    Agreement.objects.select_for_update().filter(pk=invitation.agreement_id).first()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    # Naming a fund's administrators is the portal administrator's; so is taking it back.
    _check_mandate(acting_user, administers=invitation.administers)
    if invitation.accepted_at is not None:
        raise ValidationError(_("%(email)s has accepted this invitation already; remove the "
                                "member instead.") % {"email": invitation.email})
    if invitation.withdrawn_at is not None:
        raise ValidationError(_("This invitation was withdrawn already."))
    invitation.withdrawn_at = timezone.now()
    invitation._history_user = acting_user
    invitation._change_reason = "withdrawn"
    invitation.save(update_fields=["withdrawn_at"])
    return invitation


def _locked(membership: Membership) -> Membership:
    """The membership under lock, the fund's row first (so that two changes of one fund's
    people queue rather than deadlock); refused if it went meanwhile."""
    Agreement.objects.select_for_update().filter(pk=membership.agreement_id).first()
    found = (Membership.objects.select_for_update().select_related("user", "agreement")
             .filter(pk=membership.pk).first())
    if found is None:
        raise ValidationError(_("This person no longer has a role on this fund."))
    return found


# The fund's administrators are DESA's officers: a system acting as the Government is given
# that role by the portal's administrator (docs/access.md#service-accounts-and-scoped-tokens).
GOVERNMENT_SYSTEM = gettext_lazy("A system acting for the Government is given its role by the "
                                 "portal's administrator, at the Government's request.")


@transaction.atomic
def change_member_role(*, membership: Membership, role: str, administers: bool,
                       acting_user: AbstractBaseUser) -> Membership:
    """A member's new role on the fund (or their administrator's mandate)."""
    _require_manager(membership.agreement, acting_user)
    membership = _locked(membership)
    _check_mandate(acting_user, administers=administers, membership=membership)
    if (membership.user.is_service_account and role == Role.GOVERNMENT
            and not access.is_administrator(acting_user)):
        raise ValidationError({"role": str(GOVERNMENT_SYSTEM)})
    if role != Role.DESA_FINANCE:
        _keeps_a_finance_officer(membership)
    return grant_membership(agreement=membership.agreement, user=membership.user, role=role,
                            administers=administers, acting_user=acting_user)


@transaction.atomic
def remove_member(*, membership: Membership, acting_user: AbstractBaseUser) -> None:
    """Take a person off the fund: they no longer see it."""
    _require_manager(membership.agreement, acting_user)
    membership = _locked(membership)
    _check_mandate(acting_user, administers=False, membership=membership)
    _keeps_a_finance_officer(membership)
    revoke_membership(membership=membership, acting_user=acting_user)
