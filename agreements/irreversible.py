"""Acts that cannot be undone say so before they happen (docs/lifecycle.md#irreversible-acts):
asked for without `confirmed=True`, such an act is refused with the consequence to confirm,
and writes nothing. Pages show the consequence and ask for a second, explicit step."""

from django.core.exceptions import ValidationError


class ConfirmationRequired(ValidationError):
    """An irreversible act asked for without its confirmation; the message says what it
    would do."""

    def __init__(self, consequence: str) -> None:
        super().__init__(consequence, code="confirmation_required")
        self.consequence = consequence


def require_confirmation(confirmed: bool, consequence: str) -> None:
    if not confirmed:
        raise ConfirmationRequired(consequence)
