from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import Activity, Meeting

DATE = forms.DateInput(attrs={"type": "date"})


class BoardDayForm(forms.Form):
    on = forms.DateField(label=_("As of"), required=False, widget=DATE)

    def clean_on(self):
        on = self.cleaned_data.get("on")
        if on is not None and not (date(2000, 1, 1) <= on <= date(2100, 12, 31)):
            raise forms.ValidationError(_("Pick a date between 2000 and 2100."))
        return on


class VisaForm(forms.Form):
    applied_on = forms.DateField(label=_("Visa applied for"), required=False, widget=DATE)
    issued_on = forms.DateField(label=_("Visa issued"), required=False, widget=DATE)
    exit_permit_issued_on = forms.DateField(label=_("Exit permit issued"), required=False,
                                            widget=DATE)


class GrantForm(forms.Form):
    amount = forms.DecimalField(label=_("Grant (USD)"), max_digits=14, decimal_places=2,
                                min_value=Decimal("0.01"))
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE)


class GrantPaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Payment (USD)"), max_digits=14, decimal_places=2,
                                min_value=Decimal("0.01"))
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)


class ParticipantImportForm(forms.Form):
    file = forms.FileField(label=_("Participants (CSV or XLSX)"))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}))
    premises = forms.CharField(label=_("Premises"), max_length=200)


class ActivityForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("End"), required=False, widget=DATE)


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    document = forms.FileField(label=_("Document (PDF, DOCX, XLSX, PNG, JPG)"))
