"""Funds and budgets come from the fund definition and, later, from revisions; the admin
shows them read-only with their history."""

from django.contrib import admin

from agreements.admin import ReadOnlyAdmin, ReadOnlyMixin
from budget.models import BudgetLine, BudgetVersion, Entry, Fund


@admin.register(Fund)
class FundAdmin(ReadOnlyAdmin):
    list_display = ["project_number", "title", "amount", "psc_rate", "reserve_rate"]


class BudgetLineInline(ReadOnlyMixin, admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["code", "title", "amount", "default_cost_element", "is_programme_support"]


@admin.register(BudgetVersion)
class BudgetVersionAdmin(ReadOnlyAdmin):
    list_display = ["fund", "number", "effective_on"]
    inlines = [BudgetLineInline]


@admin.register(Entry)
class EntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Ledger entries are shown, never changed: corrections are reversals, posted in the
    portal's ledger pages."""

    list_display = ["fund", "sequence", "value_date", "kind", "line_code", "amount", "payee",
                    "reference"]
    list_filter = ["fund", "kind", "line_code"]
    search_fields = ["reference", "payee", "description"]
