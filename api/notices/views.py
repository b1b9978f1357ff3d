"""The notices register through the API (Art. 11): list and read the notices with their
state, record a notice, its receipt, its withdrawal, and correct one recorded in error (four
eyes), each through the action the pages call (agreements.actions), with the same
capability (record_notice) and the same authority rules (agreements.authority). Refusals:
api.refusals."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.access import Capability
from agreements.actions import (
    NoticeDraft,
    confirm_notice_correction,
    propose_notice_correction,
    record_notice,
    record_notice_receipt,
    reject_notice_correction,
    withdraw_notice,
)
from agreements.models import Agreement, Notice, NoticeCorrection, Party
from api.idempotency import idempotent
from api.notices import serializers as s
from api.parsers import JSONParser
from api.refusals import ACT_ERRORS, act_or_refuse
from api.views import ERRORS, IDEMPOTENCY
from web.access import FundAccess, fund_access

FACTS = ("kind", "sender", "recipient", "sent_on", "received_on", "delivery", "reference",
         "subject", "government_agreement")


def notices_of(agreement: Agreement) -> QuerySet[Notice]:
    return agreement.notices.select_related(
        "sender", "recipient", "recorded_by", "receipt_recorded_by", "replacement",
    ).prefetch_related(Prefetch("corrections", NoticeCorrection.objects.only(
        "pk", "notice_id", "status"))).order_by("sent_on", "pk")


def _notice(page: FundAccess, pk: int) -> Notice:
    return get_object_or_404(notices_of(page.agreement), pk=pk)


def _read(request: Request, page: FundAccess, input_class, **context) -> dict:
    data_in = input_class(data=request.data, context={
        "agreement": page.agreement, "request": request, **context})
    data_in.is_valid(raise_exception=True)
    return data_in.validated_data


def _the_notice(page: FundAccess, answer: int = status.HTTP_200_OK):
    """What an act on a notice answers: the notice as it now stands."""
    return lambda notice: Response(s.RegisteredNoticeSerializer(_notice(page, notice.pk)).data,
                                   status=answer)


class NoticeList(APIView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(responses={200: s.RegisteredNoticeSerializer(many=True), **ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        page = fund_access(request, slug)
        return Response(s.RegisteredNoticeSerializer(notices_of(page.agreement), many=True).data)

    @extend_schema(request={"application/json": s.NoticeInput,
                            "multipart/form-data": s.NoticeInput},
                   parameters=[IDEMPOTENCY],
                   responses={201: s.RegisteredNoticeSerializer, **ACT_ERRORS})
    def post(self, request: Request, slug: str) -> Response:
        """Record a notice the fund's side sent, or one it received (with received_on)."""
        page = fund_access(request, slug, Capability.RECORD_NOTICE)
        data = _read(request, page, s.NoticeInput)
        draft = NoticeDraft(**{name: data[name] for name in FACTS})

        def act() -> Response:
            return act_or_refuse(lambda: record_notice(
                agreement=page.agreement, draft=draft, acting_user=request.user,
                scan=data.get("scan"), receipt_scan=data.get("receipt_scan"),
                confirmed=data["confirmed"]), _the_notice(page, status.HTTP_201_CREATED))

        return idempotent(request, page.fund, act)


class NoticeDetail(APIView):
    @extend_schema(responses={200: s.RegisteredNoticeSerializer, **ERRORS})
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(s.RegisteredNoticeSerializer(_notice(fund_access(request, slug), pk)).data)


