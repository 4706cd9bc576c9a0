"""``?search=`` on every list: accent- and case-insensitive like the petitions' search, so
"nguyen" finds "Nguyễn" whatever list it is typed into."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.widgets import BooleanWidget
from rest_framework import filters, serializers

from core.common.text import nfc


class SearchFilter(filters.SearchFilter):
    """DRF's search (each word must match one of the view's ``search_fields``), through
    PostgreSQL's unaccent. Lists filtered by a selector take ``search`` in their query serializer."""

    default_lookup = "unaccent__icontains"

    def get_search_terms(self, request) -> list[str]:
        # Stored text is NFC; a query typed with combining accents must match it too.
        return [nfc(term) for term in super().get_search_terms(request)]


class SearchQuerySerializer(serializers.Serializer):
    """The search parameter of lists whose selector searches (accent-insensitive) by itself.
    ``q`` is the pages' name for it, kept for clients that used it."""

    search = serializers.CharField(required=False, default="", max_length=200, help_text=_("A search term."))
    q = serializers.CharField(required=False, default="", max_length=200, help_text=_("Same as search."))

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        search, q = attrs.pop("search", ""), attrs.pop("q", "")
        attrs["query"] = nfc(search or q)
        return attrs


class _StrictBooleanWidget(BooleanWidget):
    """django-filter's boolean widget reads anything it does not know (``?is_active=abc``) as "no
    filter"; this one hands it on, for the field to refuse."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        raw = data.get(name)
        return raw if value is None and raw not in (None, "") else value


class _StrictNullBooleanField(forms.NullBooleanField):
    # DRF's own message, so it is translated like the API's other field errors.
    default_error_messages = {"invalid": serializers.BooleanField.default_error_messages["invalid"]}

    def to_python(self, value):
        if value in (None, "", True, False):
            return None if value == "" else value
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class FilterBackend(DjangoFilterBackend):
    """django-filter, refusing (400) a boolean filter's value that is neither true nor false, as the
    schema declares the parameter boolean (issue 11, the contract)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        for filter_ in filterset.filters.values() if filterset is not None else ():
            if isinstance(filter_, BooleanFilter):
                filter_.field_class = _StrictNullBooleanField
                filter_.extra["widget"] = _StrictBooleanWidget
                filter_.__dict__.pop("_field", None)
        return filterset
