"""``?search=`` on every list: accent- and case-insensitive like the petitions' search, so
"nguyen" finds "Nguyễn" whatever list it is typed into."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
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
