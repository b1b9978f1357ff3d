"""The people who use the portal: the project's own user model (Django's recommendation for a
new project), so that mail, languages, time zones and notification preferences have a home
before the first production database exists (docs/decisions/0001-custom-user-model.md)."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, AnonymousUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def validate_time_zone(name: str) -> None:
    if not name:
        return
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("%(zone)s is not a time zone of the IANA database "
                                "(for example Asia/Almaty).") % {"zone": name}) from None


class User(AbstractUser):
    """A person signing in: DESA's finance and programme officers, the Government's officers,
    auditors and administrators. Their role on each fund lives in `agreements.Membership`."""

    email = models.EmailField(_("email address"), blank=True,
                              help_text=_("Where the portal sends this person's mail."))
    display_name = models.CharField(_("display name"), max_length=150, blank=True,
                                    help_text=_("How the portal names this person to others."))
    # Printed under the name in the certification of the reports this person issues
    # (docs/reports.md#certification): "Chief, Finance Section, DESA".
    job_title = models.CharField(_("job title"), max_length=150, blank=True,
                                 help_text=_("As the certification of an issued report "
                                             "prints it under the name."))
    # Empty until the person chooses: until then pages follow the browser's language.
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True,
                                          choices=settings.LANGUAGES)
    # Empty: the portal's TIME_ZONE.
    time_zone = models.CharField(_("time zone"), max_length=60, blank=True,
                                 validators=[validate_time_zone],
                                 help_text=_("For example Asia/Almaty or America/New_York."))
    # Per kind of event: "immediate", "digest" or "off"; what is absent takes the default.
    notification_preferences = models.JSONField(_("notification preferences"), default=dict,
                                                blank=True)

    # A system that calls the API with tokens its fund's administrator makes for it, not a
    # person: it never signs in to the pages, has no password and no second factor
    # (docs/access.md#service-accounts-and-scoped-tokens).
    is_service_account = models.BooleanField(
        _("service account"), default=False, editable=False,
        help_text=_("A system using the API, not a person: it cannot sign in to the pages."))

    # Raised to end every session of this person at its next request (sign out everywhere,
    # deactivation): it is part of the hash each session keeps (get_session_auth_hash).
    sessions_epoch = models.PositiveIntegerField(_("sessions ended"), default=0,
                                                 editable=False)

    objects = UserManager()

    # Passwords, sign-in times and session epochs are not history worth keeping (the epoch's
    # raises have their audit rows).
    history = HistoricalRecords(excluded_fields=["password", "last_login", "sessions_epoch"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # One person per address, whatever its case; many may have none yet.
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""),
                                    name="one_user_per_email"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_username()

    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name() or self.get_username()

    # A service account has no password whatever is stored: the pages' sign-in (and the
    # Django admin's) checks it here, so that no password set by mistake opens them.
    def check_password(self, raw_password: str) -> bool:
        if self.is_service_account:
            return False
        return super().check_password(raw_password)

    def has_usable_password(self) -> bool:
        return not self.is_service_account and super().has_usable_password()

    # Django keeps this hash in each session and signs the session out when it no longer
    # matches (as after a new password). With the epoch in it, raising the epoch ends every
    # session at once; at 0 it is Django's own hash, so sessions from before stay valid.
    def get_session_auth_hash(self) -> str:
        return self._session_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=fallback_secret)

    def _session_hash(self, *, secret: str | None) -> str:
        value = f"{self.password}:{self.sessions_epoch}" if self.sessions_epoch else self.password
        return salted_hmac("django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
                           value, secret=secret, algorithm="sha256").hexdigest()


def attributable(user: AbstractBaseUser | AnonymousUser | None) -> "User | None":
    """The person an act is recorded against: a signed-in user, or None for the system."""
    return user if user is not None and user.is_authenticated else None


def record_sign_in(sender, user: "User", **kwargs) -> None:
    """Django's `update_last_login`, without a change-history row for every sign-in."""
    user.last_login = timezone.now()
    user.skip_history_when_saving = True
    try:
        user.save(update_fields=["last_login"])
    finally:
        del user.skip_history_when_saving
