from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken
from knox.settings import CONSTANTS

from budget.models import Fund


class IdempotencyKey(models.Model):
    """A POST made with an Idempotency-Key header, and the response it got: the same key with
    the same body gets that response again and writes nothing more. Kept at least 24 hours
    (`manage.py purge_idempotency_keys` removes older ones)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField(max_length=200)
    # None: a POST that names no fund (a token for all of its owner's funds).
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="+", null=True)
    path = models.CharField(max_length=300)
    body_sha256 = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"],
                                               name="one_response_per_key")]

    def __str__(self) -> str:
        return f"{self.user} {self.key}"


class TokenUse(models.Model):
    """When a personal API token was last used, to the minute: knox's tokens have no such
    field. Written by api.authentication at most once a minute per token; no row: never
    used."""

    token_key = models.CharField(primary_key=True, max_length=CONSTANTS.TOKEN_KEY_LENGTH)
    last_used_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.token_key} {self.last_used_at:%Y-%m-%d %H:%M}"


class TokenScope(models.Model):
    """What a token may reach: one fund, or (fund None) every fund of its owner; and read
    only, or read and post. Checked by the one permission layer (agreements.access) on every
    request the token authenticates (docs/access.md#service-accounts-and-scoped-tokens). A
    token without a row, made before scopes, reaches all of its owner's funds, read and post.
    Tied to the token itself, so that it goes with it (revoked, expired, deactivated)."""

    class Access(models.TextChoices):
        READ_ONLY = "read_only", _("read only")
        READ_AND_POST = "read_and_post", _("read and post")

    token = models.OneToOneField(AuthToken, primary_key=True, on_delete=models.CASCADE,
                                 related_name="scope")
    fund = models.ForeignKey(Fund, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    access = models.CharField(max_length=20, choices=Access.choices)

    class Meta:
        constraints = [models.CheckConstraint(
            condition=models.Q(access__in=["read_only", "read_and_post"]),
            name="token_access_known")]

    def __str__(self) -> str:
        return f"{self.token_id} {self.fund or 'all funds'} {self.access}"
