"""The API's body parsers: DRF's, with the control characters of what people type removed
(``core.common.text.strip_controls``), as ``web.middleware.InputHygieneMiddleware`` does for
forms. A JSON ``"\\u0000"`` or ``"\\f"`` in a summary is cleaned here instead of reaching the
database or a letter."""

from __future__ import annotations

from django.http import QueryDict
from rest_framework import parsers

from core.common.text import strip_controls


def _clean_querydict(data: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        clean.setlist(strip_controls(key), [strip_controls(value) for value in values])
    return clean


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return strip_controls(super().parse(stream, media_type, parser_context))


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _clean_querydict(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        return parsers.DataAndFiles(_clean_querydict(result.data), result.files)