class NoticeReceipt(APIView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(request={"application/json": s.NoticeReceiptInput,
                            "multipart/form-data": s.NoticeReceiptInput},
                   parameters=[IDEMPOTENCY],
                   responses={200: s.RegisteredNoticeSerializer, **ACT_ERRORS})
    def post(self, request: Request, slug: str, pk: int) -> Response:
        """Record when the notice reached the other side: it takes effect then."""
        page = fund_access(request, slug, Capability.RECORD_NOTICE)
        notice = _notice(page, pk)
        data = _read(request, page, s.NoticeReceiptInput)

        def act() -> Response:
            return act_or_refuse(lambda: record_notice_receipt(
                notice=notice, received_on=data["received_on"], acting_user=request.user,
                receipt_scan=data.get("receipt_scan"), confirmed=data["confirmed"]),
                _the_notice(page))

        return idempotent(request, page.fund, act)


class NoticeWithdrawal(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=s.WithdrawalInput, parameters=[IDEMPOTENCY],
                   responses={200: s.RegisteredNoticeSerializer, **ACT_ERRORS})
    def post(self, request: Request, slug: str, pk: int) -> Response:
        """Withdraw a notice sent in error and not received; only its sending side may."""
        page = fund_access(request, slug, Capability.RECORD_NOTICE)
        notice = _notice(page, pk)
        data = _read(request, page, s.WithdrawalInput)

        def act() -> Response:
            return act_or_refuse(lambda: withdraw_notice(
                notice=notice, reason=data["reason"], acting_user=request.user),
                _the_notice(page))

        return idempotent(request, page.fund, act)


def corrected_draft(notice: Notice, data: dict) -> NoticeDraft | None:
    """The notice's facts with those the client gives; the recipient follows a changed
    sender unless given."""
    if data["void"]:
        return None
    facts = {name: getattr(notice, name) for name in FACTS} | {
        name: data[name] for name in FACTS if name in data}
    if "sender" in data and "recipient" not in data and facts["sender"] != notice.sender:
        facts["recipient"] = Party.objects.filter(
            signatures__agreement=notice.agreement).exclude(
            kind=facts["sender"].kind).first() or notice.recipient
    return NoticeDraft(**facts)


def _correction(page: FundAccess, pk: int) -> NoticeCorrection:
    return get_object_or_404(NoticeCorrection.objects.select_related(
        "sender", "recipient", "proposed_by", "decided_by"),
        notice__agreement=page.agreement, pk=pk)


def _the_correction(page: FundAccess, answer: int = status.HTTP_200_OK, pk: int | None = None):
    return lambda made: Response(s.CorrectionSerializer(_correction(
        page, pk if pk is not None else made.pk)).data, status=answer)


class NoticeCorrect(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=s.CorrectionInput, parameters=[IDEMPOTENCY],
                   responses={201: s.CorrectionSerializer, **ACT_ERRORS})
    def post(self, request: Request, slug: str, pk: int) -> Response:
        """Propose a correction of a notice recorded in error; another officer confirms or
        rejects it (four eyes)."""
        page = fund_access(request, slug, Capability.RECORD_NOTICE)
        notice = _notice(page, pk)
        data = _read(request, page, s.CorrectionInput)
        draft = corrected_draft(notice, data)

        def act() -> Response:
            return act_or_refuse(lambda: propose_notice_correction(
                notice=notice, error=data["error"], draft=draft, acting_user=request.user),
                _the_correction(page, status.HTTP_201_CREATED))

        return idempotent(request, page.fund, act)


class CorrectionDetail(APIView):
    @extend_schema(responses={200: s.CorrectionSerializer, **ERRORS})
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(s.CorrectionSerializer(_correction(fund_access(request, slug),
                                                           pk)).data)


class CorrectionConfirm(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=s.ConfirmingInput, parameters=[IDEMPOTENCY],
                   responses={200: s.CorrectionSerializer, **ACT_ERRORS})
    def post(self, request: Request, slug: str, pk: int) -> Response:
        """Confirm a proposed correction: the original is marked corrected and the corrected
        notice recorded in its place. Not by the officer who proposed it."""
        page = fund_access(request, slug, Capability.RECORD_NOTICE)
        correction = _correction(page, pk)
        data = _read(request, page, s.ConfirmingInput)

        def act() -> Response:
            return act_or_refuse(lambda: confirm_notice_correction(
                correction=correction, acting_user=request.user,
                confirmed=data["confirmed"]), _the_correction(page, pk=correction.pk))

        return idempotent(request, page.fund, act)


class CorrectionReject(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=s.RejectionInput, parameters=[IDEMPOTENCY],
                   responses={200: s.CorrectionSerializer, **ACT_ERRORS})
    def post(self, request: Request, slug: str, pk: int) -> Response:
        page = fund_access(request, slug, Capability.RECORD_NOTICE)
        correction = _correction(page, pk)
        data = _read(request, page, s.RejectionInput)

        def act() -> Response:
            return act_or_refuse(lambda: reject_notice_correction(
                correction=correction, acting_user=request.user, note=data["note"]),
                _the_correction(page))

        return idempotent(request, page.fund, act)

