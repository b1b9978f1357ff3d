from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import Document


class DocumentForm(forms.Form):
    # The content and size are checked by the act (documents.actions.attach_document), so
    # that a page and any other caller refuse the same files with the same words.
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Document.Kind.choices)
    upload = forms.FileField(label=_("File (PDF, PNG, JPEG, DOCX or XLSX, at most 10 MB)"))


class RemovalForm(forms.Form):
    reason = forms.CharField(label=_("Why it is removed"), max_length=300)
