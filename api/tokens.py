"""Personal API tokens (django-rest-knox: stored hashed, with an expiry), made and revoked
through these acts, each with its audit row."""

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken

from api.models import TokenUse
from audit.actions import record_event

MAX_DAYS = 365


@transaction.atomic
def create_api_token(*, owner: AbstractBaseUser, days: int,
                     acting_user: AbstractBaseUser | None) -> tuple[AuthToken, str]:
    """A token for `owner`, valid `days` days; returns it with its secret, which is shown
    once and stored only hashed."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A token is valid for 1 to %(max)s days.")
                               % {"max": MAX_DAYS}})
    token, secret = AuthToken.objects.create(user=owner, expiry=timedelta(days=days))
    record_event(action="api_token.created", acting_user=acting_user,
                 # The key (the start of the secret) stays in the details, off the trail.
                 summary=f"API token for {owner.get_username()}, {days} days",
                 details={"token_key": token.token_key, "owner": owner.get_username(),
                          "expiry": token.expiry.isoformat()})
    return token, secret


@transaction.atomic
def revoke_api_token(*, token: AuthToken, acting_user: AbstractBaseUser | None) -> None:
    record_event(action="api_token.revoked", acting_user=acting_user,
                 summary=f"API token of {token.user.get_username()}",
                 details={"token_key": token.token_key, "owner": token.user.get_username()})
    TokenUse.objects.filter(token_key=token.token_key).delete()
    token.delete()
