"""Showing a refusal: an act's ValidationError (a rule it breaks, with the figures) goes on
the form that asked for it, on the field it names, or above the form."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def show_refusal(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, field_errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def act_on_form(form: Form, act: Callable[[dict], Any]) -> Any | None:
    """Do the act with a valid form's data; on a refusal, show it on the form and return
    None. An invalid form is not acted on."""
    if not form.is_valid():
        return None
    try:
        return act(form.cleaned_data)
    except ValidationError as error:
        show_refusal(form, error)
        return None


def act_and_return(request: HttpRequest, form: Form, act: Callable[[dict], Any],
                   back: HttpResponse) -> HttpResponse:
    """For the small forms posted from a page: do the act, or put its refusal (and any form
    error) in the page's messages; either way, back to the page."""
    if act_on_form(form, act) is not None:
        messages.success(request, _("Recorded."))
        return back
    for error in [*form.non_field_errors(), *(e for f in form for e in f.errors)]:
        messages.error(request, error)
    return back
