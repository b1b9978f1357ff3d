"""Budget revisions through the API (docs/revisions.md): list and read them, propose one with
its line changes, approve or reject it, each through budget.revisions' actions with the same
capabilities as the pages (propose_revision, approve_revision) and four eyes: the officer who
proposed a revision neither approves nor rejects it (403 four_eyes). Revisions are numbered
1, 2, ... per fund in the order they were proposed. Refusals: api.refusals."""

import re
from decimal import Decimal

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.access import Capability
from agreements.models import Notice
from api.fields import PlainText, WholeNumber
from api.idempotency import idempotent
from api.parsers import JSONParser
from api.refusals import ACT_ERRORS, act_or_refuse
from api.views import ERRORS, IDEMPOTENCY
from budget.layout import current_version
from budget.models import Fund, Revision
from budget.revisions import approve_revision, propose_revision, reject_revision
from web.access import fund_access

# A line's new budget: zero or more, in cents, as a decimal string (never a JSON float).
LINE_AMOUNT_PATTERN = r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$"


class ChangeSerializer(serializers.Serializer):
    line = serializers.CharField(source="line_code")
    old_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    new_amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class RevisionSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(help_text="1, 2, ... per fund, in the order proposed.")
    letter = serializers.PrimaryKeyRelatedField(read_only=True, help_text=(
        "The notice (letter) that authorises it."))
    amendment = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    proposed_by = serializers.CharField(source="proposed_by.username")
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True,
                                       default=None)
    version = serializers.IntegerField(source="version.number", allow_null=True, default=None,
                                       help_text="The budget version its approval made.")
    changes = ChangeSerializer(many=True)

    class Meta:
        model = Revision
        fields = ["number", "status", "reason", "letter", "amendment", "effective_on",
                  "proposed_by", "proposed_at", "decided_by", "decided_at", "decision_note",
                  "version", "changes"]


