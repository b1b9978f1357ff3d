from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from agreements.models import Notice, Party


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
    scan = forms.FileField(
        label=_("Scan (PDF, PNG or JPEG)"), required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, parties, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sender"].queryset = parties
        self.fields["recipient"].queryset = parties


class ReceiptForm(forms.Form):
    received_on = forms.DateField(label=_("Date received"),
                                  widget=forms.DateInput(attrs={"type": "date"}))


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing over-long user names before they reach the
    authentication backends (django-axes stores the name it is given)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(150))
