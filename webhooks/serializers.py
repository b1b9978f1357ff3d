"""The webhook endpoints' shapes: input checked for its form here, the rules of what may be
registered in webhooks.subscriptions."""

from rest_framework import serializers

from webhooks.events import EVENT_TYPES
from webhooks.models import Delivery, Subscription


class SubscriptionInput(serializers.Serializer):
    url = serializers.CharField(max_length=2000, help_text="http(s) address of the receiver")
    events = serializers.ListField(
        child=serializers.CharField(max_length=40), min_length=1, max_length=20,
        help_text="Event types: " + ", ".join(EVENT_TYPES))


class SubscriptionSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", allow_null=True,
                                       read_only=True)
    events = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Subscription
        fields = ["id", "url", "events", "active", "created_by", "created_at",
                  "deactivated_at"]


class NewSubscriptionSerializer(SubscriptionSerializer):
    secret = serializers.CharField(help_text="The signing secret, shown only in this answer.")

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    payload = serializers.DictField()

    class Meta:
        model = Delivery
        fields = ["id", "event", "status", "created_at", "attempts", "next_attempt_at",
                  "last_status", "last_error", "delivered_at", "payload"]
