from decimal import Decimal

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budget.amounts import format_amount
from budget.commitments import open_commitment_balances
from budget.ledger_listing import LEDGER_DATES, SEARCH_MAX, SEARCH_MIN, check_search
from budget.models import Disposition, Entry, LineBalance

DATE = forms.DateInput(attrs={"type": "date"})


def amount_field() -> forms.DecimalField:
    return forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2,
                              min_value=Decimal("0.01"))


class LedgerFilterForm(forms.Form):
    date_from = forms.DateField(label=pgettext_lazy("date range", "From"), required=False,
                                widget=DATE, validators=LEDGER_DATES)
    date_to = forms.DateField(label=pgettext_lazy("date range", "To"), required=False,
                              widget=DATE, validators=LEDGER_DATES)
    line = forms.ChoiceField(label=_("Line"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("all kinds")), *Entry.Kind.choices])
    # Three letters at least: shorter text has no trigram to look up and would read the
    # whole ledger.
    search = forms.CharField(label=_("Payee, reference or description"), required=False,
                             min_length=SEARCH_MIN, max_length=SEARCH_MAX, strip=True,
                             validators=[check_search])

    def __init__(self, *args, fund, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        codes = LineBalance.objects.filter(fund=fund).order_by("code").values_list("code",
                                                                                    flat=True)
        self.fields["line"].choices = [("", _("all lines"))] + [(c, c) for c in codes]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The From date (%(start)s) is after the To date (%(end)s): no entry can be "
                  "dated between them."), params={"start": start.isoformat(),
                                                  "end": end.isoformat()})
        return data

    @property
    def has_filter(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)

    def filter(self, entries):
        data = self.cleaned_data
        return entries.matching(date_from=data.get("date_from"), date_to=data.get("date_to"),
                                line=data.get("line", ""), kind=data.get("kind", ""),
                                search=data.get("search", ""))


