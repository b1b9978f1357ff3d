"""Money coming in through the API: contributions (Art. 1.1) and interest and other income,
listed and recorded through the same acts as the ledger's page (budget.posting); an amount in
another currency takes the UN operational rate of its month, or is refused (400 on
`currency`) when none is recorded (docs/api.md#contributions-and-income)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from moneyed import Money
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from agreements.access import Capability
from api import serializers as s
from api.fields import PlainText
from api.idempotency import idempotent
from api.views import ENTRY_FILTERS, ERRORS, IDEMPOTENCY, POSTING_RESPONSES, EntryList
from budget import posting
from budget.models import Entry
from web.access import fund_for


class ReceiptInput(serializers.Serializer):
    """As the page's form: the date received, the amount and its currency, the bank
    reference and a description."""

    amount = s.AmountField()
    currency = serializers.RegexField(r"^[A-Z]{3}$", default="USD",
                                      help_text="ISO 4217; not USD: converted at the UN "
                                                "operational rate of the month received.")
    value_date = serializers.DateField(help_text="The date received; not after today.")
    reference = PlainText(max_length=120, allow_blank=True, default="")
    description = PlainText(max_length=300, allow_blank=True, default="")

    validate_currency = s.CommitmentInput.validate_currency


class ReceiptView(EntryList):
    """GET lists the fund's entries of this kind; POST records one."""

    kind: str = ""
    record = None

    def get_queryset(self) -> QuerySet[Entry]:
        return super().get_queryset().filter(kind=self.kind)

    def post(self, request: Request, slug: str) -> Response:
        fund = fund_for(request, slug, Capability.POST_LEDGER)
        data_in = ReceiptInput(data=request.data)
        data_in.is_valid(raise_exception=True)
        data = data_in.validated_data

        def act() -> Response:
            entry = type(self).record(
                fund=fund, amount=Money(data["amount"], data["currency"]),
                value_date=data["value_date"], reference=data["reference"],
                description=data["description"], acting_user=request.user)
            return Response(s.EntrySerializer(entry).data, status=status.HTTP_201_CREATED)

        return idempotent(request, fund, act)


class Contributions(ReceiptView):
    kind = Entry.Kind.CONTRIBUTION
    record = staticmethod(posting.record_contribution)

    @extend_schema(parameters=ENTRY_FILTERS, responses={200: s.EntrySerializer(many=True),
                                                        **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ReceiptInput, parameters=[IDEMPOTENCY], responses=POSTING_RESPONSES,
                   description="Record a contribution received (Art. 1.1), as the ledger "
                               "page's *Record a contribution*.")
    def post(self, request: Request, slug: str) -> Response:
        return super().post(request, slug)


class Income(ReceiptView):
    kind = Entry.Kind.INCOME
    record = staticmethod(posting.record_income)

    @extend_schema(parameters=ENTRY_FILTERS, responses={200: s.EntrySerializer(many=True),
                                                        **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ReceiptInput, parameters=[IDEMPOTENCY], responses=POSTING_RESPONSES,
                   description="Record interest or other income credited to the fund, as "
                               "the ledger page's *Record income*.")
    def post(self, request: Request, slug: str) -> Response:
        return super().post(request, slug)
