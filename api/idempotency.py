"""Idempotency-Key: a POST retried with the same key and body gets the first response (its
success or its refusal) and writes nothing more; the same key with another body is refused."""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.response import Response

from agreements import access
from api.errors import api_exception_handler
from api.models import IdempotencyKey
from audit.actions import record_event
from budget.models import Fund

MAX_KEY_LENGTH = 200


def _canonical(value: object) -> str:
    # An uploaded file counts by its content, not its name: another file under the same
    # name is another request.
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return f"file:{value.name}:{digest.hexdigest()}"
    return str(value)


def body_hash(request: Request) -> str:
    return hashlib.sha256(json.dumps(request.data, sort_keys=True, default=_canonical)
                          .encode()).hexdigest()


def _replay(stored: IdempotencyKey, digest: str, path: str, request: Request) -> Response:
    # The same person may now come with a token of narrower reach: what another fund's
    # request answered is not shown to it.
    if stored.fund_id is not None and not access.in_scope(request.user,
                                                          stored.fund.agreement_id):
        return Response({"code": "not_found", "message": _("Not found.")}, status=404)
    if stored.body_sha256 != digest or stored.path != path:
        return Response({"code": "idempotency_key_reused",
                         "message": _("This Idempotency-Key was used with another request; "
                                      "use a new key for a new request.")}, status=422)
    response = Response(stored.response, status=stored.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(request: Request, fund: Fund, act: Callable[[], Response]) -> Response:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return act()
    if len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        return Response({"code": "invalid", "message": _(
            "An Idempotency-Key is at most 200 printable ASCII characters."), "fields": {}},
            status=400)
    digest, path = body_hash(request), request.path
    stored = IdempotencyKey.objects.filter(user=request.user, key=key).first()
    if stored is not None:
        return _replay(stored, digest, path, request)
    try:
        with transaction.atomic():
            # The key's row first: a concurrent request with the same key waits on it here,
            # then finds the stored response.
            record = IdempotencyKey.objects.create(
                user=request.user, key=key, fund=fund, path=path, body_sha256=digest,
                status_code=0, response={})
            # Once the request starts executing, its outcome is kept, a refusal as much as
            # a success (as Stripe does): a retry replays it and never runs the act again.
            try:
                with transaction.atomic():
                    response = act()
            except Exception as error:  # the API's own answer for it, or a 500
                response = api_exception_handler(error, {"request": request})
                if response is None:
                    raise
            if response.status_code >= 500:
                # Busy or out of reach: nothing happened, the client may try again.
                transaction.set_rollback(True)
                return response
            IdempotencyKey.objects.filter(pk=record.pk).update(
                status_code=response.status_code, response=response.data)
            return response
    except IntegrityError:
        stored = IdempotencyKey.objects.filter(user=request.user, key=key).first()
        if stored is None:
            raise
        return _replay(stored, digest, path, request)


RETENTION = timedelta(hours=24)


@transaction.atomic
def purge_idempotency_keys(*, older_than: timedelta,
                           acting_user: AbstractBaseUser | None) -> int:
    """Forget the keys (and the responses kept for them) older than `older_than`, never
    less than the 24 hours a client is promised; recorded in the audit trail."""
    older_than = max(older_than, RETENTION)
    cutoff = timezone.now() - older_than
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    record_event(action="idempotency_keys.purged", acting_user=acting_user,
                 summary=f"{deleted} Idempotency-Key(s) older than {older_than} removed",
                 details={"deleted": deleted, "cutoff": cutoff.isoformat()})
    return deleted
