"""Input hygiene at the edge, for every page and API call of the platform and of every unit.

A NUL byte in an address or a query string never means anything: PostgreSQL cannot even compare
it, so it used to end in a 500. It is refused with 400. Control characters in what people type
(a form feed pasted out of a PDF) are removed from query strings and submitted forms before any
view sees them (``core.common.text.strip_controls``); JSON bodies are cleaned by ``api.parsers``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core.common.text import strip_controls

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _cleaned(data: QueryDict) -> QueryDict:
    """``data`` without control characters (the same object when it has none)."""
    pairs = [(key, value) for key, values in data.lists() for value in values]
    clean = [(strip_controls(key), strip_controls(value)) for key, value in pairs]
    if clean == pairs:
        return data
    return QueryDict(urlencode(clean), encoding=data.encoding)


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


def api_refusal(request: HttpRequest, message: str) -> HttpResponse:
    """The API's error body, as its schema declares for 400."""
    return JsonResponse({"detail": message}, status=400, json_dumps_params={"ensure_ascii": False})


def _refusal(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 in the format the caller reads: each machine interface names its own refusal in
    ``INPUT_REFUSALS`` (path prefix → dotted callable), pages get plain text. The unit's prefix is
    already in the script prefix (tenants.middleware), so prefixes are those within a unit."""
    for prefix, refusal in settings.INPUT_REFUSALS.items():
        if request.path_info.startswith(prefix):
            return import_string(refusal)(request, message)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class InputHygieneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if strip_controls(request.path) != request.path or _has_nul(request.GET):
            return _refusal(request, _("The address contains characters that are not allowed. Check it and try again."))
        # django-stubs type both as an immutable QueryDict of their own; the copies are immutable too.
        request.GET = _cleaned(request.GET)  # type: ignore[assignment]
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            request.POST = _cleaned(request.POST)  # type: ignore[assignment]
        return self.get_response(request)
