"""The REST API under /api/v1/: reads through the apps' read functions, writes through the
posting service, access through agreements.access. No rule of its own."""


from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from moneyed import Money
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements import access
from agreements.access import Capability
from agreements.actions import lifecycle_of
from agreements.dates import portal_today
from agreements.models import Membership
from api import serializers as s
from api.idempotency import idempotent
from api.pagination import SequencePagination
from budget import posting
from budget.amounts import USD, usd
from budget.layout import current_version, version_in_force
from budget.ledger_export import csv_chunks, too_many_for_xlsx, xlsx_file
from budget.ledger_listing import SEARCH_MAX, SEARCH_MIN
from budget.models import Entry, ExchangeRate, Fund, FundBalance, LineBalance
from budget.pledges import pledge_position
from forum.models import Participant
from reports.models import IssuedReport, IssuedTranslation
from web.access import fund_access, fund_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS = {400: OpenApiResponse(s.ErrorSerializer, description="Invalid input, field by field"),
          401: OpenApiResponse(s.ErrorSerializer, description="No or bad credentials"),
          403: OpenApiResponse(s.ErrorSerializer, description="The role may not do this"),
          404: OpenApiResponse(s.ErrorSerializer, description="No such fund, or not yours"),
          429: OpenApiResponse(s.ErrorSerializer, description="Too many requests")}
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="Makes the POST safe to retry: the same key with the same body returns the "
                "first response and writes nothing more; with another body it is refused "
                "(422). Keys are kept at least 24 hours.")


