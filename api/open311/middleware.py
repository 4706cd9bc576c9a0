"""The edge of Open311 (``/open311/`` in a unit): a body over Django's upload limits or one that
cannot be parsed, refused in GeoReport v2's error format instead of a page's 400 that an Open311
client cannot read. Placed after the language is chosen and before
``web.middleware.InputHygieneMiddleware``, which reads the form; that middleware's own refusals
(NUL bytes in the address) reach Open311 clients through ``refusal`` below (``INPUT_REFUSALS``).
"""

from __future__ import annotations

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from . import render

PREFIX = "/open311/"


def _format(path: str) -> str:
    return "json" if path.endswith(".json") else "xml"


def refusal(request: HttpRequest, message: str) -> HttpResponse:
    """``web.middleware.InputHygieneMiddleware``'s 400, in GeoReport's error list."""
    return render.errors(_format(request.path_info), 400, message)


class Open311EdgeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if not path.startswith(PREFIX):
            return self.get_response(request)
        fmt = _format(path)
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parsed here so its limits are answered in GeoReport's format
            except (SuspiciousOperation, BadRequest):  # too large, too many fields or files
                return render.errors(fmt, 400, _("The request is too large."))
            except MultiPartParserError:
                return render.errors(fmt, 400, _("The request's body cannot be read."))
        return self.get_response(request)