@extend_schema_field({"type": "string", "pattern": LINE_AMOUNT_PATTERN, "example": "19000.00"})
class LineAmountField(serializers.DecimalField):
    default_error_messages = {"format": "A line's budget is a decimal string, zero or more, "
                                        "with at most two decimals, e.g. \"19000.00\"."}

    def __init__(self, **kwargs) -> None:
        super().__init__(max_digits=14, decimal_places=2, min_value=Decimal("0"), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(LINE_AMOUNT_PATTERN, data.strip()):
            self.fail("format")
        return super().to_internal_value(data.strip())


class RevisionInput(serializers.Serializer):
    reason = PlainText(max_length=2000)
    letter = WholeNumber(min_value=1, help_text=(
        "The id of the letter that authorises it: a letter or amendment of this agreement, "
        "received and in effect (GET notices/)."))
    amendment = WholeNumber(min_value=1, required=False, allow_null=True,
                                         default=None, help_text=(
                                             "Needed only when the programme total changes."))
    effective_on = serializers.DateField(required=False, allow_null=True, default=None,
                                         help_text="Left out: the date the letter was "
                                                   "received.")
    lines = serializers.DictField(child=LineAmountField(), allow_empty=False, help_text=(
        "New budgets of programme lines, by line code: {\"5201\": \"19000.00\", \"5301\": "
        "\"5478.00\"}."))

    def _document(self, pk: int | None) -> Notice | None:
        if pk is None:
            return None
        found = self.context["fund"].agreement.notices.authority_documents().filter(
            pk=pk).first()
        if found is None:
            raise serializers.ValidationError(_(
                "Cite a letter or an amendment of this agreement that was received and has "
                "not been withdrawn or corrected."))
        return found

    def validate_letter(self, pk: int) -> Notice:
        return self._document(pk)

    def validate_amendment(self, pk: int | None) -> Notice | None:
        return self._document(pk)

    def validate_lines(self, lines: dict) -> dict[str, Decimal]:
        # The lines the page's form offers: the current version's programme lines.
        programme = set(current_version(self.context["fund"]).lines.filter(
            is_programme_support=False).values_list("code", flat=True))
        unknown = sorted(code for code in lines if code not in programme)
        if unknown:
            raise serializers.ValidationError(_(
                "Not a programme line of the current budget: %(codes)s.")
                % {"codes": ", ".join(code[:10] for code in unknown[:10])})
        return lines


class DecisionInput(serializers.Serializer):
    note = PlainText(max_length=500, help_text="Why it is rejected.")


def revisions_of(fund: Fund) -> QuerySet[Revision]:
    return fund.revisions.select_related("proposed_by", "decided_by", "version").annotate(
        number=Window(RowNumber(), order_by=F("pk").asc())).prefetch_related(
        "changes").order_by("pk")


MAX_NUMBER = 2**31 - 1


def _revision(fund: Fund, number: int) -> Revision:
    found = (revisions_of(fund).filter(number=number).first()
             if 1 <= number <= MAX_NUMBER else None)
    if found is None:
        raise Http404
    return found


def _the_revision(fund: Fund, answer: int = status.HTTP_200_OK):
    def respond(revision: Revision) -> Response:
        number = fund.revisions.filter(pk__lte=revision.pk).count()
        return Response(RevisionSerializer(_revision(fund, number)).data, status=answer)
    return respond


class RevisionList(APIView):
    parser_classes = [JSONParser]

    @extend_schema(responses={200: RevisionSerializer(many=True), **ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        fund = fund_access(request, slug).fund
        return Response(RevisionSerializer(revisions_of(fund), many=True).data)

    @extend_schema(request=RevisionInput, parameters=[IDEMPOTENCY],
                   responses={201: RevisionSerializer, **ACT_ERRORS})
    def post(self, request: Request, slug: str) -> Response:
        """Propose new budgets for programme lines; another officer approves it."""
        fund = fund_access(request, slug, Capability.PROPOSE_REVISION).fund
        data_in = RevisionInput(data=request.data, context={"fund": fund})
        data_in.is_valid(raise_exception=True)
        data = data_in.validated_data

        def act() -> Response:
            return act_or_refuse(lambda: propose_revision(
                fund=fund, new_amounts=data["lines"], reason=data["reason"],
                letter=data["letter"], amendment=data["amendment"],
                effective_on=data["effective_on"], acting_user=request.user),
                _the_revision(fund, status.HTTP_201_CREATED))

        return idempotent(request, fund, act)


class RevisionDetail(APIView):
    @extend_schema(responses={200: RevisionSerializer, **ERRORS})
    def get(self, request: Request, slug: str, number: int) -> Response:
        return Response(RevisionSerializer(_revision(fund_access(request, slug).fund,
                                                     number)).data)


class RevisionApprove(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=None, parameters=[IDEMPOTENCY],
                   responses={200: RevisionSerializer, **ACT_ERRORS})
    def post(self, request: Request, slug: str, number: int) -> Response:
        """Approve: a new budget version, in force from the revision's effective date."""
        fund = fund_access(request, slug, Capability.APPROVE_REVISION).fund
        revision = _revision(fund, number)

        def act() -> Response:
            return act_or_refuse(lambda: approve_revision(revision=revision,
                                                          acting_user=request.user),
                                 lambda version: _the_revision(fund)(revision))

        return idempotent(request, fund, act)


class RevisionReject(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=DecisionInput, parameters=[IDEMPOTENCY],
                   responses={200: RevisionSerializer, **ACT_ERRORS})
    def post(self, request: Request, slug: str, number: int) -> Response:
        fund = fund_access(request, slug, Capability.APPROVE_REVISION).fund
        revision = _revision(fund, number)
        data_in = DecisionInput(data=request.data)
        data_in.is_valid(raise_exception=True)

        def act() -> Response:
            return act_or_refuse(lambda: reject_revision(
                revision=revision, acting_user=request.user, note=data_in.validated_data[
                    "note"]), _the_revision(fund))

        return idempotent(request, fund, act)
