"""Funds and budgets come from the fund definition and, later, from revisions; the admin
shows them read-only with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budget.models import BudgetLine, BudgetVersion, Fund


@admin.register(Fund)
class FundAdmin(SimpleHistoryAdmin):
    list_display = ["project_number", "title", "amount", "psc_rate", "reserve_rate"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["code", "title", "amount", "default_cost_element", "is_programme_support"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BudgetVersion)
class BudgetVersionAdmin(admin.ModelAdmin):
    list_display = ["fund", "number", "effective_on"]
    inlines = [BudgetLineInline]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
