"""Showing a refusal: an act's ValidationError (a rule it breaks, with the figures) goes on
the form that asked for it, on the field it names, or above the form."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from agreements.irreversible import ConfirmationRequired


def show_refusal(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, field_errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def act_on_form(form: Form, act: Callable[[dict], Any]) -> Any | None:
    """Do the act with a valid form's data; on a refusal, show it on the form and return
    None. An invalid form is not acted on. An irreversible act asked for without its
    confirmation puts its consequence on the form (`form.confirmation`), which the form's
    template shows with the box that confirms it (includes/confirmation.html)."""
    if not form.is_valid():
        return None
    try:
        return act(form.cleaned_data)
    except ConfirmationRequired as question:
        form.confirmation = question.consequence
        return None
    except ValidationError as error:
        show_refusal(form, error)
        return None


def confirmed(request: HttpRequest) -> bool:
    """Whether the person ticked the box that confirms an irreversible act."""
    return request.POST.get("confirmed") == "yes"


def act_and_return(request: HttpRequest, form: Form, act: Callable[[dict], Any], *,
                   back: HttpResponse, page: Callable[[Form], HttpResponse],
                   context: dict) -> HttpResponse:
    """For the small forms posted from a page: do the act and go back to the page with a
    message; on a refusal or an invalid form, show the page again with this form as it was
    typed and its errors on its fields (`page(form)`); an irreversible act asks first for its
    confirmation (`context` is the page's, for that step)."""
    if act_on_form(form, act) is not None:
        messages.success(request, _("Recorded."))
        return back
    if getattr(form, "confirmation", None):
        return confirmation_page(request, form, context)
    return page(form)


def confirmation_page(request: HttpRequest, form: Form, context: dict) -> HttpResponse:
    """The second step of an irreversible act asked for from a small form: the consequence,
    the same data posted again, and the box that confirms it."""
    posted = [(name, value) for name, values in request.POST.lists()
              if name not in ("csrfmiddlewaretoken", "confirmed") for value in values]
    return render(request, "confirm.html", {**context, "question": form.confirmation,
                                            "posted": posted, "action": request.path})
