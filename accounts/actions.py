"""Acts on a person's own account."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User


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
