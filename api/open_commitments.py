"""The fund's open commitments with their open amounts and holds: the read the expenditure
form's "Liquidates commitment" list uses (budget.commitments)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.views import ERRORS
from budget.commitments import open_commitments
from web.access import fund_for

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class OpenCommitmentSerializer(serializers.Serializer):
    sequence = serializers.IntegerField(help_text="The commitment's entry.")
    line = serializers.CharField(source="line_code")
    value_date = serializers.DateField()
    payee = serializers.CharField()
    reference = serializers.CharField()
    description = serializers.CharField()
    cost_element = serializers.CharField()
    amount = serializers.DecimalField(**AMOUNT, help_text="Committed, in USD.")
    original_amount = serializers.DecimalField(source="original.amount", max_digits=16,
                                               decimal_places=2, allow_null=True, default=None)
    original_currency = serializers.CharField(source="original.currency.code",
                                              allow_null=True, default=None)
    exchange_rate = serializers.DecimalField(max_digits=18, decimal_places=6, allow_null=True)
    liquidated = serializers.DecimalField(
        **AMOUNT, help_text="Released by the expenditures that liquidate it (net of their "
                            "reversals).")
    cancelled = serializers.DecimalField(**AMOUNT, help_text="Released by cancellations.")
    open_amount = serializers.DecimalField(
        **AMOUNT, help_text="Still held: amount - liquidated - cancelled.")
    reserve_held = serializers.DecimalField(
        **AMOUNT, help_text="The reserve for claims (Art. 2.3) it holds.")
    psc_held = serializers.DecimalField(
        **AMOUNT, help_text="The programme support (Art. 2.2) it will carry: the fund's rate "
                            "on open amount + reserve, rounded to the cent.")


class OpenCommitments(APIView):
    @extend_schema(responses={200: OpenCommitmentSerializer(many=True), **ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        fund = fund_for(request, slug)
        return Response(OpenCommitmentSerializer(open_commitments(fund), many=True).data)
