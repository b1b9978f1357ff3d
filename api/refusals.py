"""An act's refusal as the API answers it. The actions (agreements.actions, budget.revisions)
raise ValidationError with the rule; the pages put it on the form, the API answers with:

- 400 and the fields, when the refusal names the fields it is about (as the API answers
  invalid input);
- 403, when this person may not do it although their role may: the side that did not send a
  notice records or withdraws it, or the officer who proposed a revision or a correction
  decides it (four eyes);
- 409, for any other rule of the agreement or state of the register that refuses it (a
  notice already received, a revision already decided, a line below its floor), with the
  message and its figures; an irreversible act asked for without `"confirmed": true`
  answers 409 `confirmation_required` with the consequence to confirm
  (docs/api.md#notices)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.response import Response

from api.serializers import ErrorSerializer
from api.views import ERRORS

# Refusals of the person, not of the act: 403.
PERSONAL = frozenset({"recording_side", "four_eyes"})

ACT_ERRORS = {**ERRORS,
              403: OpenApiResponse(ErrorSerializer, description="The role may not do this, "
                                   "or not this person: the other side's notice, or four "
                                   "eyes (code recording_side or four_eyes)"),
              409: OpenApiResponse(ErrorSerializer, description="Refused by the agreement's "
                                   "rules or the register's state, with the reason; "
                                   "confirmation_required: repeat with \"confirmed\": true"),
              422: OpenApiResponse(ErrorSerializer, description="Idempotency-Key reused with "
                                   "another body")}


def _code(error: ValidationError) -> str:
    codes = [getattr(item, "code", None) for item in error.error_list]
    return next((code for code in codes if code), "refused")


def refusal_response(error: ValidationError) -> Response:
    if hasattr(error, "error_dict"):
        fields = dict(error.message_dict)
        return Response({"code": "invalid", "message": " ".join(
            message for messages in fields.values() for message in messages),
            "fields": fields}, status=status.HTTP_400_BAD_REQUEST)
    code = _code(error)
    answer = status.HTTP_403_FORBIDDEN if code in PERSONAL else status.HTTP_409_CONFLICT
    return Response({"code": code, "message": " ".join(error.messages)}, status=answer)


def act_or_refuse(act: Callable[[], Any], answer: Callable[[Any], Response]) -> Response:
    """Do the act and answer with what it made, or with its refusal."""
    try:
        made = act()
    except ValidationError as error:
        return refusal_response(error)
    return answer(made)