class FundList(generics.ListAPIView):
    serializer_class = s.FundSerializer

    @extend_schema(responses={200: s.FundSerializer(many=True), **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Fund]:
        return Fund.objects.filter(agreement__in=access.visible_agreements(
            self.request.user)).select_related("agreement").order_by("project_number")

    def get_serializer_context(self) -> dict:
        roles = dict(Membership.objects.filter(user=self.request.user).values_list(
            "agreement_id", "role"))
        return {**super().get_serializer_context(), "roles": roles}


class FundDetail(APIView):
    @extend_schema(responses={200: s.FundSerializer, **ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        page = fund_access(request, slug)
        return Response(s.FundSerializer(page.fund, context={
            "roles": {page.agreement.pk: page.role}}).data)


class AgreementDetail(APIView):
    @extend_schema(responses={200: s.AgreementSerializer, **ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        agreement = fund_for(request, slug).agreement
        lifecycle = lifecycle_of(agreement)
        agreement.lifecycle = {
            "status": lifecycle.status(portal_today()).value,
            "provisional_from": lifecycle.provisional_from,
            "in_force_from": lifecycle.in_force_from, "expires_on": lifecycle.expires_on,
            "terminates_on": lifecycle.terminates_on}
        return Response(s.AgreementSerializer(agreement).data)


class BudgetLines(APIView):
    @extend_schema(responses={200: s.BudgetLineSerializer(many=True), **ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        fund = fund_for(request, slug)
        balances = {b.code: b for b in LineBalance.objects.filter(fund=fund)}
        psc_held = FundBalance.objects.get(fund=fund).psc_held
        lines = []
        for line in current_version(fund).lines.all():
            balance = balances[line.code]
            committed = psc_held if line.is_programme_support else balance.held
            lines.append({"code": line.code, "title": line.title, "budget": line.amount,
                          "committed": committed, "spent": balance.spent,
                          "available": line.amount - committed - balance.spent,
                          "programme_support": line.is_programme_support})
        return Response(s.BudgetLineSerializer(lines, many=True).data)


class Pledges(APIView):
    @extend_schema(responses={200: s.PledgesSerializer, **ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        return Response(s.PledgesSerializer(pledge_position(fund_for(request, slug))).data)


class BudgetVersions(generics.ListAPIView):
    serializer_class = s.BudgetVersionSerializer
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter(
        "on", OpenApiTypes.DATE, description="Only the version in force on this date. A "
        "posting dated that day must fit its line in this version and in the current one.")],
        responses={200: s.BudgetVersionSerializer(many=True), **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        fund = fund_for(self.request, self.kwargs["slug"])
        params = s.VersionFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        versions = fund.budget_versions.prefetch_related("lines").order_by("number")
        on = params.validated_data.get("on")
        if on is not None:
            version = version_in_force(fund, on)
            versions = versions.filter(pk=version.pk)
        return versions


ENTRY_FILTERS = [
    OpenApiParameter("after", {"type": "integer", "minimum": 0},
                     description="Only entries with a sequence number above this one "
                                 "(posted since the last sync)."),
    OpenApiParameter("value_date_from", OpenApiTypes.DATE),
    OpenApiParameter("value_date_to", OpenApiTypes.DATE),
    OpenApiParameter("line", str, description="Budget line, e.g. 3201",
                     pattern=r"^\d{4}$"),
    OpenApiParameter("kind", str, enum=Entry.Kind.values),
    OpenApiParameter("search", {"type": "string", "minLength": SEARCH_MIN,
                                "maxLength": SEARCH_MAX},
                     description="Text in the payee, reference or description, any case."),
]


def filtered_entries(request: Request, fund: Fund) -> QuerySet[Entry]:
    params = s.EntryFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    return Entry.objects.filter(fund=fund).select_related(
        "commitment", "reverses", "caused_by", "recorded_by").matching(
        after=data.get("after"), date_from=data.get("value_date_from"),
        date_to=data.get("value_date_to"), line=data.get("line", ""),
        kind=data.get("kind", ""), search=data.get("search", ""))


class EntryList(generics.ListAPIView):
    """The fund's ledger in sequence order, page by page (cursor pagination)."""

    serializer_class = s.EntrySerializer
    pagination_class = SequencePagination

    @extend_schema(parameters=ENTRY_FILTERS, responses={200: s.EntrySerializer(many=True),
                                                        **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return filtered_entries(self.request, fund_for(self.request, self.kwargs["slug"]))


class EntryCsv(APIView):
    """The same entries as CSV in sequence order, streamed, for large ranges; the last line
    is `#end,N` with the number of entries, so a file cut short can be told."""

    @extend_schema(parameters=ENTRY_FILTERS, responses={
        (200, "text/csv"): OpenApiTypes.STR, **ERRORS})
    def get(self, request: Request, slug: str) -> StreamingHttpResponse:
        entries = filtered_entries(request, fund_for(request, slug))
        response = StreamingHttpResponse(csv_chunks(entries),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slug}-entries.csv"'
        return response


class EntryXlsx(APIView):
    """The same entries as one XLSX sheet (at most 1,048,575: a sheet's limit)."""

    @extend_schema(parameters=ENTRY_FILTERS, responses={
        (200, XLSX): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request: Request, slug: str) -> FileResponse | Response:
        entries = filtered_entries(request, fund_for(request, slug))
        if too_many_for_xlsx(entries):
            return Response({"code": "too_many_rows", "message": _(
                "More entries than a spreadsheet holds: narrow the range or use the CSV.")},
                status=status.HTTP_400_BAD_REQUEST)
        return FileResponse(xlsx_file(entries, title=slug), as_attachment=True,
                            filename=f"{slug}-entries.xlsx", content_type=XLSX)


class RateList(generics.ListAPIView):
    serializer_class = s.ExchangeRateSerializer
    queryset = ExchangeRate.objects.order_by("currency", "valid_from")

    @extend_schema(responses={200: s.ExchangeRateSerializer(many=True), **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ReportList(generics.ListAPIView):
    serializer_class = s.IssuedReportSerializer
    pagination_class = None

    @extend_schema(responses={200: s.IssuedReportSerializer(many=True), **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        fund = fund_for(self.request, self.kwargs["slug"], Capability.DOWNLOAD_REPORTS)
        return IssuedReport.objects.filter(fund=fund).defer("pdf", "figures").select_related(
            "fund__agreement").order_by("kind", "year", "version").prefetch_related(
            Prefetch("translations", IssuedTranslation.objects.only(
                "report_id", "language", "sha256")))


class ParticipantList(generics.ListAPIView):
    """Forum participants; passport numbers and dates of birth only for forum organisers."""

    @extend_schema(responses={200: s.ParticipantPersonalSerializer(many=True),
                              **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.fund = fund_for(self.request, self.kwargs["slug"])
        return Participant.objects.filter(forum__fund=self.fund).select_related(
            "country").order_by("pk")

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return s.ParticipantPersonalSerializer
        personal = fund_access(self.request, self.kwargs["slug"]).can(
            Capability.VIEW_PERSONAL_DATA)
        return s.ParticipantPersonalSerializer if personal else s.ParticipantSerializer


def _amount(data: dict) -> Money:
    return Money(data["amount"], data.get("currency", USD))


class PostingView(APIView):
    input_class = None

    def post(self, request: Request, slug: str) -> Response:
        fund = fund_for(request, slug, Capability.POST_LEDGER)
        data_in = self.input_class(data=request.data)
        data_in.is_valid(raise_exception=True)

        def act() -> Response:
            entry = self.post_entry(fund, data_in.validated_data, request.user)
            return Response(s.EntrySerializer(entry).data, status=status.HTTP_201_CREATED)

        return idempotent(request, fund, act)

    @staticmethod
    def entry(fund: Fund, sequence: int, **filters) -> Entry:
        from django.http import Http404

        found = Entry.objects.filter(fund=fund, sequence=sequence, **filters).first()
        if found is None:
            raise Http404
        return found


POSTING_RESPONSES = {201: s.EntrySerializer, **ERRORS,
                     409: OpenApiResponse(s.RefusalSerializer,
                                          description="Refused by a control of Art. 3, with "
                                                      "the figures"),
                     422: OpenApiResponse(s.ErrorSerializer,
                                          description="Idempotency-Key reused with another "
                                                      "body")}


class CommitmentCreate(PostingView):
    input_class = s.CommitmentInput

    @extend_schema(request=s.CommitmentInput, parameters=[IDEMPOTENCY],
                   responses=POSTING_RESPONSES)
    def post(self, request: Request, slug: str) -> Response:
        return super().post(request, slug)

    def post_entry(self, fund, data, user) -> Entry:
        return posting.post_commitment(
            fund=fund, line_code=data["line"], amount=_amount(data),
            value_date=data["value_date"], cost_element=data.get("cost_element"),
            payee=data["payee"], reference=data["reference"], description=data["description"],
            acting_user=user, entered_on=portal_today())


class ExpenditureCreate(PostingView):
    input_class = s.ExpenditureInput

    @extend_schema(request=s.ExpenditureInput, parameters=[IDEMPOTENCY],
                   responses=POSTING_RESPONSES)
    def post(self, request: Request, slug: str) -> Response:
        return super().post(request, slug)

    def post_entry(self, fund, data, user) -> Entry:
        commitment = (self.entry(fund, data["commitment"], kind=Entry.Kind.COMMITMENT)
                      if data.get("commitment") else None)
        return posting.post_expenditure(
            fund=fund, line_code=data["line"], amount=_amount(data),
            value_date=data["value_date"], cost_element=data.get("cost_element"),
            commitment=commitment, payee=data["payee"], reference=data["reference"],
            description=data["description"], orderly_conclusion=data["orderly_conclusion"],
            acting_user=user, entered_on=portal_today())


class CancellationCreate(PostingView):
    input_class = s.CancellationInput

    @extend_schema(request=s.CancellationInput, parameters=[IDEMPOTENCY],
                   responses=POSTING_RESPONSES)
    def post(self, request: Request, slug: str) -> Response:
        return super().post(request, slug)

    def post_entry(self, fund, data, user) -> Entry:
        return posting.cancel_commitment(
            commitment=self.entry(fund, data["commitment"], kind=Entry.Kind.COMMITMENT),
            value_date=data["value_date"],
            amount=usd(data["amount"]) if data.get("amount") is not None else None,
            reason=data["reason"],
            acting_user=user)


class ReversalCreate(PostingView):
    input_class = s.ReversalInput

    @extend_schema(request=s.ReversalInput, parameters=[IDEMPOTENCY],
                   responses=POSTING_RESPONSES)
    def post(self, request: Request, slug: str) -> Response:
        return super().post(request, slug)

    def post_entry(self, fund, data, user) -> Entry:
        return posting.reverse_entry(entry=self.entry(fund, data["entry"]),
                                     value_date=data["value_date"], reason=data["reason"],
                                     acting_user=user)
