"""Service accounts: a system (an ERP, a donor's reporting tool) that uses the API with the
tokens its fund's administrator makes for it, never a person. It has no password and no
second factor and cannot sign in to the pages; it acts with the role it holds on the fund,
given and changed like anyone's (docs/access.md#service-accounts-and-scoped-tokens)."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from agreements import access
from agreements.access import Capability
from agreements.actions import grant_membership
from agreements.actions.membership import GOVERNMENT_SYSTEM
from agreements.models import Agreement, Membership
from audit.actions import record_event

PREFIX = "system-"


def username_for(name: str) -> str:
    """The account's user name, from the system's name: `system-sap-erp`."""
    return (PREFIX + slugify(name))[:150]


@transaction.atomic
def create_service_account(*, agreement: Agreement, name: str, role: str,
                           acting_user: AbstractBaseUser) -> User:
    """A service account for the system `name`, holding `role` on the fund; made by the
    fund's administrator (or the portal's)."""
    if not access.can(acting_user, agreement, Capability.MANAGE_MEMBERS):
        raise PermissionDenied
    name = name.strip()
    errors = {}
    if not slugify(name):
        errors["name"] = _("Name the system, in letters or digits.")
    if role not in Membership.Role.values:
        errors["role"] = _("Unknown role: %(role)s.") % {"role": role}
    elif role == Membership.Role.GOVERNMENT and not access.is_administrator(acting_user):
        # The fund's administrators are DESA's officers: a system acting as the Government
        # is made by the portal's administrator, at the Government's request.
        errors["role"] = str(GOVERNMENT_SYSTEM)
    if errors:
        raise ValidationError(errors)
    username = username_for(name)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"name": _("There is already an account named %(name)s.")
                               % {"name": username}})
    account = User(username=username, display_name=name[:150], is_service_account=True)
    account.set_unusable_password()
    account._history_user = acting_user
    account.save()
    grant_membership(agreement=agreement, user=account, role=role, acting_user=acting_user)
    record_event(action="service_account.created", acting_user=acting_user,
                 agreement=agreement,
                 summary=f"Service account {username} for {name}, "
                         f"{Membership.Role(role).label}",
                 details={"username": username, "name": name, "role": role})
    return account
