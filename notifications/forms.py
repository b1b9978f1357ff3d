from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.preferences import DIGEST, EVENTS, IMMEDIATE, MODES, OFF, mode_for

# Reminders come once a day whatever the choice: on, or off.
REMINDER_MODES = [(IMMEDIATE, _("every day something falls due")), (OFF, _("not at all"))]


class PreferencesForm(forms.Form):
    """One choice per event: at once, in the daily digest, or not at all."""

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for event, label in EVENTS.items():
            choices = REMINDER_MODES if event == "reminders" else list(MODES.items())
            current = mode_for(user, event)
            if event == "reminders" and current == DIGEST:
                current = IMMEDIATE
            self.fields[event] = forms.ChoiceField(label=label, choices=choices,
                                                   initial=current)
