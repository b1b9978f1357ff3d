"""Two-factor sign-in with a time-based one-time password (TOTP, RFC 6238) through
django-otp: who must use it, setting it up with a QR code and backup codes, and checking a
code (docs/access.md#two-factor-sign-in).

A person must pass the second factor when the portal requires it of them (MFA_REQUIRED, on in
production: finance officers, funds' administrators and superusers, who move money or grant
access) or once they have set it up of their own accord. API tokens are not affected."""

import secrets
from base64 import b32encode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from agreements.models import Membership
from audit.actions import record_event

BACKUP_CODES = 10


def must_use_second_factor(user: User) -> bool:
    """Whether this person signs in with a second factor."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return True
    if not settings.MFA_REQUIRED:
        return False
    return user.is_superuser or Membership.objects.filter(
        Q(role=Membership.Role.DESA_FINANCE) | Q(administers=True), user=user).exists()


# In the session: whether its person must pass the second factor (decided at sign-in).
SESSION_KEY = "second_factor_required"


def note_second_factor_at_sign_in(sender, request: HttpRequest | None, user: User,
                                  **kwargs) -> None:
    """Decide at sign-in, once, so that pages do not ask the database on every request. A
    role given during the session takes effect at the next sign-in."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = must_use_second_factor(user)


def second_factor_required(request: HttpRequest) -> bool:
    if SESSION_KEY not in request.session:  # a session from before this rule existed
        request.session[SESSION_KEY] = must_use_second_factor(request.user)
    return request.session[SESSION_KEY]


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: User) -> TOTPDevice:
    """The authenticator being set up: made once, shown until confirmed with a code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator",
                                               confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app (Base32)."""
    return b32encode(device.bin_key).decode()


@transaction.atomic
def confirm_second_factor(*, request: HttpRequest, token: str,
                          acting_user: AbstractBaseUser) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the backup codes (shown
    once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=acting_user,
                                                           confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        raise ValidationError({"token": _("This code is not the one your authenticator shows "
                                          "now. Check the time on your phone and try again.")})
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=acting_user, confirmed=True).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=acting_user).delete()
    backup = StaticDevice.objects.create(user=acting_user, name="backup codes")
    codes = [secrets.token_hex(5) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    record_event(action="second_factor.enabled", acting_user=acting_user,
                 summary="two-factor sign-in set up, backup codes made")
    otp_login(request, device)
    return codes


def verify_second_factor(*, request: HttpRequest, token: str) -> None:
    """Check a code from the authenticator or a backup code (used once, with an audit row in
    the transaction that uses it up); a wrong one counts as a failed sign-in for
    django-axes, outside that transaction so that the refusal does not roll it back."""
    credentials = {"username": request.user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        raise ValidationError(_("Too many failed attempts: wait before trying again."))
    with transaction.atomic():
        device = match_token(request.user, token.strip())
        if isinstance(device, StaticDevice):  # a backup code, now used up
            record_event(action="second_factor.backup_code_used", acting_user=request.user,
                         summary=f"backup code used by {request.user.get_username()}, "
                                 f"{device.token_set.count()} left")
    if device is None:
        user_login_failed.send(sender=__name__, request=request, credentials=credentials)
        raise ValidationError({"token": _("This code is not valid. Try the code your "
                                          "authenticator shows now, or a backup code.")})
    otp_login(request, device)
