"""The edge of Open311 (``/open311/`` in a unit): what the platform's input hygiene refuses as a
page, refused here in GeoReport v2's error format instead.

A NUL byte in the address or the query string, a body over Django's upload limits or one that
cannot be parsed would
otherwise answer an HTML or plain-text 400 that an Open311 client cannot read. Placed after the
language is chosen and before ``web.middleware.InputHygieneMiddleware``, which reads the form.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from core.common.text import strip_controls

from . import render

PREFIX = "/open311/"


def _format(path: str) -> str:
    return "json" if path.endswith(".json") else "xml"


class Open311EdgeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if not path.startswith(PREFIX):
            return self.get_response(request)
        fmt = _format(path)
        query = request.GET
        if strip_controls(request.path) != request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
        ):
            return render.errors(fmt, 400, _("The address contains characters that are not allowed."))
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parsed here so its limits are answered in GeoReport's format
            except (SuspiciousOperation, BadRequest):  # too large, too many fields or files
                return render.errors(fmt, 400, _("The request is too large."))
            except MultiPartParserError:
                return render.errors(fmt, 400, _("The request's body cannot be read."))
        return self.get_response(request)
