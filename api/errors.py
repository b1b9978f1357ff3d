"""Errors as JSON with a stable code and a human message: 400 for invalid input (field by
field), 401 without credentials, 403 for a role that may not act, 404 for what the user may
not see, 409 for a posting the controls refuse (with the figures), 429 when throttled."""

import json

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from budget.posting import PostingRefused
from web.errors import unavailable


def api_exception_handler(exc, context) -> Response | None:
    if isinstance(exc, OperationalError):
        # A lock or statement timeout, or the database out of reach: 503, try again.
        answer = unavailable(context["request"], exc)
        response = Response(json.loads(answer.content), status=answer.status_code)
        response["Retry-After"] = answer["Retry-After"]
        return response
    if isinstance(exc, RequestDataTooBig):
        return Response({"code": "too_large", "message": str(exc)},
                        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, PostingRefused):
        return Response({"code": exc.rule, "message": exc.message % (exc.params or {}),
                         "available": str(exc.available) if exc.available is not None
                         else None,
                         "needed": str(exc.needed) if exc.needed is not None else None,
                         "largest": str(exc.largest) if exc.largest is not None else None},
                        status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            fields = {k: v for k, v in exc.message_dict.items()}
            message = " ".join(m for ms in fields.values() for m in ms)
        else:
            fields, message = {}, " ".join(exc.messages)
        return Response({"code": "invalid", "message": message, "fields": fields},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"code": "invalid", "message": _("The request is not valid."),
                         "fields": fields}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"code": code, "message": str(detail)}
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            response.data["retry_after"] = int(exc.wait)
    return response
