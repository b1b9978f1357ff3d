"""Pagination that refuses a malformed page parameter with 400 instead of ignoring it."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, LimitOffsetPagination


def _check_int(request, name: str, minimum: int) -> None:
    value = request.query_params.get(name)
    if value is None:
        return
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({name: [f"{name} must be a whole number."]}) from None
    if number < minimum:
        raise ValidationError({name: [f"{name} must be at least {minimum}."]})


def _with_minimum(parameters: list[dict], minimums: dict[str, int]) -> list[dict]:
    for parameter in parameters:
        if parameter["name"] in minimums:
            parameter["schema"]["minimum"] = minimums[parameter["name"]]
    return parameters


class StrictLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 1000

    def get_schema_operation_parameters(self, view):
        return _with_minimum(super().get_schema_operation_parameters(view),
                             {self.limit_query_param: 1, self.offset_query_param: 0})

    def paginate_queryset(self, queryset, request, view=None):
        _check_int(request, self.limit_query_param, 1)
        _check_int(request, self.offset_query_param, 0)
        return super().paginate_queryset(queryset, request, view)


class SequencePagination(CursorPagination):
    """Entries in the ledger's sequence: the commit order, so a client never skips one."""

    ordering = "sequence"
    page_size = 100
    max_page_size = 1000
    page_size_query_param = "page_size"

    def get_schema_operation_parameters(self, view):
        return _with_minimum(super().get_schema_operation_parameters(view),
                             {self.page_size_query_param: 1})

    def paginate_queryset(self, queryset, request, view=None):
        _check_int(request, self.page_size_query_param, 1)
        return super().paginate_queryset(queryset, request, view)
