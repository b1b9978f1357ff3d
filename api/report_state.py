"""An issued report's versions with where each stands (Art. 5; docs/reports.md
#delivery-and-acknowledgement): delivered to which Government officers and when, and the
Government's answer (receipt acknowledged, or returned with comments); each language's file
with its SHA-256, the version's fingerprint and its public verification URL."""

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.access import Capability
from api import serializers as s
from api.views import ERRORS
from notifications.models import OutboxMessage
from reports.models import IssuedReport, IssuedTranslation, ReportKind
from reports.receipts import report_topic
from reports.rendering import verification_url
from reports.views import issued_file_response
from web.access import fund_for


class DeliverySerializer(serializers.Serializer):
    recipient = serializers.CharField(source="recipient.username", allow_null=True,
                                      default=None)
    status = serializers.ChoiceField(choices=OutboxMessage.Status.choices)
    queued_at = serializers.DateTimeField(source="created_at")
    sent_at = serializers.DateTimeField(allow_null=True)


class AnswerSerializer(serializers.Serializer):
    kind = serializers.RegexField(r"^(acknowledged|returned)$")
    comments = serializers.CharField()
    answered_by = serializers.CharField(source="answered_by.username")
    answered_at = serializers.DateTimeField()


class ReportStateSerializer(s.IssuedReportSerializer):
    issued_by = serializers.CharField(source="issued_by.username")
    fingerprint = serializers.CharField(allow_null=True, help_text=(
        "The SHA-256 of the version's canonical figures, printed on each language's PDF; "
        "null on versions issued before it was printed."))
    verification_url = serializers.SerializerMethodField()
    answers_version = serializers.IntegerField(
        source="answers.report.version", allow_null=True, default=None,
        help_text="The returned version this one corrects.")
    delivered = serializers.SerializerMethodField(
        help_text="Whether the delivery reached at least one Government officer's mail "
                  "server.")
    deliveries = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField(
        help_text="The Government's answer: receipt acknowledged, or returned with comments; "
                  "null while unanswered.")

    class Meta(s.IssuedReportSerializer.Meta):
        fields = [*s.IssuedReportSerializer.Meta.fields, "issued_by", "fingerprint",
                  "verification_url", "answers_version", "delivered", "deliveries", "answer"]

    def get_verification_url(self, report: IssuedReport) -> str | None:
        return verification_url(report.fingerprint) if report.fingerprint else None

    def _deliveries(self, report: IssuedReport) -> list[OutboxMessage]:
        return [m for m in self.context["deliveries"] if m.topic == report_topic(report)]

    def get_delivered(self, report: IssuedReport) -> bool:
        return any(m.status == OutboxMessage.Status.SENT for m in self._deliveries(report))

    @extend_schema_field(DeliverySerializer(many=True))
    def get_deliveries(self, report: IssuedReport) -> list[dict]:
        return DeliverySerializer(self._deliveries(report), many=True).data

    @extend_schema_field(AnswerSerializer(allow_null=True))
    def get_answer(self, report: IssuedReport) -> dict | None:
        answer = getattr(report, "response", None)
        return AnswerSerializer(answer).data if answer is not None else None


def _issued(fund, **filters) -> QuerySet[IssuedReport]:
    return (IssuedReport.objects.filter(fund=fund, **filters).defer("pdf", "figures")
            .select_related("fund__agreement", "issued_by", "response__answered_by",
                            "answers__report")
            .prefetch_related(Prefetch("translations", IssuedTranslation.objects.only(
                "report_id", "language", "sha256")))
            .order_by("kind", "year", "version"))


def _answer(request: Request, reports: list[IssuedReport], *, many: bool) -> Response:
    # The Art. 5 delivery to the Government's officers, as the outbox recorded it.
    deliveries = list(OutboxMessage.objects.filter(
        event="report_delivered", topic__in=[report_topic(r) for r in reports])
        .select_related("recipient").order_by("created_at", "pk"))
    context = {"request": request, "deliveries": deliveries}
    return Response(ReportStateSerializer(reports if many else reports[0], many=many,
                                          context=context).data)


class ReportState(APIView):
    @extend_schema(responses={200: ReportStateSerializer, **ERRORS})
    def get(self, request: Request, slug: str, pk: int) -> Response:
        fund = fund_for(request, slug, Capability.DOWNLOAD_REPORTS)
        return _answer(request, [get_object_or_404(_issued(fund, pk=pk))], many=False)


class ReportVersions(APIView):
    @extend_schema(operation_id="funds_reports_versions_list",
                   responses={200: ReportStateSerializer(many=True), **ERRORS},
                   description="Every issued version of one report of one year, oldest first.")
    def get(self, request: Request, slug: str, kind: str, year: int) -> Response:
        fund = fund_for(request, slug, Capability.DOWNLOAD_REPORTS)
        if kind not in ReportKind.values:
            raise Http404
        return _answer(request, list(_issued(fund, kind=kind, year=year)), many=True)


FILE_TYPES = {"pdf": "application/pdf", "csv": "text/csv",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class IssuedReportFile(APIView):
    """One file of an issued version, as the report page serves it: the PDF (the bytes whose
    SHA-256 the version lists), or its XLSX or CSV, in one of its languages."""

    @extend_schema(parameters=[OpenApiParameter(
        "language", str, enum=[code for code, _name in settings.LANGUAGES],
        description="The language of the file (default en).")],
        responses={**{(200, media): OpenApiTypes.BINARY for media in FILE_TYPES.values()},
                   **ERRORS})
    def get(self, request: Request, slug: str, pk: int, fmt: str) -> HttpResponse:
        fund = fund_for(request, slug, Capability.DOWNLOAD_REPORTS)
        issued = get_object_or_404(IssuedReport.objects.select_related("fund__agreement"),
                                   fund=fund, pk=pk)
        language = request.query_params.get("language", "en")
        if fmt not in FILE_TYPES or language not in dict(settings.LANGUAGES):
            raise Http404
        return issued_file_response(issued, fmt, language)
