from functools import cached_property, partial

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from rest_framework import pagination, serializers

from core.petitions.selectors import COUNT_CAP, capped_count


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers, but what the schema forbids is refused rather than ignored: ``page_size=abc``
    or ``page_size=0`` used to fall back silently to the default (issue 11, the contract). An empty
    value is no value, as for every optional query parameter (``api.schema.error_responses``)."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        errors = {}
        for name in (self.page_query_param, self.page_size_query_param):
            values = [value for value in request.query_params.getlist(name) if value != ""]
            if not values or (name == self.page_query_param and values == ["last"]):
                continue
            # DRF's own field, so the messages are its translated ones.
            field = serializers.IntegerField(min_value=1)
            try:
                if len(values) > 1:
                    raise serializers.ValidationError(field.error_messages["invalid"])
                field.run_validation(values[0])
            except serializers.ValidationError as error:
                errors[name] = error.detail
        if errors:
            raise serializers.ValidationError(errors)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters


class CappedPaginator(Paginator):
    """Django's paginator with a count that stops at ``cap + 1`` (``SELECT COUNT(*) FROM (… LIMIT
    cap + 1)``): a broad filter or search in a unit of 100,000 rows is not counted row by row. Past
    the cap, the pages go on while rows come (each fetches one row more to know whether another
    follows) and ``count`` reads ``cap + 1``."""

    def __init__(self, *args, cap: int, exact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap, self.exact = cap, exact

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if self.exact or not isinstance(rows, QuerySet):
            return super().count
        return capped_count(rows, cap=self.cap)

    @property
    def capped(self) -> bool:
        return not self.exact and self.count > self.cap

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class CappedPageNumberPagination(PageNumberPagination):
    """Page numbers with a capped count (``count_cap``): ``count`` is exact up to 1,000; beyond,
    it reads 1,001 and ``count_capped`` is true, and ``next`` leads on until the last row.
    ``?page=last`` counts exactly (it must know where the end is)."""

    count_cap = COUNT_CAP  # the same cap as the petitions' list page

    def paginate_queryset(self, queryset, request, view=None):
        # The stubs type the attribute as a class; DRF only calls it with (queryset, page size).
        self.django_paginator_class = partial(  # type: ignore[assignment]
            CappedPaginator, cap=self.count_cap, exact=request.query_params.get(self.page_query_param) == "last"
        )
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        paginator = getattr(self.page, "paginator", None)
        response.data["count_capped"] = isinstance(paginator, CappedPaginator) and paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"Exact up to {self.count_cap:,}; {self.count_cap + 1:,} when there are more (count_capped)."
        )
        response["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"True when more than {self.count_cap:,} results match; count then reads one more.",
        }
        return response
