"""The notices register's shapes: a notice with its state, a correction, and what a client
posts. Parties travel as their side of the agreement ("government", "united_nations"); the
rules of who sends and records what stay in agreements.authority."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Agreement, Notice, NoticeCorrection, Party
from api.fields import PlainText, TrueOrFalse

SIDES = Party.Kind.choices


class NoticeState:
    """A notice's place in the register (docs/api.md#notices)."""

    SENT, RECEIVED, WITHDRAWN, CORRECTED = "sent", "received", "withdrawn", "corrected"
    CHOICES = [SENT, RECEIVED, WITHDRAWN, CORRECTED]

    @classmethod
    def of(cls, notice: Notice) -> str:
        if notice.corrected_on is not None:
            return cls.CORRECTED
        if notice.withdrawn_on is not None:
            return cls.WITHDRAWN
        return cls.RECEIVED if notice.received_on is not None else cls.SENT


class RegisteredNoticeSerializer(serializers.ModelSerializer):
    sender = serializers.CharField(source="sender.kind", help_text="The side that sent it.")
    sender_name = serializers.CharField(source="sender.name")
    recipient = serializers.CharField(source="recipient.kind")
    recipient_name = serializers.CharField(source="recipient.name")
    state = serializers.SerializerMethodField(help_text=(
        "sent: on its way, no effect yet; received: in effect from received_on; withdrawn "
        "or corrected: no effect."))
    in_effect = serializers.BooleanField()
    corrects = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text=(
        "The notice this one replaces, recorded in error."))
    corrected_by = serializers.SerializerMethodField(help_text=(
        "The notice that replaced this one, if a confirmed correction recorded one."))
    recorded_by = serializers.CharField(source="recorded_by.username", allow_null=True,
                                        default=None)
    receipt_recorded_by = serializers.CharField(source="receipt_recorded_by.username",
                                                allow_null=True, default=None)
    has_scan = serializers.SerializerMethodField()
    has_receipt_scan = serializers.SerializerMethodField()
    pending_correction = serializers.SerializerMethodField(help_text=(
        "The correction of this notice awaiting a second officer, if any."))

    class Meta:
        model = Notice
        fields = ["id", "kind", "state", "in_effect", "sender", "sender_name", "recipient",
                  "recipient_name", "sent_on", "received_on", "delivery", "reference",
                  "subject", "government_agreement", "withdrawn_on", "withdrawal_reason",
                  "corrected_on", "corrects", "corrected_by", "recorded_by", "recorded_at",
                  "receipt_recorded_by", "has_scan", "has_receipt_scan",
                  "pending_correction"]

    @extend_schema_field(serializers.ChoiceField(choices=NoticeState.CHOICES))
    def get_state(self, notice: Notice) -> str:
        return NoticeState.of(notice)

    def get_corrected_by(self, notice: Notice) -> int | None:
        replacement = getattr(notice, "replacement", None)
        return replacement.pk if replacement is not None else None

    def get_has_scan(self, notice: Notice) -> bool:
        return bool(notice.scan)

    def get_has_receipt_scan(self, notice: Notice) -> bool:
        return bool(notice.receipt_scan)

    def get_pending_correction(self, notice: Notice) -> int | None:
        pending = [c.pk for c in notice.corrections.all()
                   if c.status == NoticeCorrection.Status.PROPOSED]
        return pending[0] if pending else None


class CorrectionSerializer(serializers.ModelSerializer):
    sender = serializers.CharField(source="sender.kind")
    recipient = serializers.CharField(source="recipient.kind")
    proposed_by = serializers.CharField(source="proposed_by.username")
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True,
                                       default=None)
    replacement = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True,
                                                     help_text=(
        "The corrected notice recorded in place of the original, once confirmed (none for a "
        "notice never given, void)."))

    class Meta:
        model = NoticeCorrection
        fields = ["id", "notice", "status", "error", "void", "kind", "sender", "recipient",
                  "sent_on", "received_on", "delivery", "reference", "subject",
                  "government_agreement", "proposed_by", "proposed_at", "decided_by",
                  "decided_at", "decision_note", "replacement"]


