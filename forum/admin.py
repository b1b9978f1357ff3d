"""Countries: made from ISO 3166-1 when first named (forum.countries); an administrator keeps
their names and whether each is a developing Member State, which decides who may receive a
travel grant. Changes are kept in the admin's own log."""

from django.contrib import admin

from forum.models import Country


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "developing"]
    list_editable = ["developing"]
    list_filter = ["developing"]
    search_fields = ["code", "name"]
    ordering = ["name"]

    def has_add_permission(self, request) -> bool:
        # A country is made from ISO 3166-1 the first time it is named, never typed in.
        return False

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return ["code"]
