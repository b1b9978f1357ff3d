"""Back-office entry. Notices and memberships are written through agreements.actions, so the
admin applies the same rules as the pages. Parties, agreements and signatories come from the
fund definition (`load_fund`) and are shown read-only here, with their change history; a
recorded notice is evidence and is not edited or deleted."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from agreements.actions import (
    NoticeDraft,
    grant_membership,
    record_notice,
    revoke_membership,
    validate_notice,
)
from agreements.models import Agreement, Membership, Notice, Party, Signatory


class ReadOnlyMixin:
    """For records that come from fund definitions and actions: shown, never edited here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    pass


@admin.register(Party)
class PartyAdmin(ReadOnlyAdmin):
    list_display = ["name", "short_name", "kind"]


class SignatoryInline(ReadOnlyMixin, admin.StackedInline):
    model = Signatory
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "signed_on", "signed_at"]
    search_fields = ["reference", "title"]
    inlines = [SignatoryInline]


def _draft(cleaned: dict) -> NoticeDraft:
    return NoticeDraft(
        kind=cleaned["kind"], sender=cleaned["sender"], recipient=cleaned["recipient"],
        sent_on=cleaned["sent_on"], received_on=cleaned.get("received_on"),
        delivery=cleaned["delivery"], reference=cleaned.get("reference", ""),
        subject=cleaned.get("subject", ""),
        government_agreement=cleaned.get("government_agreement", ""),
    )


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "kind", "sender", "recipient", "sent_on", "received_on"]
    list_filter = ["kind", "agreement"]
    exclude = ["recorded_by", "receipt_recorded_by", "corrected_on", "corrects", "withdrawn_on",
               "withdrawal_reason"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)

        class NoticeAdminForm(base):
            def clean(self):
                cleaned = super().clean()
                if not self.errors:
                    # The lifecycle and authority rules, while the form can still show
                    # their message.
                    validate_notice(agreement=cleaned["agreement"], draft=_draft(cleaned),
                                    acting_user=request.user)
                    if (cleaned["kind"] in ("completion", "termination")
                            and cleaned.get("received_on")):
                        raise ValidationError(_(
                            "A completion or termination notice received ends the agreement; "
                            "record it on the agreement's page, which states the consequence "
                            "and asks to confirm it."))
                return cleaned

        return NoticeAdminForm

    def save_model(self, request, obj, form, change) -> None:
        saved = record_notice(agreement=form.cleaned_data["agreement"],
                              draft=_draft(form.cleaned_data), acting_user=request.user,
                              scan=form.cleaned_data.get("scan") or None,
                              receipt_scan=form.cleaned_data.get("receipt_scan") or None)
        obj.pk = saved.pk


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "agreement", "role", "granted_at"]
    list_filter = ["role", "agreement"]

    def get_readonly_fields(self, request, obj=None):
        # Changing who or which fund would be a different membership: revoke and grant.
        return ["user", "agreement"] if obj is not None else []

    def save_model(self, request, obj, form, change) -> None:
        saved = grant_membership(agreement=obj.agreement, user=obj.user, role=obj.role,
                                 acting_user=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj) -> None:
        revoke_membership(membership=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for membership in queryset:
            revoke_membership(membership=membership, acting_user=request.user)
