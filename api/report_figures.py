"""The figures of the Art. 5(b) financial statement and the 5(c) budget analysis as JSON:
the document their PDF, XLSX and CSV are made from (reports.documents.report_document), as
computed now (the draft, for roles that may see drafts) or as an issued version stored it
(for everyone who may download reports). No second computation
(docs/api.md#statement-and-budget-analysis-figures)."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.access import Capability
from api.serializers import QueryFilter
from api.views import ERRORS
from reports.documents import report_document
from reports.issuing import ORIGINAL_LANGUAGE, issued_file
from reports.models import IssuedReport, ReportKind
from web.access import fund_for

LANGUAGE = OpenApiParameter("language", str, enum=[code for code, _name in settings.LANGUAGES],
                            description="The language of the headings and labels (the "
                                        "figures are the same); English by default.")
VERSION = OpenApiParameter("version", {"type": "integer", "minimum": 1},
                           description="An issued version; the latest by default.")


class FiguresFilter(QueryFilter):
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default=ORIGINAL_LANGUAGE)
    version = serializers.IntegerField(min_value=1, max_value=32767, required=False)


class ReportFiguresSerializer(serializers.Serializer):
    kind = serializers.CharField()
    year = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["draft", "issued"])
    version = serializers.IntegerField(allow_null=True, help_text="null for the draft.")
    issued_at = serializers.DateTimeField(allow_null=True)
    sha256 = serializers.CharField(allow_null=True, help_text="The issued PDF's, in this "
                                                              "language.")
    fingerprint = serializers.CharField(allow_null=True)
    language = serializers.CharField()
    document = serializers.JSONField(help_text=(
        "Header (title, project, period, currency), `tables` (each with `columns` and "
        "`rows` of `cells`: amounts as decimal strings in USD), notes and certification."))


def _params(request: Request) -> dict:
    params = FiguresFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


class DraftFigures(APIView):
    kind: str = ""

    def get(self, request: Request, slug: str, year: int) -> Response:
        fund = fund_for(request, slug, Capability.VIEW_DRAFT_REPORTS)
        language = _params(request)["language"]
        try:
            with translation.override(language):
                document = report_document(fund, self.kind, year)
        except DjangoValidationError as refused:
            # A year the fund has no report for (before its start, after its last entry).
            raise exceptions.NotFound(" ".join(refused.messages)) from None
        document.pop("charts", None)  # drawn from the figures, as an issued version keeps
        return Response(ReportFiguresSerializer({
            "kind": self.kind, "year": year, "state": "draft", "version": None,
            "issued_at": None, "sha256": None, "fingerprint": None, "language": language,
            "document": document}).data)


class IssuedFigures(APIView):
    kind: str = ""

    def get(self, request: Request, slug: str, year: int) -> Response:
        fund = fund_for(request, slug, Capability.DOWNLOAD_REPORTS)
        params = _params(request)
        versions = IssuedReport.objects.filter(fund=fund, kind=self.kind, year=year)
        if "version" in params:
            report = get_object_or_404(versions, version=params["version"])
        else:
            report = versions.order_by("-version").first()
            if report is None:
                raise exceptions.NotFound()
        language = params["language"]
        pdf_sha256 = report.sha256
        if language != ORIGINAL_LANGUAGE:
            other = report.translations.filter(language=language).only("sha256").first()
            pdf_sha256 = other.sha256 if other is not None else report.sha256
        _pdf, document = issued_file(report, language)
        return Response(ReportFiguresSerializer({
            "kind": self.kind, "year": year, "state": "issued", "version": report.version,
            "issued_at": report.issued_at, "sha256": pdf_sha256,
            "fingerprint": report.fingerprint, "language": language,
            "document": document}).data)


DRAFT = {"parameters": [LANGUAGE], "responses": {200: ReportFiguresSerializer, **ERRORS}}
ISSUED = {"parameters": [LANGUAGE, VERSION],
          "responses": {200: ReportFiguresSerializer, **ERRORS}}


class StatementDraft(DraftFigures):
    kind = ReportKind.STATEMENT

    @extend_schema(**DRAFT, description="The financial statement (Art. 5(b)) of the year as "
                                        "computed now from the ledger.")
    def get(self, request: Request, slug: str, year: int) -> Response:
        return super().get(request, slug, year)


class StatementIssued(IssuedFigures):
    kind = ReportKind.STATEMENT

    @extend_schema(**ISSUED, description="The financial statement (Art. 5(b)) of the year as "
                                         "an issued version recorded it.")
    def get(self, request: Request, slug: str, year: int) -> Response:
        return super().get(request, slug, year)


class BudgetAnalysisDraft(DraftFigures):
    kind = ReportKind.BUDGET_ANALYSIS

    @extend_schema(**DRAFT, description="The budget analysis (Art. 5(c)) of the year as "
                                        "computed now from the ledger.")
    def get(self, request: Request, slug: str, year: int) -> Response:
        return super().get(request, slug, year)


class BudgetAnalysisIssued(IssuedFigures):
    kind = ReportKind.BUDGET_ANALYSIS

    @extend_schema(**ISSUED, description="The budget analysis (Art. 5(c)) of the year as an "
                                         "issued version recorded it.")
    def get(self, request: Request, slug: str, year: int) -> Response:
        return super().get(request, slug, year)
