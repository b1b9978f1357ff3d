"""Administrators see the outbox: above all the messages that could not go (no address, or
refused for good), to fix the address or tell the person another way."""

from django.contrib import admin

from notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "recipient", "to_address", "status", "attempts",
                    "last_error"]
    list_filter = ["status", "event"]
    search_fields = ["to_address", "subject"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    # Written by acts, sent by the worker; never made or edited by hand.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