# What clients post.

SCAN_HELP = "PDF, PNG or JPEG of at most 10 MB; send the request as multipart/form-data."
RECEIPT_HELP = ("The acknowledgement of receipt: needed when the side that sent the notice "
                "records its receipt. " + SCAN_HELP)


class SideField(serializers.ChoiceField):
    """A side of the agreement, read as the party that signed it for that side."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=SIDES, **kwargs)

    def to_internal_value(self, data) -> Party:
        side = super().to_internal_value(data)
        agreement: Agreement = self.context["agreement"]
        parties = list(Party.objects.filter(signatures__agreement=agreement, kind=side)[:2])
        if len(parties) != 1:
            self.fail("invalid_choice", input=data)
        return parties[0]


class ConfirmingInput(serializers.Serializer):
    confirmed = TrueOrFalse(default=False, help_text=(
        "True to confirm an act that cannot be undone by one officer (a completion or "
        "termination received, a correction moving the end of the agreement), once its "
        "consequence was shown in a 409 confirmation_required."))


class NoticeFacts(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Notice.Kind.choices)
    sender = SideField(help_text="The side that sent the notice.")
    recipient = SideField(required=False, help_text="The other side, if left out.")
    sent_on = serializers.DateField()
    received_on = serializers.DateField(required=False, allow_null=True, default=None,
                                        help_text="Left out while the notice is on its way: "
                                                  "it takes effect on receipt.")
    delivery = serializers.ChoiceField(choices=Notice.Delivery.choices)
    reference = PlainText(max_length=120, allow_blank=True, default="")
    subject = PlainText(max_length=300, allow_blank=True, default="")
    government_agreement = PlainText(
        max_length=300, allow_blank=True, default="",
        help_text="For a completion notice (Art. 6): how the Government agreed.")

    def validate(self, data: dict) -> dict:
        if "recipient" not in data:
            others = Party.objects.filter(
                signatures__agreement=self.context["agreement"]).exclude(
                kind=data["sender"].kind)[:2]
            if len(others) != 1:
                raise serializers.ValidationError({"recipient": [_("Name the recipient.")]})
            data["recipient"] = others[0]
        return data


class NoticeInput(NoticeFacts, ConfirmingInput):
    scan = serializers.FileField(required=False, help_text=SCAN_HELP)
    receipt_scan = serializers.FileField(required=False, help_text=RECEIPT_HELP)


class NoticeReceiptInput(ConfirmingInput):
    received_on = serializers.DateField()
    receipt_scan = serializers.FileField(required=False, help_text=RECEIPT_HELP)


class WithdrawalInput(serializers.Serializer):
    reason = PlainText(max_length=300)


class CorrectionInput(serializers.Serializer):
    """The facts as they should have been recorded (each left out keeps the notice's), or
    `void` for a notice never given."""

    error = PlainText(max_length=2000, help_text="What was recorded in error.")
    void = TrueOrFalse(default=False, help_text=(
        "No such notice was given: nothing replaces it."))
    kind = serializers.ChoiceField(choices=Notice.Kind.choices, required=False)
    sender = SideField(required=False)
    recipient = SideField(required=False)
    sent_on = serializers.DateField(required=False)
    received_on = serializers.DateField(required=False, allow_null=True)
    delivery = serializers.ChoiceField(choices=Notice.Delivery.choices, required=False)
    reference = PlainText(max_length=120, allow_blank=True, required=False)
    subject = PlainText(max_length=300, allow_blank=True, required=False)
    government_agreement = PlainText(max_length=300, allow_blank=True,
                                                 required=False)


class RejectionInput(serializers.Serializer):
    note = PlainText(max_length=2000, help_text="Why it is rejected.")
