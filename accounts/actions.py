"""Acts on a person's account: their language, their password, signing out everywhere, and
the portal administrator's deactivation (docs/access.md#sessions). One transaction each,
with the change history or an audit row written inside it."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken

from accounts.models import User
from api.tokens import revoke_api_token
from audit.actions import record_event


def choose_language(*, user: User, language: str, acting_user: AbstractBaseUser) -> User:
    """The language the portal speaks to this person from now on, in every session (their
    change history records it)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("The portal does not speak %(language)s.")
                               % {"language": language}})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.preferred_language = language
        user._change_reason = "language chosen"
        user.save(update_fields=["preferred_language"])
    return user


def _save_password(user: User, password: str) -> None:
    # The audit row records the act; a history row would show no change (passwords are
    # excluded from it).
    user.set_password(password)
    user.skip_history_when_saving = True
    try:
        user.save(update_fields=["password"])
    finally:
        del user.skip_history_when_saving


@transaction.atomic
def change_password(*, user: User, password: str, acting_user: AbstractBaseUser) -> User:
    """A signed-in person's new password (already validated by the form). Their other
    sessions end, as the password is part of each session's hash; Django keeps this one."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    _save_password(user, password)
    record_event(action="account.password_changed", acting_user=acting_user,
                 summary=f"password of {user.get_username()} changed")
    return user


@transaction.atomic
def reset_password(*, user: User, password: str, acting_user: AbstractBaseUser) -> User:
    """A new password set from the link of a password-reset mail: the person proved they
    read their mail, and the act is theirs (`acting_user` is that person)."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    _save_password(user, password)
    record_event(action="account.password_reset", acting_user=acting_user,
                 summary=f"password of {user.get_username()} reset by mail link")
    return user


def _end_sessions(user: User) -> None:
    user.sessions_epoch += 1


@transaction.atomic
def sign_out_everywhere(*, user: User, acting_user: AbstractBaseUser) -> User:
    """End every browser session of this person, the current one included, at its next
    request. API tokens are not sessions and keep working (they are revoked one by one)."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    _end_sessions(user)
    user.skip_history_when_saving = True
    try:
        user.save(update_fields=["sessions_epoch"])
    finally:
        del user.skip_history_when_saving
    record_event(action="account.signed_out_everywhere", acting_user=acting_user,
                 summary=f"every session of {user.get_username()} ended")
    return user


@transaction.atomic
def deactivate_user(*, user: User, acting_user: AbstractBaseUser) -> User:
    """The portal administrator's act: the person can no longer sign in, their sessions end
    at their next request, and their API tokens stop working. Their memberships stay, for
    the record; a fund must keep an active DESA finance officer."""
    from agreements import access
    from agreements.actions.membership import lock_funds_of, refuse_if_last_finance_officer

    if not access.is_administrator(acting_user):
        raise PermissionDenied
    if user.pk == acting_user.pk:
        raise ValidationError(_("You cannot deactivate your own account; another "
                                "administrator can."))
    memberships = lock_funds_of(user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(_("%(person)s is already deactivated.") % {"person": user})
    for membership in memberships:
        refuse_if_last_finance_officer(membership, _(
            "%(person)s is the only active DESA finance officer of %(fund)s; give the fund "
            "another before deactivating this account."))
    user.is_active = False
    _end_sessions(user)
    user._history_user = acting_user
    user._change_reason = "deactivated"
    user.save(update_fields=["is_active", "sessions_epoch"])
    # Revoked, not merely refused while inactive: reactivating the account (Django admin)
    # must not bring its tokens back.
    for token in AuthToken.objects.filter(user=user).select_related("user"):
        revoke_api_token(token=token, acting_user=acting_user)
    return user
