from rest_framework import pagination, serializers


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
