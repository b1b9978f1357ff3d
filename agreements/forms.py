from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Notice, Party

MAX_SCAN_BYTES = 10 * 1024 * 1024


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
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, parties, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sender"].queryset = parties
        self.fields["recipient"].queryset = parties

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan and scan.size > MAX_SCAN_BYTES:
            raise forms.ValidationError(_("A scan may be at most 10 MB."))
        return scan
