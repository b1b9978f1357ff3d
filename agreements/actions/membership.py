"""Giving a user a role on a fund, and taking it back."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Agreement, Membership


@transaction.atomic
def grant_membership(
    *, agreement: Agreement, user: AbstractBaseUser, role: str,
    acting_user: AbstractBaseUser | None,
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
