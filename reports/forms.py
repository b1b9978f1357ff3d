from django import forms
from django.utils.translation import gettext_lazy as _


class IssueForm(forms.Form):
    reason = forms.CharField(label=_("Reason (needed to re-issue)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NarrativeForm(forms.Form):
    summary = forms.CharField(label=_("Summary of progress"), required=False,
                              widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    challenges = forms.CharField(label=_("Challenges and lessons"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    next_steps = forms.CharField(label=_("Next steps"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)


class VerifyForm(forms.Form):
    pdf = forms.FileField(label=_("A PDF downloaded from the portal"), required=False)
    sha256 = forms.RegexField(label=_("or its SHA-256"), required=False,
                              regex=r"^\s*[0-9a-fA-F]{64}\s*$",
                              error_messages={"invalid": _("A SHA-256 is 64 hexadecimal "
                                                           "characters.")})

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("pdf") and not cleaned.get("sha256") and not self.errors:
            raise forms.ValidationError(_("Upload the PDF or paste its SHA-256."))
        return cleaned


class AnswerForm(forms.Form):
    """The Government's answer to an issued version: acknowledge, or return with comments."""

    answer = forms.ChoiceField(choices=[("acknowledged", _("Acknowledge receipt")),
                                        ("returned", _("Return for correction"))],
                               widget=forms.HiddenInput)
    comments = forms.CharField(label=_("Comments: what needs correcting"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class LetterheadForm(forms.Form):
    # The image's kind, size and pixels are checked by the act (reports.letterheads), so
    # that every caller refuses the same files with the same words.
    upload = forms.FileField(label=_("Image (PNG or JPEG, at most 512 KB)"))
    entitlement = forms.CharField(
        label=_("On what authority the fund uses this image"), max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the organisation's letter of permission, with its date. "
                    "The United Nations emblem is reserved to the Organization's official "
                    "purposes."))
