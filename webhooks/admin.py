from django.contrib import admin

from webhooks.models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["fund", "url", "active", "created_at"]
    list_filter = ["active"]
    exclude = ["secret"]
    readonly_fields = ["fund", "url", "events", "created_by", "created_at", "deactivated_by",
                       "deactivated_at"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["pk", "subscription", "event", "status", "attempts", "last_status",
                    "created_at", "delivered_at"]
    list_filter = ["status", "event"]
    readonly_fields = [field.name for field in Delivery._meta.fields]