class ReceiptForm(forms.Form):
    """A contribution or other income."""

    value_date = forms.DateField(label=_("Date received"), widget=DATE)
    amount = amount_field()
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    reference = forms.CharField(label=_("Bank reference"), max_length=120, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class SpendingForm(forms.Form):
    """A commitment or an expenditure on a programme line."""

    line = forms.ChoiceField(label=_("Budget line"))
    value_date = forms.DateField(label=_("Value date"), widget=DATE)
    amount = amount_field()
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    cost_element = forms.ChoiceField(
        label=_("Cost element"), required=False,
        choices=[("", _("the line's default")), *Entry.CostElement.choices],
        # xgettext:no-python-format
        help_text=_("Only a salary or fee bears the 1% reserve (Art. 2.3)."))
    payee = forms.CharField(label=_("Payee"), max_length=200, required=False)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def __init__(self, *args, fund, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fund = fund
        codes = (LineBalance.objects.filter(fund=fund, is_programme_support=False)
                 .order_by("code").values_list("code", flat=True))
        self.fields["line"].choices = [(c, c) for c in codes]


class ExpenditureForm(SpendingForm):
    commitment = forms.TypedChoiceField(label=_("Liquidates commitment"), required=False,
                                        coerce=int, empty_value=None)
    orderly_conclusion = forms.CharField(
        label=_("Orderly conclusion (Art. 9): reason"), max_length=300, required=False,
        help_text=_("Only after expiry or termination, for a cost of winding up that no "
                    "earlier commitment covers."))

    def __init__(self, *args, fund, **kwargs) -> None:
        super().__init__(*args, fund=fund, **kwargs)
        open_ones = open_commitment_balances(fund)
        self.fields["commitment"].choices = [("", _("none"))] + [
            (b.commitment.sequence,
             f"#{b.commitment.sequence} {b.commitment.line_code} {b.commitment.payee} "
             + _("(%(open)s open)") % {"open": format_amount(b.open_amount)})
            for b in open_ones]


class CancellationForm(forms.Form):
    value_date = forms.DateField(label=_("Value date"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount to release (empty: all that is open)"),
                                max_digits=14, decimal_places=2, min_value=Decimal("0.01"),
                                required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReversalForm(forms.Form):
    value_date = forms.DateField(label=_("Value date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class RevisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    letter = forms.ModelChoiceField(label=_("Reference letter"), queryset=None)
    amendment = forms.ModelChoiceField(
        label=_("Amendment or exchange of letters cited (only if the programme total "
                "changes)"), queryset=None, required=False)
    effective_on = forms.DateField(
        label=_("Takes effect on"), required=False, widget=DATE,
        help_text=_("Empty: the date the letter was received. Postings dated from this day "
                    "are checked against the new amounts."))

    def __init__(self, *args, fund, version, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only what counts may be cited: letters and amendments received and in effect.
        documents = fund.agreement.notices.authority_documents().select_related(
            "sender", "recipient")
        self.fields["letter"].queryset = documents
        self.fields["amendment"].queryset = documents
        self.line_fields = []
        for line in version.lines.filter(is_programme_support=False):
            name = f"line_{line.code}"
            self.fields[name] = forms.DecimalField(
                label=f"{line.code} {line.title_here}", max_digits=14, decimal_places=2,
                min_value=Decimal("0"), initial=line.amount)
            self.line_fields.append(name)

    def new_amounts(self) -> dict[str, Decimal]:
        return {name.removeprefix("line_"): self.cleaned_data[name] for name in self.line_fields}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note (needed to reject)"), required=False, max_length=500)


class DispositionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Disposition"), choices=Disposition.Kind.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    letter = forms.ModelChoiceField(label=_("Letter recording the consultation"),
                                    queryset=None)
    destination = forms.CharField(label=_("Destination (when moved)"), max_length=300,
                                  required=False)

    def __init__(self, *args, fund, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letter"].queryset = fund.agreement.notices.authority_documents()


class AssetForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    tag = forms.CharField(label=_("Inventory tag or serial number"), max_length=100,
                          required=False)
    cost = amount_field()
    acquired_on = forms.DateField(label=_("Acquired on"), widget=DATE)
    expenditure = forms.TypedChoiceField(label=_("Paid by entry #"), required=False,
                                         coerce=int, empty_value=None)

    def __init__(self, *args, fund, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        spent = Entry.objects.filter(fund=fund, kind="expenditure", amount__gt=0).order_by(
            "sequence")
        self.fields["expenditure"].choices = [("", _("none"))] + [
            (e.sequence, f"#{e.sequence} {e.line_code} {e.payee} {format_amount(e.amount)}")
            for e in spent]


class TransferForm(forms.Form):
    transferred_on = forms.DateField(label=_("Transferred on"), widget=DATE)
    letter = forms.ModelChoiceField(label=_("Transfer letter"), queryset=None)

    def __init__(self, *args, fund, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letter"].queryset = fund.agreement.notices.authority_documents()


class LedgerFileForm(forms.Form):
    """A ledger CSV to import (docs/ledger-rules.md#imports for its columns)."""

    file = forms.FileField(label=_("Ledger file (CSV)"),
                           validators=[FileExtensionValidator(["csv"])])


class RateForm(forms.Form):
    """A UN operational rate of exchange, as the UN Treasury publishes it."""

    currency = forms.CharField(label=_("Currency"), max_length=3,
                               help_text=_("ISO 4217 code, e.g. KZT."))
    valid_from = forms.DateField(label=_("Applies from"), widget=DATE, validators=LEDGER_DATES)
    units_per_usd = forms.DecimalField(label=_("Units per US dollar"), max_digits=18,
                                       decimal_places=6)


class RateFileForm(forms.Form):
    rates_file = forms.FileField(label=_("Rates file (CSV: currency, valid_from, "
                                         "units_per_usd)"),
                                 validators=[FileExtensionValidator(["csv"])])


class InstalmentForm(forms.Form):
    """One instalment of a payment schedule; a row left empty is no instalment."""

    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)
    amount = forms.DecimalField(label=_("Amount (USD)"), max_digits=14, decimal_places=2,
                                min_value=Decimal("0.01"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("due_on")) != bool(data.get("amount")):
            raise forms.ValidationError(_("An instalment needs both its day and its amount."))
        return data


# Rows for a schedule: the ones recorded and a few empty ones; a fund with more instalments
# than this would record them in two steps of a longer schedule (never seen in practice).
InstalmentFormSet = forms.formset_factory(InstalmentForm, extra=4, max_num=24,
                                          validate_max=True, absolute_max=24)


class ScheduleReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (e.g. the letter agreeing the schedule)"),
                             max_length=300)
