from django import forms
from django.utils.translation import gettext_lazy as _


class PublicationForm(forms.Form):
    publish_factsheet = forms.BooleanField(
        label=_("Publish the public factsheet (no sign-in needed to read it)"), required=False)
    publish_iati = forms.BooleanField(
        label=_("Publish the IATI 2.03 activity file"), required=False)
    funding_org_ref = forms.CharField(
        label=_("The Government's IATI organisation identifier, if it has one"),
        max_length=100, required=False)
