"""Turns service errors into 4xx responses with a translated message, never a 500."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.common.errors import ApplicationError


def exception_handler(exc, context) -> Response | None:
    if isinstance(exc, ApplicationError):
        body = {"detail": exc.message, **exc.extra}
        return Response(body, status=exc.status_code)
    if isinstance(exc, ObjectDoesNotExist | Http404):
        # A lookup that found nothing in this unit's schema is a 404, never a 500; Django's own
        # Http404 texts ("No Petition matches the given query.") are English whatever the language.
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        response.data = {"detail": response.data.get("detail")}
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 for an address no URL pattern matches (``/api/v1/petitions/abc/``): under the API
    it is the API's error body, as the schema declares, rather than an English HTML page."""
    # The unit's prefix is in the script prefix (tenants.middleware), so path_info starts at /api/.
    if request.path_info.startswith("/api/"):
        detail = str(exceptions.NotFound.default_detail)
        return JsonResponse({"detail": detail}, status=404, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)
