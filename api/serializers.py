"""The API's shapes. No rule of its own: validation of money and the ledger's controls happen
in budget.posting, which the views call."""

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Agreement, Notice, Signatory
from budget.ledger_listing import (
    LEDGER_DATES,
    MAX_SEQUENCE,
    SEARCH_MAX,
    SEARCH_MIN,
    check_search,
)
from budget.models import BudgetVersion, Entry, ExchangeRate, Fund
from forum.models import Participant
from reports.models import IssuedReport

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01"),
         "max_value": Decimal("9999999999.99")}
# Amounts travel as decimal strings (never JSON floats): 0.01 to 9,999,999,999.99.
AMOUNT_PATTERN = r"^(0\.0[1-9]|0\.[1-9][0-9]?|[1-9][0-9]{0,9}(\.[0-9]{1,2})?)$"


@extend_schema_field({"type": "string", "pattern": AMOUNT_PATTERN, "example": "12000.00"})
class AmountField(serializers.DecimalField):
    """An amount as the decimal string the schema documents: a JSON number (which a client
    may have rounded in binary floating point) or an exponent is refused."""

    default_error_messages = {
        "not_a_string": "Send amounts as decimal strings, e.g. \"12000.00\", not JSON numbers.",
        "pattern": "An amount is a decimal string from 0.01 to 9999999999.99 with at most two "
                   "decimals, e.g. \"12000.00\".",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**MONEY, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        if not re.fullmatch(AMOUNT_PATTERN, data.strip()):
            self.fail("pattern")
        return super().to_internal_value(data.strip())


class TextField(serializers.CharField):
    """Required text: at least one character (documented as minLength 1)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(min_length=1, **kwargs)


class FundSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="agreement.slug")
    role = serializers.SerializerMethodField()

    class Meta:
        model = Fund
        fields = ["slug", "project_number", "title", "executing_agency", "currency", "amount",
                  "psc_rate", "reserve_rate", "start_date", "duration_months", "role"]

    def get_role(self, fund: Fund) -> str | None:
        return self.context.get("roles", {}).get(fund.agreement_id)


class SignatorySerializer(serializers.ModelSerializer):
    party = serializers.CharField(source="party.name")
    kind = serializers.CharField(source="party.kind")

    class Meta:
        model = Signatory
        fields = ["party", "kind", "acting_through", "representative_name",
                  "representative_title", "notice_address", "telephone", "fax", "email"]


class NoticeSerializer(serializers.ModelSerializer):
    sender = serializers.CharField(source="sender.name")
    recipient = serializers.CharField(source="recipient.name")
    in_effect = serializers.BooleanField(
        help_text="False for a notice withdrawn or corrected: it has no effect.")

    class Meta:
        model = Notice
        fields = ["id", "kind", "sender", "recipient", "sent_on", "received_on", "delivery",
                  "reference", "subject", "government_agreement", "withdrawn_on",
                  "withdrawal_reason", "corrected_on", "corrects", "in_effect"]


class LifecycleSerializer(serializers.Serializer):
    status = serializers.CharField()
    provisional_from = serializers.DateField()
    in_force_from = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    terminates_on = serializers.DateField(allow_null=True)


class AgreementSerializer(serializers.ModelSerializer):
    signatories = SignatorySerializer(many=True)
    notices = NoticeSerializer(many=True)
    lifecycle = LifecycleSerializer()

    class Meta:
        model = Agreement
        fields = ["slug", "reference", "title", "signed_on", "signed_at", "signatories",
                  "notices", "lifecycle"]


class BudgetLineSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2)
    available = serializers.DecimalField(max_digits=14, decimal_places=2)
    programme_support = serializers.BooleanField()


class InstalmentPositionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    due_on = serializers.DateField(allow_null=True, help_text="null: the agreement's sum, with "
                                   "no schedule of instalments")
    pledged = serializers.DecimalField(max_digits=14, decimal_places=2)
    received = serializers.DecimalField(max_digits=14, decimal_places=2)
    outstanding = serializers.DecimalField(max_digits=14, decimal_places=2)
    overdue = serializers.BooleanField()


class PledgesSerializer(serializers.Serializer):
    """Pledged, received and outstanding (docs/pledges.md), in USD."""

    as_of = serializers.DateField()
    pledged = serializers.DecimalField(max_digits=14, decimal_places=2)
    received = serializers.DecimalField(max_digits=14, decimal_places=2)
    outstanding = serializers.DecimalField(max_digits=14, decimal_places=2)
    received_beyond_pledges = serializers.DecimalField(max_digits=14, decimal_places=2,
                                                       source="received_beyond")
    overdue = serializers.DecimalField(max_digits=14, decimal_places=2)
    schedule_version = serializers.IntegerField(source="schedule.number", allow_null=True,
                                                default=None)
    instalments = InstalmentPositionSerializer(many=True)


class BudgetVersionSerializer(serializers.ModelSerializer):
    lines = serializers.SerializerMethodField()

    class Meta:
        model = BudgetVersion
        fields = ["number", "effective_on", "reason", "lines"]

    def get_lines(self, version: BudgetVersion) -> list[dict]:
        return [{"code": line.code, "title": line.title, "amount": str(line.amount)}
                for line in version.lines.all()]


class EntrySerializer(serializers.ModelSerializer):
    commitment = serializers.IntegerField(source="commitment.sequence", allow_null=True,
                                          default=None)
    reverses = serializers.IntegerField(source="reverses.sequence", allow_null=True,
                                        default=None)
    caused_by = serializers.IntegerField(source="caused_by.sequence", allow_null=True,
                                         default=None)
    original_amount = serializers.DecimalField(source="original.amount", max_digits=16,
                                               decimal_places=2, allow_null=True,
                                               default=None)
    original_currency = serializers.CharField(source="original.currency.code",
                                              allow_null=True, default=None)
    recorded_by = serializers.CharField(source="recorded_by.username", allow_null=True,
                                        default=None)

    class Meta:
        model = Entry
        fields = ["sequence", "kind", "line_code", "value_date", "amount", "cost_element",
                  "commitment", "reverses", "caused_by", "payee", "reference", "description",
                  "original_amount", "original_currency", "exchange_rate",
                  "orderly_conclusion", "recorded_at", "recorded_by"]


class ExchangeRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "valid_from", "units_per_usd"]


class IssuedReportSerializer(serializers.ModelSerializer):
    downloads = serializers.SerializerMethodField()

    class Meta:
        model = IssuedReport
        fields = ["id", "kind", "year", "version", "sha256", "issued_at", "reason", "downloads",
                  "languages"]

    def get_downloads(self, report: IssuedReport) -> dict[str, str]:
        return self._links(report, "en")

    def _links(self, report: IssuedReport, language: str) -> dict[str, str]:
        from django.urls import reverse

        request = self.context["request"]
        # The API's own download (a token reaches it; the page's needs a signed-in session).
        return {fmt: request.build_absolute_uri(reverse(
            "api:report_file", args=[report.fund.agreement.slug, report.pk, fmt]))
            + f"?language={language}" for fmt in ("pdf", "xlsx", "csv")}

    languages = serializers.SerializerMethodField(
        help_text="Each language the version was issued in: its PDF's SHA-256 and downloads.")

    def get_languages(self, report: IssuedReport) -> dict[str, dict]:
        files = {"en": report.sha256} | {other.language: other.sha256
                                         for other in report.translations.all()}
        return {language: {"sha256": sha256, **self._links(report, language)}
                for language, sha256 in files.items()}


class ParticipantSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")

    class Meta:
        model = Participant
        fields = ["id", "name", "country", "organisation", "function", "category",
                  "attended", "needs_visa", "visa_applied_on", "visa_issued_on"]


class ParticipantPersonalSerializer(ParticipantSerializer):
    class Meta(ParticipantSerializer.Meta):
        fields = [*ParticipantSerializer.Meta.fields, "passport_number", "date_of_birth"]


# What clients post.

class CommitmentInput(serializers.Serializer):
    line = serializers.RegexField(r"^\d{4}$")
    amount = AmountField()
    currency = serializers.RegexField(r"^[A-Z]{3}$", default="USD")
    value_date = serializers.DateField()
    cost_element = serializers.ChoiceField(choices=Entry.CostElement.choices, required=False)
    payee = serializers.CharField(max_length=200, allow_blank=True, default="")
    reference = serializers.CharField(max_length=120, allow_blank=True, default="")
    description = serializers.CharField(max_length=300, allow_blank=True, default="")


    def validate_currency(self, value: str) -> str:
        from django.core.exceptions import ValidationError as DjangoValidationError

        from budget.rates import currency_code

        try:
            return currency_code(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["currency"]) from None


class ExpenditureInput(CommitmentInput):
    commitment = serializers.IntegerField(min_value=1, required=False,
                                          help_text="Sequence number of the commitment "
                                                    "this payment liquidates.")
    orderly_conclusion = serializers.CharField(max_length=300, allow_blank=True, default="")


class CancellationInput(serializers.Serializer):
    commitment = serializers.IntegerField(min_value=1)
    value_date = serializers.DateField()
    amount = AmountField(required=False)
    reason = TextField(max_length=300)


class ReversalInput(serializers.Serializer):
    entry = serializers.IntegerField(min_value=1)
    value_date = serializers.DateField()
    reason = TextField(max_length=300)


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(required=False)


class RefusalSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    available = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    needed = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    largest = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True,
                                       help_text="The largest amount that would fit now.")


class QueryFilter(serializers.Serializer):
    """Query parameters: an empty value is refused, not read as "no filter"."""

    def validate(self, attrs: dict) -> dict:
        empty = [name for name in self.fields if self.initial_data.get(name, None) == ""]
        if empty:
            raise serializers.ValidationError({name: ["Give a value or leave it out."]
                                               for name in empty})
        return attrs


class EntryFilter(QueryFilter):
    after = serializers.IntegerField(min_value=0, max_value=MAX_SEQUENCE, required=False)
    value_date_from = serializers.DateField(required=False, validators=LEDGER_DATES)
    value_date_to = serializers.DateField(required=False, validators=LEDGER_DATES)
    line = serializers.RegexField(r"^\d{4}$", required=False)
    kind = serializers.ChoiceField(choices=Entry.Kind.choices, required=False)
    search = serializers.CharField(required=False, min_length=SEARCH_MIN,
                                   max_length=SEARCH_MAX, validators=[check_search],
                                   help_text="Text in the payee, reference or description "
                                             "(any case).")

    def validate(self, data: dict) -> dict:
        data = super().validate(data)
        start, end = data.get("value_date_from"), data.get("value_date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"value_date_to": _(
                "value_date_to (%(end)s) is before value_date_from (%(start)s): no entry can "
                "be dated between them.") % {"start": start.isoformat(), "end": end.isoformat()}})
        return data


class VersionFilter(QueryFilter):
    on = serializers.DateField(required=False)
