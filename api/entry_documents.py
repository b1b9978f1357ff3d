"""A ledger entry and its documents (docs/documents.md): everyone on the fund reads the entry,
lists its documents and downloads them; those who post to the ledger attach one, through the
act of the entry's page (documents.actions.attach_document), which checks the file by its
content. Another fund's entry or document is a 404."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.access import Capability
from api import serializers as s
from api.idempotency import idempotent
from api.views import ERRORS, IDEMPOTENCY
from budget.models import Entry, Fund
from documents.actions import attach_document
from documents.models import Document
from documents.views import document_download
from web.access import fund_for


class DocumentSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", allow_null=True,
                                        default=None)
    removed = serializers.SerializerMethodField()
    removed_by = serializers.CharField(source="removed_by.username", allow_null=True,
                                       default=None)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "name", "kind", "size", "sha256", "uploaded_by", "uploaded_at",
                  "removed", "removed_at", "removed_by", "removal_reason", "download"]

    def get_removed(self, document: Document) -> bool:
        return document.removed_at is not None

    def get_download(self, document: Document) -> str:
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(reverse(
            "api:entry_document", args=[document.fund.agreement.slug, document.entry.sequence,
                                        document.pk]))


class DocumentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    upload = serializers.FileField(help_text="PDF, PNG, JPEG, DOCX or XLSX, at most 10 MB; "
                                             "checked by its content.")


def _entry(fund: Fund, sequence: int) -> Entry:
    return get_object_or_404(Entry.objects.select_related(
        "recorded_by", "commitment", "reverses", "caused_by"), fund=fund, sequence=sequence)


def _documents(fund: Fund, entry: Entry):
    return Document.objects.filter(fund=fund, entry=entry).select_related(
        "uploaded_by", "removed_by", "fund__agreement", "entry")


class EntryDetail(APIView):
    @extend_schema(responses={200: s.EntrySerializer, **ERRORS})
    def get(self, request: Request, slug: str, sequence: int) -> Response:
        return Response(s.EntrySerializer(_entry(fund_for(request, slug), sequence)).data)


class EntryDocuments(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(responses={200: DocumentSerializer(many=True), **ERRORS},
                   description="The entry's documents, removed ones too (marked).")
    def get(self, request: Request, slug: str, sequence: int) -> Response:
        fund = fund_for(request, slug)
        documents = _documents(fund, _entry(fund, sequence))
        return Response(DocumentSerializer(documents, many=True,
                                           context={"request": request}).data)

    @extend_schema(request={"multipart/form-data": DocumentInput}, parameters=[IDEMPOTENCY],
                   responses={201: DocumentSerializer, **ERRORS,
                              422: OpenApiResponse(s.ErrorSerializer, description=(
                                  "Idempotency-Key reused with another body"))},
                   description="Attach a file to the entry, as its page does; refused (400, "
                               "on `upload`) when its content is not what its name says, it "
                               "is over 10 MB, or the same file is attached already.")
    def post(self, request: Request, slug: str, sequence: int) -> Response:
        fund = fund_for(request, slug, Capability.POST_LEDGER)
        entry = _entry(fund, sequence)
        data_in = DocumentInput(data=request.data)
        data_in.is_valid(raise_exception=True)
        data = data_in.validated_data

        def act() -> Response:
            document = attach_document(fund=fund, entry=entry, upload=data["upload"],
                                       kind=data["kind"], acting_user=request.user)
            document = _documents(fund, entry).get(pk=document.pk)
            return Response(DocumentSerializer(document, context={"request": request}).data,
                            status=status.HTTP_201_CREATED)

        return idempotent(request, fund, act)


class EntryDocumentDownload(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                              **ERRORS},
                   description="The file as uploaded, as an attachment under its own name.")
    def get(self, request: Request, slug: str, sequence: int, pk: int) -> FileResponse:
        fund = fund_for(request, slug)
        # Keyed by the fund and the entry: another's document number finds nothing here.
        return document_download(get_object_or_404(Document, fund=fund,
                                                   entry__sequence=sequence, pk=pk))
