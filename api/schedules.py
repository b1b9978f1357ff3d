"""The fund's pledges, and recording a payment schedule through the act of the pledges page
(budget.pledges.set_payment_schedule): the same refusals, as 400 (docs/pledges.md)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from moneyed import Money
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from agreements.access import Capability
from api import serializers as s
from api.idempotency import idempotent
from api.views import ERRORS, IDEMPOTENCY, Pledges
from budget.amounts import USD
from budget.pledges import InstalmentTerms, pledge_position, set_payment_schedule
from web.access import fund_for

# As the page's form: at most 24 instalments.
MAX_INSTALMENTS = 24


class InstalmentInput(serializers.Serializer):
    due_on = serializers.DateField()
    amount = s.AmountField(help_text="In US dollars.")


class ScheduleInput(serializers.Serializer):
    instalments = InstalmentInput(many=True, min_length=1, max_length=MAX_INSTALMENTS)
    reason = s.TextField(max_length=300, help_text="Usually the letter that agreed it.")


class PledgesWithSchedule(Pledges):
    @extend_schema(request=ScheduleInput, parameters=[IDEMPOTENCY], responses={
        201: s.PledgesSerializer, **ERRORS,
        422: OpenApiResponse(s.ErrorSerializer, description="Idempotency-Key reused with "
                                                            "another body")},
        description="Record a payment schedule; it replaces the one before as a whole. "
                    "Answers the pledges as they now stand.")
    def post(self, request: Request, slug: str) -> Response:
        fund = fund_for(request, slug, Capability.POST_LEDGER)
        data_in = ScheduleInput(data=request.data)
        data_in.is_valid(raise_exception=True)
        data = data_in.validated_data
        instalments = [InstalmentTerms(due_on=row["due_on"], amount=Money(row["amount"], USD))
                       for row in data["instalments"]]

        def act() -> Response:
            try:
                set_payment_schedule(fund=fund, instalments=instalments,
                                     reason=data["reason"], acting_user=request.user)
            except DjangoValidationError as refused:
                # The act's refusals concern the instalments as a whole: said on that field.
                if not hasattr(refused, "error_dict"):
                    raise DjangoValidationError({"instalments": refused.messages}) from None
                raise
            return Response(s.PledgesSerializer(pledge_position(fund)).data,
                            status=status.HTTP_201_CREATED)

        return idempotent(request, fund, act)
