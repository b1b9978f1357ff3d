from django import forms
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.actions import change_password, reset_password
from accounts.models import User
from notifications.mail import language_of, outgoing, portal_link, render_mail, request_delivery


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, its mail written to the outbox in the person's language and
    sent by the worker like every other (docs/notifications.md#the-outbox)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None) -> None:
        user = context["user"]
        language = language_of(user)
        link = portal_link(reverse("password_reset_confirm",
                                   args=[context["uid"], context["token"]]))
        subject, body = render_mail("notifications/mail/password_reset.txt",
                                    {"user": user, "link": link}, language)
        with transaction.atomic():
            outgoing(user, event="password_reset", subject=subject, body=body,
                     language=language).save()
            request_delivery()


class CodeForm(forms.Form):
    token = forms.CharField(label=_("Code"), max_length=20,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                          "inputmode": "numeric"}))


class AuditedPasswordChangeForm(PasswordChangeForm):
    """Django's password change, saved through the act that writes its audit row."""

    def save(self, commit: bool = True) -> User:
        return change_password(user=self.user, password=self.cleaned_data["new_password1"],
                               acting_user=self.user)


class AuditedSetPasswordForm(SetPasswordForm):
    """The new password of a password reset, saved through the act that writes its audit
    row."""

    def save(self, commit: bool = True) -> User:
        return reset_password(user=self.user, password=self.cleaned_data["new_password1"],
                              acting_user=self.user)
