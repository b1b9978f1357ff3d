from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from agreements.models import Membership, Notice, Party


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Notice.Kind.choices)
    sender = forms.ModelChoiceField(label=_("From"), queryset=Party.objects.none())
    recipient = forms.ModelChoiceField(label=_("To"), queryset=Party.objects.none())
    sent_on = forms.DateField(label=_("Date sent"), widget=forms.DateInput(attrs={"type": "date"}))
    received_on = forms.DateField(
        label=_("Date received"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty while the notice is on its way; it takes effect on receipt."),
    )
    delivery = forms.ChoiceField(label=_("Delivery method"), choices=Notice.Delivery.choices)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    government_agreement = forms.CharField(
        label=_("The Government's agreement (completion notices, Art. 6)"), max_length=300,
        required=False,
        help_text=_("DESA notifies completion as mutually agreed: the reference and date of "
                    "the Government's note agreeing to it."))
    scan = forms.FileField(
        label=_("Scan (PDF, PNG or JPEG)"), required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    receipt_scan = forms.FileField(
        label=_("Evidence of receipt (PDF, PNG or JPEG)"), required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        help_text=_("Needed when the side that sent the notice records its receipt: the "
                    "acknowledgement of receipt."),
    )

    def __init__(self, *args, parties, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sender"].queryset = parties
        self.fields["recipient"].queryset = parties


class ReceiptForm(forms.Form):
    received_on = forms.DateField(label=_("Date received"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    receipt_scan = forms.FileField(
        label=_("Evidence of receipt (PDF, PNG or JPEG)"), required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        help_text=_("Needed when the side that sent the notice records its receipt."),
    )


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing over-long user names before they reach the
    authentication backends (django-axes stores the name it is given)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(150))


class ArbitrationRequestForm(forms.Form):
    requested_by = forms.ModelChoiceField(label=_("Requested by"), queryset=Party.objects.none())
    requested_on = forms.DateField(label=_("Date of the request"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    subject = forms.CharField(label=_("Dispute"), max_length=300)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)

    def __init__(self, *args, parties, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requested_by"].queryset = parties


class AppointmentForm(forms.Form):
    appointee = forms.ChoiceField(label=_("Appointment"), choices=[
        ("government", _("The Government's arbitrator")),
        ("united_nations", _("The United Nations' arbitrator")),
        ("chair", _("The chair, by the two arbitrators"))])
    appointed_on = forms.DateField(label=_("Appointed on"),
                                   widget=forms.DateInput(attrs={"type": "date"}))


class NoticeCorrectionForm(NoticeForm):
    """The facts of a notice as they should have been recorded, and what was wrong."""

    error = forms.CharField(label=_("What was recorded in error"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))
    void = forms.BooleanField(
        label=_("No such notice was given: it was recorded in error altogether"),
        required=False)

    field_order = ["error", "void"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["scan"], self.fields["receipt_scan"]


class CorrectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        ("confirm", _("Confirm the correction")), ("reject", _("Reject it"))])
    note = forms.CharField(label=_("Note (needed to reject)"), required=False, max_length=2000)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    administers = forms.BooleanField(label=_("Fund administrator (DESA officers only)"),
                                     required=False)
    language = forms.ChoiceField(label=_("Language of the invitation"),
                                 choices=settings.LANGUAGES)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    administers = forms.BooleanField(label=_("Fund administrator"), required=False)


class AcceptInvitationForm(forms.Form):
    username = forms.RegexField(label=_("User name"), max_length=150, regex=r"^[\w.@+-]+\Z",
                                error_messages={"invalid": _(
                                    "Letters, digits and @ . + - _ only.")})
    display_name = forms.CharField(label=_("Your name, as others will see it"),
                                   max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput,
                               strip=False, max_length=200)
    password_again = forms.CharField(label=_("The same password again"),
                                     widget=forms.PasswordInput, strip=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        cleaned.pop("password_again", None)
        return cleaned
