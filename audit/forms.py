"""The audit trail's filters: a date range (in the reader's time zone), a person, a kind."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agreements.models import Agreement
from audit.trail import Scope, TrailKind
from audit.trail.sources import membership_periods
from budget.forms import DATE
from budget.ledger_listing import LEDGER_DATES
from budget.models import Fund


class TrailFilterForm(forms.Form):
    date_from = forms.DateField(label=pgettext_lazy("date range", "From"), required=False,
                                widget=DATE, validators=LEDGER_DATES)
    date_to = forms.DateField(label=pgettext_lazy("date range", "To"), required=False,
                              widget=DATE, validators=LEDGER_DATES)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int,
                                    empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("all kinds")), *TrailKind.choices])

    def __init__(self, *args, agreement: Agreement, fund: Fund | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.agreement, self.fund = agreement, fund
        self.periods = membership_periods(agreement)
        # The fund's people (removed members too) and the administrators who act on it.
        self.people = {person.pk: person for person in get_user_model().objects.filter(
            Q(pk__in={period.user_id for period in self.periods}) | Q(is_superuser=True))
            .order_by("display_name", "username")}
        self.fields["person"].choices = [("", _("everyone"))] + [
            (pk, f"{person} ({person.get_username()})") for pk, person in self.people.items()]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The From date (%(start)s) is after the To date (%(end)s): nothing can be "
                  "between them."), params={"start": start.isoformat(), "end": end.isoformat()})
        return data

    def scope(self) -> Scope:
        """What the valid form selects (call after is_valid())."""
        data = self.cleaned_data

        def midnight(day):
            return timezone.make_aware(datetime.combine(day, time.min))

        kinds = frozenset({data["kind"]} if data.get("kind") else TrailKind.values)
        return Scope(agreement=self.agreement, fund=self.fund, kinds=kinds,
                     periods=self.periods,
                     names={person.get_username(): str(person)
                            for person in self.people.values()},
                     users={pk: str(person) for pk, person in self.people.items()},
                     person=self.people.get(data.get("person")),
                     since=midnight(data["date_from"]) if data.get("date_from") else None,
                     until=(midnight(data["date_to"] + timedelta(days=1))
                            if data.get("date_to") else None))
