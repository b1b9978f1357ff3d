"""The API of a fund's webhooks (docs/webhooks.md#the-api): list and register, read and
remove, and the recent deliveries of one. Rules in webhooks.subscriptions; access through
web.access like every endpoint."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.idempotency import idempotent
from api.serializers import ErrorSerializer
from api.views import ERRORS, IDEMPOTENCY
from web.access import FundAccess, fund_access
from webhooks.models import Subscription
from webhooks.serializers import (
    NewSubscriptionSerializer,
    SubscriptionInput,
    SubscriptionSerializer,
    WebhookDeliverySerializer,
)
from webhooks.subscriptions import may_manage, register_subscription, remove_subscription

RECENT = 50


def managed_fund(request: Request, slug: str) -> FundAccess:
    """The fund, if this person may manage its webhooks: 404 if they may not see it, 403 if
    their role may not."""
    page = fund_access(request, slug)
    if not may_manage(page.capabilities):
        raise PermissionDenied
    if not page.has_fund:
        raise Http404
    return page


def subscription_of(request: Request, slug: str, pk: int) -> Subscription:
    page = managed_fund(request, slug)
    return get_object_or_404(Subscription.objects.select_related("created_by"),
                             fund=page.fund, pk=pk)


class Subscriptions(APIView):
    @extend_schema(responses={200: SubscriptionSerializer(many=True), **ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        fund = managed_fund(request, slug).fund
        subscriptions = Subscription.objects.filter(fund=fund).select_related("created_by")
        return Response(SubscriptionSerializer(subscriptions, many=True).data)

    @extend_schema(request=SubscriptionInput, parameters=[IDEMPOTENCY], responses={
        201: NewSubscriptionSerializer, **ERRORS,
        422: OpenApiResponse(ErrorSerializer, description="Idempotency-Key reused with "
                                                          "another body")})
    def post(self, request: Request, slug: str) -> Response:
        fund = managed_fund(request, slug).fund
        data_in = SubscriptionInput(data=request.data)
        data_in.is_valid(raise_exception=True)

        def act() -> Response:
            subscription = register_subscription(fund=fund, acting_user=request.user,
                                                 **data_in.validated_data)
            return Response(NewSubscriptionSerializer(subscription).data,
                            status=status.HTTP_201_CREATED)

        return idempotent(request, fund, act)


class SubscriptionDetail(APIView):
    @extend_schema(responses={200: SubscriptionSerializer, **ERRORS})
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(SubscriptionSerializer(subscription_of(request, slug, pk)).data)

    @extend_schema(responses={200: SubscriptionSerializer, **ERRORS})
    def delete(self, request: Request, slug: str, pk: int) -> Response:
        """Remove the subscription: nothing more is sent to it; it stays listed, inactive."""
        removed = remove_subscription(subscription=subscription_of(request, slug, pk),
                                      acting_user=request.user)
        return Response(SubscriptionSerializer(removed).data)


class Deliveries(APIView):
    @extend_schema(responses={200: WebhookDeliverySerializer(many=True), **ERRORS})
    def get(self, request: Request, slug: str, pk: int) -> Response:
        """The subscription's latest deliveries (50), newest first, with their outcome."""
        subscription = subscription_of(request, slug, pk)
        recent = subscription.deliveries.order_by("-created_at", "-pk")[:RECENT]
        return Response(WebhookDeliverySerializer(recent, many=True).data)
