from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
